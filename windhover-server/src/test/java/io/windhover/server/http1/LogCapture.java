package io.windhover.server.http1;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The lines slf4j-simple, the tests' binding, writes to standard error while it is open, copied
 * as they pass. slf4j-simple looks {@code System.err} up at every line (unless configured to cache
 * it), so swapping the stream is all it takes. Tests in this module run one at a time.
 */
final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    LogCapture() {
        System.setErr(new PrintStream(new OutputStream() {
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
        }, true, StandardCharsets.UTF_8));
    }

    /** The lines logged so far by the logger named {@code logger}, at any level. */
    List<String> linesOf(String logger) {
        return captured.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains(" " + logger + " - ")).toList();
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
