package io.windhover.transport;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.PipeException;
import io.windhover.buffers.ReadResult;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The protocol of the transport tests: every byte received is sent back. One virtual thread
 * accepts; each connection runs on a virtual thread of its own, as the server host will run them.
 */
final class EchoServer implements AutoCloseable {

    final List<ConnectionContext> connections = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<Void>> handlers = new CopyOnWriteArrayList<>();
    final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final ConnectionListener listener;
    private final Thread acceptor;

    EchoServer(ConnectionListener listener) {
        this.listener = listener;
        this.acceptor = Thread.ofVirtual().name("acceptor").start(this::acceptLoop);
    }

    private void acceptLoop() {
        try {
            ConnectionContext connection;
            while ((connection = listener.accept()) != null) {
                ConnectionContext accepted = connection;
                connections.add(accepted);
                var done = new CompletableFuture<Void>();
                handlers.add(done);
                Thread.ofVirtual().start(() -> {
                    try {
                        echo(accepted);
                    } finally {
                        done.complete(null);
                    }
                });
            }
        } catch (Exception e) {
            failures.add(e);
        }
    }

    private void echo(ConnectionContext connection) {
        ByteBuffer[] chunks = new ByteBuffer[64];
        try {
            while (true) {
                ReadResult result = connection.input().read();
                BufferSequence buffer = result.buffer();
                int count = buffer.toByteBuffers(chunks, 0);
                long copied = 0;
                for (int i = 0; i < count; i++) {
                    copied += chunks[i].remaining();
                    connection.output().write(chunks[i]);
                }
                connection.input().advanceTo(buffer.start() + copied);
                if (copied > 0 && connection.output().flush().isCompleted()) {
                    return;
                }
                if (result.isCompleted() && copied == buffer.length()) {
                    return;
                }
            }
        } catch (PipeException e) {
            // The peer reset or the connection was aborted: the expected end of some tests.
        } catch (RuntimeException e) {
            failures.add(e);
        } finally {
            connection.input().complete();
            connection.output().complete();
        }
    }

    /** Waits for every connection's handler to end. */
    void awaitHandlers() throws Exception {
        CompletableFuture.allOf(handlers.toArray(CompletableFuture[]::new)).get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        listener.close();
        acceptor.join();
    }
}
