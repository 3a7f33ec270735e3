package io.windhover.server.http1;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.PipeException;
import io.windhover.buffers.PipeReader;
import io.windhover.buffers.ReadResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The input of a connection after {@code 101 Switching Protocols}. The engine cancels a pending
 * read of its connection to wake it — for a timeout, or when the host asks connections to close
 * (a graceful shutdown) — but once switched the connection belongs to the other protocol, which
 * keeps its own timeouts and closes in its own way (a WebSocket sends Close 1001): a cancelled read
 * here is no event, and it reads again. The connection's end, or its abort, still ends a read.
 *
 * <p>Not thread-safe: used by the upgraded protocol's reading thread.
 */
final class UpgradedInputStream extends InputStream {

    private final PipeReader reader;
    private boolean closed;

    UpgradedInputStream(PipeReader reader) {
        this.reader = reader;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        if (length == 0) {
            return 0;
        }
        while (true) {
            ReadResult result;
            try {
                result = reader.read();
            } catch (PipeException e) {
                throw new IOException(e.getMessage(), e.getCause());
            }
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
            // Canceled: not this protocol's event (see above); read again.
        }
    }

    @Override
    public int available() {
        return 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            reader.complete();
        }
    }
}
