package io.windhover.buffers;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/** {@link PipeWriter#asOutputStream()}: copies into the pipe's blocks; flush is the pipe's flush. */
final class PipeOutputStream extends OutputStream {

    private final PipeWriter writer;
    private boolean closed;

    PipeOutputStream(PipeWriter writer) {
        this.writer = writer;
    }

    @Override
    public void write(int value) throws IOException {
        ensureOpen();
        try {
            writer.getMemory(1).put((byte) value);
        } catch (IllegalStateException e) {
            throw completedElsewhere(e);
        }
        writer.advance(1);
    }

    @Override
    public void write(byte[] source, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, source.length);
        ensureOpen();
        try {
            writer.write(source, offset, length);
        } catch (IllegalStateException e) {
            throw completedElsewhere(e);
        }
    }

    /**
     * Through this stream the writer's state errors have one cause: the writer was completed by
     * its owner elsewhere (the connection ended while another thread still wrote to it). To the
     * stream's user that is a closed connection, an I/O error, not a bug of theirs.
     */
    private static IOException completedElsewhere(IllegalStateException e) {
        return new IOException("the pipe's writer has completed: " + e.getMessage(), e);
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        FlushResult result;
        try {
            result = writer.flush();
        } catch (PipeException e) {
            throw new IOException(e.getMessage(), e.getCause());
        }
        if (result.isCompleted()) {
            throw new IOException("the pipe's reader has completed");
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        writer.complete();
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }
}
