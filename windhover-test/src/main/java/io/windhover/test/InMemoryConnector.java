package io.windhover.test;

import io.windhover.buffers.DiagnosticMemoryPool;
import io.windhover.buffers.ReadResult;
import io.windhover.transport.EndPoint;
import io.windhover.transport.memory.InMemoryConnection;
import io.windhover.transport.memory.InMemoryTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-memory transport: the server's own HTTP/1.1 engine over a pair of pipes, no socket. Its
 * memory pool is the diagnostic one, so a block the application or the server leaves rented fails
 * the test when the host closes.
 */
final class InMemoryConnector implements Connector {

    /** What the application is told it listens on. */
    static final EndPoint END_POINT = EndPoint.loopback(80);
    /** 49152: the first port of IANA's dynamic range, where operating systems pick a client's. */
    private static final int FIRST_CLIENT_PORT = 49_152;

    private final DiagnosticMemoryPool pool = new DiagnosticMemoryPool();
    private final InMemoryTransport transport = new InMemoryTransport(pool);
    private final AtomicInteger clientPorts = new AtomicInteger(FIRST_CLIENT_PORT);
    private final Duration timeout;

    InMemoryConnector(Duration timeout) {
        this.timeout = timeout;
    }

    InMemoryTransport transport() {
        return transport;
    }

    @Override
    public byte[] exchange(byte[] request) throws Exception {
        // Each connection from 127.0.0.1 at a port of its own, as a socket's client would be.
        var from = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), clientPorts.getAndIncrement());
        InMemoryConnection client = transport.connect(END_POINT, from);
        try {
            client.output().write(request);
            client.output().flush();
            var received = new ByteArrayOutputStream();
            CompletableFuture.runAsync(() -> {
                while (true) {
                    ReadResult result = client.input().read();
                    received.writeBytes(result.buffer().toArray());
                    client.input().advanceTo(result.buffer().end());
                    if (result.isCompleted()) {
                        return;
                    }
                }
            }, Thread::startVirtualThread).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return received.toByteArray();
        } catch (TimeoutException slow) {
            throw new IOException("no complete response within " + timeout + " (the application did not answer, or kept the connection)");
        } catch (ExecutionException failed) {
            throw new IOException("the server ended the connection: " + failed.getCause(), failed.getCause());
        } finally {
            client.input().complete();
            client.output().complete();
        }
    }

    @Override
    public void close() {
        pool.close(); // fails if a request left a block rented
    }
}
