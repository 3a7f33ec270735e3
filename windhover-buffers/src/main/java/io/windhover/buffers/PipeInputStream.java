package io.windhover.buffers;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * {@link PipeReader#asInputStream()}: a blocking stream that copies out of the pipe's blocks. A
 * cancelled read is an {@link InterruptedIOException}, or with {@code ignoreCancels} no event at all
 * ({@link PipeReader#asInputStreamIgnoringCancels()}).
 */
final class PipeInputStream extends InputStream {

    private final PipeReader reader;
    private final boolean ignoreCancels;
    private boolean closed;

    PipeInputStream(PipeReader reader, boolean ignoreCancels) {
        this.reader = reader;
        this.ignoreCancels = ignoreCancels;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, target.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        if (length == 0) {
            return 0;
        }
        while (true) {
            ReadResult result = readPipe();
            BufferSequence buffer = result.buffer();
            if (!buffer.isEmpty()) {
                int count = (int) Math.min(length, buffer.length());
                buffer.copyTo(buffer.start(), target, offset, count);
                // Examined only what was copied, so the rest is returned at once by the next read.
                reader.advanceTo(buffer.start() + count);
                return count;
            }
            reader.advanceTo(buffer.start(), buffer.end());
            if (result.isCompleted()) {
                return -1;
            }
            if (result.isCanceled() && !ignoreCancels) {
                throw new InterruptedIOException("read canceled");
            }
        }
    }

    private ReadResult readPipe() throws IOException {
        try {
            return reader.read();
        } catch (PipeException e) {
            throw new IOException(e.getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            reader.complete();
        }
    }
}
