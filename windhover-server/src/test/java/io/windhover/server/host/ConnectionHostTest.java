package io.windhover.server.host;

import io.windhover.server.Scheduling;
import io.windhover.server.ServerLimits;
import io.windhover.server.LogCapture;
import io.windhover.server.ListenAddress;
import io.windhover.server.TrustingClients;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.buffers.DiagnosticMemoryPool;
import io.windhover.buffers.PipeException;
import io.windhover.buffers.ReadResult;
import io.windhover.transport.ConnectionAbortedException;
import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionDelegate;
import io.windhover.transport.EndPoint;
import io.windhover.transport.nio.NioTransport;
import io.windhover.transport.nio.NioTransportOptions;
import io.windhover.tls.ServerCertificate;
import io.windhover.tls.TlsConnectionMiddleware;
import io.windhover.tls.TlsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The host over the NIO transport with real sockets; every test on the diagnostic pool. */
class ConnectionHostTest {

    private final DiagnosticMemoryPool pool = new DiagnosticMemoryPool();
    private final NioTransport transport = new NioTransport(pool, NioTransportOptions.builder().ioLoops(2).build());
    private ConnectionHost host;

    @AfterEach
    void stopAndCheckForLeaks() {
        if (host != null) {
            host.stop(Duration.ofSeconds(5));
        }
        transport.close();
        pool.close(); // throws if any block is still rented
    }

    private ConnectionHost.Builder hostFor(ConnectionDelegate pipeline) {
        return ConnectionHost.builder(transport).pool(pool).listen(EndPoint.loopback(0), pipeline);
    }

    private static ConnectionDelegate echoFor(Scheduling scheduling) {
        return scheduling == Scheduling.INLINE ? Echo::inline : Echo::blocking;
    }

