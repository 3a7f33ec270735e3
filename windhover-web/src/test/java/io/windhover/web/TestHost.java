package io.windhover.web;

import io.windhover.buffers.DiagnosticMemoryPool;
import io.windhover.buffers.ReadResult;
import io.windhover.transport.EndPoint;
import io.windhover.transport.memory.InMemoryConnection;
import io.windhover.transport.memory.InMemoryTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link WebApplication} for a test on one of two transports — real loopback sockets, or
 * the in-memory transport on the diagnostic pool (fast, and a leaked block fails the test at
 * close) — and sends raw requests to it, reading until the server closes.
 */
public abstract class TestHost implements AutoCloseable {

    /** Which transport. */
    public enum Kind { SOCKET, IN_MEMORY }

    protected final WebApplication app;

    private TestHost(WebApplication app) {
        this.app = app;
    }

    /** Starts {@code app} (configured, not started) on {@code kind}. */
    public static TestHost start(Kind kind, WebApplication app) throws IOException {
        TestHost host = kind == Kind.SOCKET ? new SocketHost(app) : new InMemoryHost(app);
        app.start();
        return host;
    }

    /** Sends {@code request} as it is and returns every byte the server sent until it closed. */
    public abstract byte[] exchange(byte[] request) throws Exception;

    @Override
    public void close() throws Exception {
        app.close();
    }

    private static final class SocketHost extends TestHost {
        SocketHost(WebApplication app) {
            super(app);
            app.urls("http://127.0.0.1:0");
        }

        @Override
        public byte[] exchange(byte[] request) throws IOException {
            String url = app.listeningUrls().getFirst();
            try (var socket = new Socket("127.0.0.1", Integer.parseInt(url.substring(url.lastIndexOf(':') + 1)))) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(request);
                return socket.getInputStream().readAllBytes();
            }
        }
    }

    private static final class InMemoryHost extends TestHost {
        private static final EndPoint END_POINT = EndPoint.loopback(80);
        private final DiagnosticMemoryPool pool = new DiagnosticMemoryPool();
        private final InMemoryTransport transport = new InMemoryTransport(pool);

        InMemoryHost(WebApplication app) {
            super(app);
            app.urls("http://127.0.0.1:80");
            app.server(server -> server.transport(transport));
        }

        @Override
        public byte[] exchange(byte[] request) throws Exception {
            InMemoryConnection client = transport.connect(END_POINT);
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
            }).get(10, TimeUnit.SECONDS);
            client.input().complete();
            client.output().complete();
            return received.toByteArray();
        }

        @Override
        public void close() throws Exception {
            super.close();
            pool.close(); // fails the test if a request left a block rented
        }
    }
}
