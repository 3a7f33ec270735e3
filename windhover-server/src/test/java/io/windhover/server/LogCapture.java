package io.windhover.server;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the loggers print while it is open. slf4j-simple, the tests' binding, writes each line to
 * whatever {@code System.err} is at that moment, so swapping it is enough; the lines still reach
 * the real stream too. Tests in a module run one at a time, so one capture at a time is all there is.
 */
public final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    public LogCapture() {
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                captured.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                captured.write(bytes, offset, length);
            }
        };
        System.setErr(new PrintStream(both, true, StandardCharsets.UTF_8));
    }

    /** The lines printed so far that contain {@code text}. */
    public List<String> linesContaining(String text) {
        return captured.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains(text)).toList();
    }

    /** The lines logged so far by the logger named {@code logger}, at any level. */
    public List<String> linesOf(String logger) {
        return linesContaining(" " + logger + " - ");
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
