package io.windhover.server;

import static io.windhover.server.Wire.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many slow clients at once, with short limits so that CI sees the whole story in seconds: every
 * slowloris connection is cut with 408, every slow reader is aborted, the server's memory stays
 * bounded while they hang on, and a well-behaved client is answered throughout. The figures at the
 * default limits (2,000 connections, 30 s) come from {@code AbusiveClients}, in docs/security.md.
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class SlowClientsTest {

    private static final int SLOWLORIS = 200;
    private static final int SLOW_READERS = 50;
    private static final byte[] CHUNK = new byte[64 * 1024];

    @Parameter
    Scheduling scheduling;

    private WindhoverServer server;
    private int port;

    @BeforeEach
    void start() throws IOException {
        var limits = HttpLimits.defaults().withTimeouts(Duration.ofMillis(600), Duration.ofSeconds(30))
                .withMinDataRates(HttpLimits.defaults().minRequestBodyDataRate(),
                        new MinDataRate(100_000, Duration.ofMillis(300)));
        server = WindhoverServer.builder().scheduling(scheduling).urls("http://127.0.0.1:0")
                .shutdownTimeout(Duration.ofSeconds(2)).heartbeatInterval(Duration.ofMillis(50)).httpLimits(limits)
                .application(context -> {
                    if (context.request().path().equals("/big")) {
                        for (int i = 0; i < 256; i++) {
                            context.response().body().write(CHUNK); // 16 MiB, more than any socket buffers hold
                        }
                    } else {
                        context.response().body().write(bytes("ok"));
                    }
                })
                .build();
        server.start();
        port = Wire.port(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void cutsEverySlowlorisConnectionWith408WhileAnotherClientIsServed() throws Exception {
        var answered408 = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        try (var probe = new WellBehavedClient(port)) {
            for (int i = 0; i < SLOWLORIS; i++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        socket.setSoTimeout(100);
                        byte[] head = bytes("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ");
                        for (int sent = 0; sent < 10_000; sent++) {
                            socket.getOutputStream().write(sent < head.length ? head[sent] : 'a'); // a byte per 100 ms
                            try {
                                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                                if (answer.startsWith("HTTP/1.1 408 Request Timeout\r\n") && answer.contains("Connection: close\r\n")) {
                                    answered408.incrementAndGet();
                                }
                                return;
                            } catch (SocketTimeoutException stillWaiting) {
                                // the head is not complete yet: the next byte
                            }
                        }
                    } catch (IOException ignored) {
                        // counted by its absence from answered408
                    }
                }));
            }
            for (Thread client : clients) {
                client.join(30_000);
            }
            assertThat(answered408.get()).isEqualTo(SLOWLORIS);
            assertThat(probe.answered()).as("the well-behaved client was answered meanwhile").isPositive();
            assertThat(probe.failures()).isZero();
        }
        awaitQuiet();
    }

    @Test
    void abortsSlowReadersWithTheirMemoryBounded() throws Exception {
        var peakBlocks = new java.util.concurrent.atomic.AtomicLong();
        var reading = new AtomicBoolean(true);
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (reading.get()) {
                peakBlocks.accumulateAndGet(server.memoryStatistics().rentedBlocks(), Math::max);
                Thread.onSpinWait();
            }
        });
        List<Thread> clients = new ArrayList<>();
        try (var probe = new WellBehavedClient(port)) {
            for (int i = 0; i < SLOW_READERS; i++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        socket.setReceiveBufferSize(4096);
                        socket.getOutputStream().write(bytes("GET /big HTTP/1.1\r\nHost: x\r\n\r\n"));
                        InputStream in = socket.getInputStream();
                        // 20 B/s against a minimum of 100,000 B/s, until the test has seen the server give up
                        while (reading.get() && in.read() >= 0) {
                            Thread.sleep(50);
                        }
                    } catch (IOException aborted) {
                        // the server's abort, seen as a reset
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            // What the server holds open: the well-behaved client's connection, once every slow reader is cut
            // (by the response rate; inline, sooner, by the 1 MiB an inline response may hold unsent).
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            Thread.sleep(500);
            while (server.statistics().openConnections() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long open = server.statistics().openConnections();
            reading.set(false);
            for (Thread client : clients) {
                client.join(30_000);
            }
            sampler.join();
            assertThat(open).as("every slow reader aborted by the server; only the well-behaved client left").isEqualTo(1);
            assertThat(probe.answered()).isPositive();
            assertThat(probe.failures()).isZero();
        }
        // Each stalled response holds what the transport buffers for it (64 KiB) plus the blocks in
        // flight, never its 16 MiB: 50 readers stay under 50 × 96 KiB.
        assertThat(peakBlocks.get() * server.memoryStatistics().blockSize()).isLessThan(SLOW_READERS * 96L * 1024);
        awaitQuiet();
    }

    private void awaitQuiet() throws InterruptedException {
        for (int i = 0; i < 200 && (server.statistics().openConnections() > 0 || server.memoryStatistics().rentedBlocks() > 0); i++) {
            Thread.sleep(25);
        }
        assertThat(server.statistics().openConnections()).isZero();
        assertThat(server.memoryStatistics().rentedBlocks()).isZero();
    }

    /** A keep-alive client that asks every 10 ms and counts the answers it gets. */
    private static final class WellBehavedClient implements AutoCloseable {
        private final AtomicInteger answered = new AtomicInteger();
        private final AtomicInteger failures = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        WellBehavedClient(int port) {
            thread = Thread.ofVirtual().start(() -> {
                try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    socket.setSoTimeout(10_000);
                    while (running.get()) {
                        socket.getOutputStream().write(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
                        if (Wire.readResponse(socket.getInputStream()).endsWith("\r\n\r\nok")) {
                            answered.incrementAndGet();
                        } else {
                            failures.incrementAndGet();
                        }
                        Thread.sleep(10);
                    }
                } catch (IOException e) {
                    failures.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        int answered() {
            return answered.get();
        }

        int failures() {
            return failures.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(15_000);
        }
    }
}