    private Socket connect() throws IOException {
        var address = ((EndPoint.Inet) host.endPoints().getFirst()).address();
        var socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static byte[] echo(Socket socket, byte[] data) throws IOException {
        socket.getOutputStream().write(data);
        return socket.getInputStream().readNBytes(data.length);
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void servesConcurrentConnectionsInEitherScheduling(Scheduling scheduling) throws Exception {
        host = hostFor(scheduling == Scheduling.INLINE ? Echo::inline : Echo::blocking).scheduling(scheduling).build();
        host.start();
        List<Socket> sockets = new ArrayList<>();
        var random = new Random(1);
        for (int i = 0; i < 20; i++) {
            sockets.add(connect());
        }
        for (int round = 0; round < 3; round++) {
            for (Socket socket : sockets) {
                byte[] data = new byte[1 + random.nextInt(100_000)];
                random.nextBytes(data);
                assertThat(echo(socket, data)).isEqualTo(data);
            }
        }
        for (Socket socket : sockets) {
            socket.shutdownOutput();
            assertThat(socket.getInputStream().read()).as("the server closes after the peer's half-close").isEqualTo(-1);
            socket.close();
        }
        awaitOpenConnections(0);
        assertThat(host.statistics().acceptedConnections()).isEqualTo(20);
    }

    /**
     * TLS as the host's middleware in either scheduling: inline it returns and starts the rest from
     * the I/O loop; with a thread per connection it waits for the handshake on that thread, runs the
     * blocking rest there and sends close_notify before the thread ends.
     */
    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void tlsMiddlewareServesAnEchoInEitherScheduling(Scheduling scheduling) throws Exception {
        var certificate = ServerCertificate.selfSigned("localhost", "127.0.0.1");
        var tls = new TlsConnectionMiddleware(TlsOptions.builder().certificate(certificate).build(), pool,
                scheduling == Scheduling.INLINE);
        host = ConnectionHost.builder(transport).pool(pool).scheduling(scheduling)
                .listen(EndPoint.loopback(0), pipeline -> pipeline.use(tls), echoFor(scheduling)).build();
        host.start();
        var address = ((EndPoint.Inet) host.endPoints().getFirst()).address();
        var random = new Random(2);
        for (int i = 0; i < 3; i++) {
            try (var socket = (SSLSocket) TrustingClients.trusting(certificate).getSocketFactory()
                    .createSocket(address.getAddress(), address.getPort())) {
                socket.setSoTimeout(10_000);
                byte[] data = new byte[1 + random.nextInt(100_000)];
                random.nextBytes(data);
                assertThat(echo(socket, data)).isEqualTo(data);
                assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
                socket.shutdownOutput(); // close_notify: the echo ends, and TLS answers with its own
                assertThat(socket.getInputStream().read()).as("the server's close_notify").isEqualTo(-1);
            }
        }
        awaitOpenConnections(0);
        assertThat(host.statistics().acceptedConnections()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void runsMiddlewareInOrderAroundThePipeline(Scheduling scheduling) throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        var done = new CountDownLatch(1);
        host = ConnectionHost.builder(transport).pool(pool).scheduling(scheduling)
                .listen(EndPoint.loopback(0), pipeline -> pipeline
                        .use((connection, next) -> {
                            events.add("outer in");
                            connection.features().set(String.class, "tagged by outer");
                            next.execute(connection);
                            events.add("outer out");
                            done.countDown(); // inline, the connection may be closed by now: wait for this
                        })
                        .use((connection, next) -> {
                            events.add("inner in");
                            next.execute(connection);
                            events.add("inner out");
                        }),
                        connection -> {
                            events.add("terminal sees " + connection.features().get(String.class));
                            // Ends the connection: inline, that is the pipeline's job, not the host's.
                            connection.input().complete();
                            connection.output().complete();
                        })
                .build();
        host.start();
        try (Socket socket = connect()) {
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(socket.getInputStream().read()).as("a pipeline that completes its pipes ends the connection").isEqualTo(-1);
        }
        awaitOpenConnections(0);
        assertThat(events).containsExactly("outer in", "inner in", "terminal sees tagged by outer", "inner out", "outer out");
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void aMiddlewareSeesTheConnectionEndThroughClosedInEitherScheduling(Scheduling scheduling) throws Exception {
        var nextReturnedWhileOpen = new CompletableFuture<Boolean>();
        var ended = new CountDownLatch(1);
        host = ConnectionHost.builder(transport).pool(pool).scheduling(scheduling)
                .listen(EndPoint.loopback(0), pipeline -> pipeline.use((connection, next) -> {
                    connection.closed().whenComplete((ignored, error) -> ended.countDown());
                    next.execute(connection);
                    nextReturnedWhileOpen.complete(!connection.closed().toCompletableFuture().isDone());
                }), echoFor(scheduling))
                .build();
        host.start();
        try (Socket socket = connect()) {
            assertThat(echo(socket, bytes("served"))).isEqualTo(bytes("served"));
            socket.shutdownOutput();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat(ended.await(10, TimeUnit.SECONDS)).as("closed() completes when the connection ends").isTrue();
        }
        // Inline it returned at once, long before the end; on a virtual thread before the transport closed.
        assertThat(nextReturnedWhileOpen.get(10, TimeUnit.SECONDS)).as("next.execute returned before the end").isTrue();
        awaitOpenConnections(0);
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void refusesConnectionsOverTheLimitAtOnceAndServesTheOthers(Scheduling scheduling) throws Exception {
        host = hostFor(scheduling == Scheduling.INLINE ? Echo::inline : Echo::blocking).scheduling(scheduling)
                .limits(ServerLimits.builder().maxConcurrentConnections(2).build()).build();
        host.start();
        try (Socket first = connect(); Socket second = connect()) {
            assertThat(echo(first, bytes("one"))).isEqualTo(bytes("one"));
            assertThat(echo(second, bytes("two"))).isEqualTo(bytes("two"));
            for (int i = 0; i < 3; i++) {
                try (Socket refused = connect()) {
                    assertThat(readOrReset(refused.getInputStream())).as("closed at once").isEqualTo(-1);
                }
            }
            assertThat(host.statistics().refusedConnections()).isEqualTo(3);
            assertThat(echo(first, bytes("still served"))).isEqualTo(bytes("still served"));
            first.shutdownOutput();
            assertThat(first.getInputStream().read()).isEqualTo(-1);
            awaitOpenConnections(1);
            try (Socket third = connect()) {
                assertThat(echo(third, bytes("a slot freed up"))).isEqualTo(bytes("a slot freed up"));
            }
        }
        assertThat(host.statistics().acceptedConnections()).isEqualTo(6);
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void aPipelineThatThrowsCostsOnlyItsConnection(Scheduling scheduling) throws Exception {
        var first = new AtomicBoolean(true);
        ConnectionDelegate echo = echoFor(scheduling);
        host = hostFor(connection -> {
            if (first.getAndSet(false)) {
                throw new IllegalStateException("handler bug");
            }
            echo.execute(connection);
        }).scheduling(scheduling).build();
        host.start();
        try (Socket bad = connect()) {
            assertThat(readOrReset(bad.getInputStream())).isEqualTo(-1);
        }
        try (Socket good = connect()) {
            assertThat(echo(good, bytes("hello"))).isEqualTo(bytes("hello"));
        }
        awaitOpenConnections(0);
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void stopLetsConnectionsFinishAndStopsAccepting(Scheduling scheduling) throws Exception {
        host = hostFor(scheduling == Scheduling.INLINE ? Echo::inline : Echo::blocking).scheduling(scheduling).build();
        host.start();
        InetSocketAddress address = ((EndPoint.Inet) host.endPoints().getFirst()).address();
        try (Socket socket = connect()) {
            assertThat(echo(socket, bytes("before"))).isEqualTo(bytes("before"));
            long started = System.nanoTime();
            host.stop(Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("asked to close, it closed at once")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(readOrReset(socket.getInputStream())).isEqualTo(-1);
        }
        assertThatThrownBy(() -> new Socket(address.getAddress(), address.getPort()).close())
                .isInstanceOf(ConnectException.class);
        assertThat(host.statistics().openConnections()).isZero();
    }

    @Test
    void aPeerResetUnderAStreamPipelineIsANormalEndNotAnError() throws Exception {
        host = hostFor(connection -> {
            // Streams wrap a reset in a plain IOException: its cause, not its type, says "aborted".
            InputStream in = connection.input().asInputStream();
            var out = connection.output().asOutputStream();
            byte[] chunk = new byte[4096];
            for (int n; (n = in.read(chunk)) >= 0; ) {
                out.write(chunk, 0, n);
                out.flush();
            }
        }).build();
        host.start();
        try (var log = new LogCapture()) {
            Socket socket = connect();
            assertThat(echo(socket, bytes("streamed"))).isEqualTo(bytes("streamed"));
            socket.setSoLinger(true, 0);
            socket.close(); // an RST, while the pipeline waits in a read
            awaitOpenConnections(0);
            assertThat(log.linesContaining(" ERROR ")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void stopAbortsConnectionsThatIgnoreTheRequestOnceTheTimeoutPasses(Scheduling scheduling) throws Exception {
        var reading = new CountDownLatch(1);
        var failure = new CompletableFuture<Throwable>();
        host = hostFor(scheduling == Scheduling.INLINE
                ? connection -> new IgnoresCloseInline(connection, reading, failure).run()
                : connection -> ignoreCloseBlocking(connection, reading, failure))
                .scheduling(scheduling).build();
        host.start();
        try (Socket socket = connect()) {
            assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
            host.stop(Duration.ofMillis(300));
            assertThat(readOrReset(socket.getInputStream())).isEqualTo(-1);
        }
        assertThat(failure.get(10, TimeUnit.SECONDS)).as("what ended the pipeline's wait")
                .isInstanceOf(PipeException.class).cause()
                .isInstanceOf(ConnectionAbortedException.class).hasMessage("server shutdown timed out");
        assertThat(host.statistics().openConnections()).isZero();
    }

    /** Ignores the close request: keeps waiting for a peer that sends nothing, until the read fails. */
    private static void ignoreCloseBlocking(ConnectionContext connection, CountDownLatch reading, CompletableFuture<Throwable> failure) {
        reading.countDown();
        try {
            while (true) {
                ReadResult result = connection.input().read();
                connection.input().advanceTo(result.buffer().start(), result.buffer().end());
            }
        } catch (PipeException e) {
            failure.complete(e);
            throw e;
        }
    }

    /** {@link #ignoreCloseBlocking} inline: waits for bytes from the pipe's callbacks, until a read fails. */
    private record IgnoresCloseInline(ConnectionContext connection, CountDownLatch reading, CompletableFuture<Throwable> failure)
            implements Runnable {

        @Override
        public void run() {
            reading.countDown();
            try {
                while (true) {
                    ReadResult result = connection.input().tryRead();
                    if (result == null) {
                        if (connection.input().whenReadable(this)) {
                            return;
                        }
                        continue;
                    }
                    connection.input().advanceTo(result.buffer().start(), result.buffer().end());
                }
            } catch (PipeException e) {
                failure.complete(e);
                connection.input().complete();
                connection.output().complete();
            }
        }
    }

    @Test
    void servesLocalhostOnBothLoopbacks() throws Exception {
        int port = freePort();
        host = ConnectionHost.builder(transport).pool(pool)
                .listen(ListenAddress.parse("http://localhost:" + port), pipeline -> pipeline, Echo::blocking).build();
        host.start();
        assertThat(host.endPoints()).hasSize(2);
        for (String loopback : new String[] {"127.0.0.1", "::1"}) {
            try (Socket socket = new Socket(loopback, port)) {
                assertThat(echo(socket, bytes(loopback))).isEqualTo(bytes(loopback));
            }
        }
    }

    @Test
    void startsOnTheOtherLoopbackWhenOneIsTakenAndFailsWhenBothAre() throws Exception {
        int port = freePort();
        try (var takenV6 = new java.net.ServerSocket()) {
            takenV6.bind(new InetSocketAddress("::1", port));
            host = ConnectionHost.builder(transport).pool(pool)
                    .listen(ListenAddress.parse("http://localhost:" + port), pipeline -> pipeline, Echo::blocking).build();
            host.start();
            assertThat(host.endPoints()).as("IPv4 only").hasSize(1);
            try (Socket socket = new Socket("127.0.0.1", port)) {
                assertThat(echo(socket, bytes("v4"))).isEqualTo(bytes("v4"));
            }
            host.stop(Duration.ofSeconds(5));

            try (var takenV4 = new java.net.ServerSocket()) {
                takenV4.bind(new InetSocketAddress("127.0.0.1", port));
                var failing = ConnectionHost.builder(transport).pool(pool)
                        .listen(ListenAddress.parse("http://localhost:" + port), pipeline -> pipeline, Echo::blocking).build();
                assertThatThrownBy(failing::start).isInstanceOf(java.net.BindException.class).hasMessageContaining("cannot bind");
            }
        }
    }

    private static int freePort() throws IOException {
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private void awaitOpenConnections(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (host.statistics().openConnections() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(host.statistics().openConnections()).isEqualTo(expected);
    }

    /** -1 for an orderly close or a reset: both are how a refused or aborted connection may end. */
    private static int readOrReset(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketException reset) {
            return -1;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
