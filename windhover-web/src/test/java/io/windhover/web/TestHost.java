package io.windhover.web;

import io.windhover.buffers.DiagnosticMemoryPool;
import io.windhover.buffers.ReadResult;
import io.windhover.transport.ConnectionAbortedException;
import io.windhover.transport.EndPoint;
import io.windhover.transport.memory.InMemoryConnection;
import io.windhover.transport.memory.InMemoryTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@link WebApplication} for a test on one of two transports — real loopback sockets, or
 * the in-memory transport on the diagnostic pool (fast, and a leaked block fails the test at
 * close) — and sends raw requests to it, reading until the server closes.
 *
 * <p>On both, the client comes from 127.0.0.1 at a port of its own per connection: the in-memory
 * client connects as if from there, so what depends on the client's address (trusted proxies,
 * limits per client) sees the same peer on either transport. An aborted connection is an
 * {@link IOException} from {@link #exchange} on both.
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
        TestHost host = kind == Kind.SOCKET ? new SocketHost(app) : new InMemoryHost(app, null);
        app.start();
        return host;
    }

    /**
     * Starts {@code app} in memory with every connection coming from {@code clientAddress}, for
     * the peers no socket has: a name without an IP address, say.
     */
    public static TestHost startInMemory(WebApplication app, SocketAddress clientAddress) throws IOException {
        TestHost host = new InMemoryHost(app, clientAddress);
        app.start();
        return host;
    }

    /**
     * Sends {@code request} as it is and returns every byte the server sent until it closed.
     *
     * @throws IOException if the server aborted the connection (a reset, for a socket)
     */
    public abstract byte[] exchange(byte[] request) throws Exception;

    /** The application this host runs. */
    public WebApplication app() {
        return app;
    }

    /** Sends {@code request} (UTF-8) and returns the response as text, up to the server's close. */
    public String send(String request) throws Exception {
        return new String(exchange(request.getBytes(java.nio.charset.StandardCharsets.UTF_8)), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Sends {@code request} (UTF-8) on a connection that stays open, for responses that stream:
     * read them as they come with {@link OpenConnection#readUntil}, and {@link OpenConnection#close()}
     * to go away as a client does.
     */
    public abstract OpenConnection open(String request) throws Exception;

    /**
     * A connection whose response is read while it streams. A pump thread collects what the server
     * sends; reads wait on it, bounded, never on time.
     */
    public abstract static class OpenConnection implements AutoCloseable {
        private static final long WAIT_SECONDS = 10;
        private final StringBuilder received = new StringBuilder();
        private int position;
        private boolean ended;

        /** Called by the pump with what arrived. */
        protected final synchronized void received(byte[] bytes) {
            received.append(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            notifyAll();
        }

        /** Called by the pump when the server closed (or aborted) the connection. */
        protected final synchronized void ended() {
            ended = true;
            notifyAll();
        }

        /**
         * What the server sent after the last read, up to and including {@code marker}, waiting (at
         * most 10 s) for it.
         *
         * @throws AssertionError if the marker did not come: the text received so far is its message
         */
        public synchronized String readUntil(String marker) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            int found;
            while ((found = received.indexOf(marker, position)) < 0) {
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new AssertionError((ended ? "connection closed" : "timed out") + " before '" + marker
                            + "'; received after the last read: " + received.substring(position));
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            String read = received.substring(position, found + marker.length());
            position = found + marker.length();
            return read;
        }

        /** Everything after the last read, once the server has closed the connection (waiting at most 10 s). */
        public synchronized String readToEnd() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (!ended) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the server did not close; received after the last read: " + received.substring(position));
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            String read = received.substring(position);
            position = received.length();
            return read;
        }

        /** Waits (at most 10 s) until the pump has ended, its pipes completed. */
        protected final synchronized void awaitEnded() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (!ended) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the client's pump did not end");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        /** Goes away, as a client that closes its connection does. */
        @Override
        public abstract void close() throws Exception;
    }

    /** A {@code POST} of {@code body} (UTF-8) as {@code contentType} with its Content-Length, on a connection that closes after it. */
    public String post(String target, String contentType, String body) throws Exception {
        int length = body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return send("POST " + target + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + length + "\r\n\r\n" + body);
    }

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

        @Override
        public OpenConnection open(String request) throws IOException {
            String url = app.listeningUrls().getFirst();
            var socket = new Socket("127.0.0.1", Integer.parseInt(url.substring(url.lastIndexOf(':') + 1)));
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            var connection = new OpenConnection() {
                @Override
                public void close() throws IOException {
                    socket.close();
                }
            };
            Thread.startVirtualThread(() -> {
                byte[] buffer = new byte[8192];
                try (var input = socket.getInputStream()) {
                    for (int read; (read = input.read(buffer)) >= 0; ) {
                        connection.received(java.util.Arrays.copyOf(buffer, read));
                    }
                } catch (IOException closed) {
                    // closed by the test, or reset by the server: the end either way
                } finally {
                    connection.ended();
                }
            });
            return connection;
        }
    }

    private static final class InMemoryHost extends TestHost {
        private static final EndPoint END_POINT = EndPoint.loopback(80);
        /** 127.0.0.1 with no host name, as a socket's peer is ({@code getLoopbackAddress()} is named "localhost"). */
        private static final InetAddress CLIENT = loopbackWithoutName();
        /** 49152: the first port of IANA's dynamic range, where operating systems pick a client's. */
        private static final int FIRST_CLIENT_PORT = 49_152;
        private final AtomicInteger clientPorts = new AtomicInteger(FIRST_CLIENT_PORT);
        private final DiagnosticMemoryPool pool = new DiagnosticMemoryPool();
        private final InMemoryTransport transport = new InMemoryTransport(pool);
        private final SocketAddress clientAddress;

        /** @param clientAddress every connection's client, or null for 127.0.0.1 at a port per connection */
        InMemoryHost(WebApplication app, SocketAddress clientAddress) {
            super(app);
            this.clientAddress = clientAddress;
            app.urls("http://127.0.0.1:80");
            app.server(server -> server.transport(transport));
        }

        @Override
        public byte[] exchange(byte[] request) throws Exception {
            SocketAddress from = clientAddress != null ? clientAddress
                    : new InetSocketAddress(CLIENT, clientPorts.getAndIncrement());
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
                }).get(10, TimeUnit.SECONDS);
                return received.toByteArray();
            } catch (ExecutionException failed) {
                throw abortOr(failed);
            } finally {
                client.input().complete();
                client.output().complete();
            }
        }

        @Override
        public OpenConnection open(String request) throws Exception {
            InMemoryConnection client = transport.connect(END_POINT, new InetSocketAddress(CLIENT, clientPorts.getAndIncrement()));
            client.output().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            client.output().flush();
            var closed = new java.util.concurrent.atomic.AtomicBoolean();
            var connection = new OpenConnection() {
                @Override
                public void close() throws InterruptedException {
                    closed.set(true);
                    client.input().cancelPendingRead(); // the pump completes the pipe on its own thread
                    // Before close returns, so the host's pool, checked for leaks when the test
                    // ends, never meets a block this client's pump is about to give back.
                    awaitEnded();
                }
            };
            Thread.startVirtualThread(() -> {
                try {
                    while (true) {
                        ReadResult result = client.input().read();
                        connection.received(result.buffer().toArray());
                        client.input().advanceTo(result.buffer().end());
                        if (result.isCompleted() || closed.get()) {
                            return;
                        }
                    }
                } catch (RuntimeException aborted) {
                    // the server aborted the connection: the end
                } finally {
                    client.input().complete();
                    client.output().complete();
                    connection.ended();
                }
            });
            return connection;
        }

        private static InetAddress loopbackWithoutName() {
            try {
                return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError("four bytes are an IPv4 address", e);
            }
        }

        /** The server's abort, as a socket's reset would be reported; anything else as it is. */
        private static Exception abortOr(ExecutionException failed) {
            for (Throwable cause = failed.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof ConnectionAbortedException aborted) {
                    return new IOException("the server aborted the connection", aborted);
                }
            }
            return failed;
        }

        @Override
        public void close() throws Exception {
            super.close();
            pool.close(); // fails the test if a request left a block rented
        }
    }
}
