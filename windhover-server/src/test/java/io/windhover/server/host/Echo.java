package io.windhover.server.host;

import io.windhover.server.Scheduling;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.FlushResult;
import io.windhover.buffers.PipeException;
import io.windhover.buffers.ReadResult;
import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionLifetime;
import java.nio.ByteBuffer;

/** The echo protocol in both scheduling styles, as pipelines for the host tests. */
final class Echo {

    private Echo() {
    }

    /**
     * Blocking echo for {@link Scheduling#VIRTUAL_THREAD}. When the host asks it to close, it ends
     * after the data in hand, like an HTTP/1.1 engine that finishes the request in flight.
     */
    static void blocking(ConnectionContext connection) {
        ConnectionLifetime lifetime = connection.features().get(ConnectionLifetime.class);
        lifetime.closeRequested().thenRun(() -> connection.input().cancelPendingRead());
        ByteBuffer[] chunks = new ByteBuffer[64];
        try {
            while (true) {
                ReadResult result = connection.input().read();
                BufferSequence buffer = result.buffer();
                long copied = copy(connection, buffer, chunks);
                connection.input().advanceTo(buffer.start() + copied);
                if (copied > 0 && connection.output().flush().isCompleted()) {
                    return;
                }
                if (result.isCompleted() || lifetime.isCloseRequested()) {
                    return;
                }
            }
        } catch (PipeException aborted) {
            // reset by the peer or aborted by the host
        }
    }

    /**
     * Non-blocking echo for {@link Scheduling#INLINE}: one step per callback, on the I/O loop.
     * Stops reading while the output is held, resumes when it drains.
     */
    static void inline(ConnectionContext connection) {
        var echo = new InlineEcho(connection);
        connection.features().get(ConnectionLifetime.class).closeRequested()
                .thenRun(() -> connection.input().cancelPendingRead());
        echo.step();
    }

    private static long copy(ConnectionContext connection, BufferSequence buffer, ByteBuffer[] chunks) {
        int count = buffer.toByteBuffers(chunks, 0);
        long copied = 0;
        for (int i = 0; i < count; i++) {
            copied += chunks[i].remaining();
            connection.output().write(chunks[i]);
            chunks[i] = null;
        }
        return copied;
    }

    private static final class InlineEcho {
        private final ConnectionContext connection;
        private final ByteBuffer[] chunks = new ByteBuffer[64];
        private final Runnable step = this::step;

        InlineEcho(ConnectionContext connection) {
            this.connection = connection;
        }

        void step() {
            try {
                while (true) {
                    ReadResult result = connection.input().tryRead();
                    if (result == null) {
                        if (connection.input().whenReadable(step)) {
                            return;
                        }
                        continue;
                    }
                    BufferSequence buffer = result.buffer();
                    long copied = copy(connection, buffer, chunks);
                    connection.input().advanceTo(buffer.start() + copied);
                    FlushResult flushed = connection.output().tryFlush();
                    boolean closeRequested = result.isCanceled()
                            && connection.features().get(ConnectionLifetime.class).isCloseRequested();
                    if (flushed.isCompleted() || closeRequested || (result.isCompleted() && copied == buffer.length())) {
                        finish();
                        return;
                    }
                    if (connection.output().whenWritable(step)) {
                        return; // the peer is slow to read: wait for the output to drain
                    }
                }
            } catch (PipeException aborted) {
                finish();
            }
        }

        private void finish() {
            connection.input().complete();
            connection.output().complete();
        }
    }
}
