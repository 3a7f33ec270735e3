package io.windhover.server;

import static io.windhover.server.Wire.readToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The minimum data rates at Kestrel's defaults (240 B/s after a 5 s grace period), on a clock the
 * test moves: bytes are sent a step of clock time apart, each step once the handler has read
 * what came before, so the rate the server measures is the rate the test means.
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class Http1DataRateTest {

    @Parameter
    Scheduling scheduling;

    private final ManualClock clock = new ManualClock();
    /** Body bytes the handler has read so far. */
    private final AtomicLong read = new AtomicLong();
    private WindhoverServer server;
    private int port;

    @BeforeEach
    void start() throws IOException {
        server = WindhoverServer.builder()
                .scheduling(scheduling)
                .urls("http://127.0.0.1:0")
                .clock(clock)
                .heartbeatInterval(Duration.ofMillis(10))
                .shutdownTimeout(Duration.ofSeconds(2))
                .application(context -> {
                    if (context.request().path().equals("/big")) {
                        byte[] chunk = new byte[64 * 1024];
                        for (int i = 0; i < 1024; i++) { // 64 MiB: far more than socket buffers hold
                            context.response().body().write(chunk);
                        }
                        return;
                    }
                    InputStream body = context.request().body();
                    byte[] buffer = new byte[1024];
                    for (int n; (n = body.read(buffer)) >= 0; ) {
                        read.addAndGet(n);
                    }
                    context.response().body().write(Long.toString(read.get()).getBytes(StandardCharsets.US_ASCII));
                })
                .build();
        server.start();
        port = Wire.port(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Waits until the server has accepted the test's connection: the acceptor runs on its own. */
    private void awaitAccepted() throws InterruptedException {
        for (int i = 0; i < 2_000 && server.statistics().acceptedConnections() == 0; i++) {
            Thread.sleep(5); // polling the host's count
        }
        // Accepted, not open: inline, /big's response outgrows the inline hold limit and ends at once.
        assertThat(server.statistics().acceptedConnections()).as("the connection was accepted").isEqualTo(1);
    }

    /** Waits until the handler has read {@code bytes}, or the server has answered (closing the connection). */
    private void awaitRead(long bytes) throws InterruptedException {
        for (int i = 0; i < 1_000 && read.get() < bytes && server.statistics().openConnections() > 0; i++) {
            Thread.sleep(5); // polling the handler's progress
        }
    }

    /**
     * Sends {@code steps} pieces of {@code piece} bytes, one second of clock time apart, each once
     * the handler has read the ones before; stops early when the server has closed.
     */
    private void trickle(OutputStream out, int steps, int piece) throws Exception {
        awaitAccepted();
        for (int i = 0; i < steps; i++) {
            try {
                out.write(new byte[piece]);
                out.flush();
            } catch (IOException closedByServer) {
                return;
            }
            awaitRead((long) (i + 1) * piece);
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void aBodyThatArrivesFastEnoughIsRead() throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /count HTTP/1.1\r\nHost: a\r\nContent-Length: 3000\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            trickle(out, 10, 300); // 300 B/s over 10 s: above 240 B/s all the way
            assertThat(readToEnd(socket.getInputStream())).startsWith("HTTP/1.1 200 OK\r\n").endsWith("3000");
        }
    }

    @Test
    void aBodyThatTricklesIsAnswered408AfterTheGracePeriod() throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /count HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            trickle(out, 60, 10); // 10 B/s
            String response = readToEnd(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 408 Request Timeout\r\n").contains("Connection: close\r\n");
            // 5 s of grace, then the 11th byte was due at 5 s + 11/240 s: cut off at the sixth step.
            assertThat(read.get()).as("bytes read before the cut").isBetween(50L, 70L);
        }
    }

    @Test
    void aPeerThatDoesNotReadTheResponseIsCutOff() throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.getOutputStream().write("GET /big HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            awaitAccepted(); // else the count below is zero before the connection is even served
            // Each flush of up to 64 KiB waits at most 5 s + 64 KiB at 240 B/s, about 278 s.
            for (int i = 0; i < 100 && server.statistics().openConnections() > 0; i++) {
                clock.advance(Duration.ofSeconds(60));
                Thread.sleep(20); // a couple of heartbeats see the new time
            }
            assertThat(server.statistics().openConnections()).as("aborted for the slow read").isZero();
        }
    }
}
