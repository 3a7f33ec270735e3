package io.windhover.server;

import static io.windhover.server.Wire.bytes;
import static io.windhover.server.Wire.readToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.buffers.DiagnosticMemoryPool;
import io.windhover.transport.nio.NioTransport;
import io.windhover.transport.nio.NioTransportOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stopping an HTTP server with a request in flight: the NIO transport on the diagnostic pool, so
 * every block the connection rented must be back when the stop returns.
 */
class GracefulShutdownTest {

    private final DiagnosticMemoryPool pool = new DiagnosticMemoryPool();
    private final NioTransport transport = new NioTransport(pool, NioTransportOptions.builder().ioLoops(1).build());
    private final CountDownLatch handlerEntered = new CountDownLatch(1);
    private final CountDownLatch handlerReleased = new CountDownLatch(1);
    private WindhoverServer server;
    private int port;

    @BeforeEach
    void start() throws IOException {
        server = WindhoverServer.builder()
                .transport(transport)
                .urls("http://127.0.0.1:0")
                .application(context -> {
                    handlerEntered.countDown();
                    handlerReleased.await(); // a slow handler: still working when the stop begins
                    context.response().body().write(bytes("finished during the stop"));
                })
                .build();
        server.start();
        port = Wire.port(server);
    }

    @AfterEach
    void stop() {
        server.close();
        transport.close();
        pool.close(); // throws if any block is still rented
    }

    /** Waits until the server refuses new connections: the stop has begun. */
    private void awaitRefusingConnections() throws InterruptedException, IOException {
        while (true) {
            try {
                new Socket("127.0.0.1", port).close();
            } catch (ConnectException refused) {
                return;
            } catch (java.net.SocketException reset) {
                // Taken into the listener's backlog as it closed, then reset by the close: stopping too.
                assertThat(reset).hasMessageContaining("reset");
                return;
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aRequestInFlightFinishesDuringTheStopWithItsWholeResponseAndThenTheConnectionCloses() throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n")); // keep-alive
            assertThat(handlerEntered.await(10, TimeUnit.SECONDS)).isTrue();
            Thread stopping = Thread.ofVirtual().start(server::close); // the default 30 s to finish
            awaitRefusingConnections();
            handlerReleased.countDown();
            String response = readToEnd(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nContent-Length: 24\r\n")
                    .endsWith("\r\n\r\nfinished during the stop");
            stopping.join();
        }
        assertThat(server.statistics().openConnections()).isZero();
        assertThat(server.statistics().abortedAtShutdown()).as("finished when asked, not aborted").isZero();
        assertThat(pool.rentedBlocks()).isZero();
    }

    @Test
    void aRequestStillRunningAtTheShutdownTimeoutIsAbortedAndCounted() throws Exception {
        server.close();
        server = WindhoverServer.builder().transport(transport).urls("http://127.0.0.1:0").shutdownTimeout(Duration.ofMillis(200))
                .application(context -> {
                    handlerEntered.countDown();
                    handlerReleased.await(); // never done in time
                })
                .build();
        server.start();
        try (var socket = new Socket("127.0.0.1", Wire.port(server))) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes("GET /stuck HTTP/1.1\r\nHost: a\r\n\r\n"));
            assertThat(handlerEntered.await(10, TimeUnit.SECONDS)).isTrue();
            Thread stopping = Thread.ofVirtual().start(server::close);
            // The connection is reset once the 200 ms are over: no response, the read ends.
            assertThat(readToEnd(socket.getInputStream())).isEmpty();
            assertThat(server.statistics().abortedAtShutdown()).isEqualTo(1);
            handlerReleased.countDown(); // the stop still waits for the handler, whose writes now fail
            stopping.join();
        }
        assertThat(server.statistics().openConnections()).isZero();
    }

    @Test
    void aSecondCloseDuringTheFirstReturnsOnlyOnceTheServerHasStopped() throws Exception {
        var openWhenSecondReturned = new CompletableFuture<Long>();
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n"));
            assertThat(handlerEntered.await(10, TimeUnit.SECONDS)).isTrue();
            Thread first = Thread.ofVirtual().start(server::close);
            awaitRefusingConnections();
            Thread second = Thread.ofPlatform().start(() -> {
                server.close();
                openWhenSecondReturned.complete(server.statistics().openConnections());
            });
            // Parked until the first close is done, or (the race) already back while the request runs.
            while (second.getState() != Thread.State.WAITING && second.getState() != Thread.State.TERMINATED) {
                Thread.onSpinWait();
            }
            handlerReleased.countDown();
            assertThat(readToEnd(socket.getInputStream())).endsWith("finished during the stop");
            first.join();
            second.join();
        }
        assertThat(openWhenSecondReturned.get()).as("connections open when the second close returned").isZero();
    }
}
