package io.windhover.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The keep-alive and request-headers timeouts at Kestrel's defaults (130 s and 30 s), on a clock
 * the test moves: a deadline passes when the test says, and the wire shows the answer.
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class Http1TimeoutTest {

    @Parameter
    Scheduling scheduling;

    private static final HttpLimits LIMITS = HttpLimits.defaults();
    /** How long a poll waits for the server after the clock moved: a few 10 ms heartbeats. */
    private static final int POLL_MILLIS = 100;
    private final ManualClock clock = new ManualClock();
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
                .application(context -> context.response().body().write("ok".getBytes(StandardCharsets.US_ASCII)))
                .build();
        server.start();
        port = Wire.port(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Socket connect() throws IOException {
        var socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads until what arrived ends with {@code ending}. */
    private static String readUntil(InputStream in, String ending) throws IOException {
        var received = new StringBuilder();
        while (!received.toString().endsWith(ending)) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("closed after " + received);
            }
            received.append((char) b);
        }
        return received.toString();
    }

    /**
     * Moves the clock by {@code step}, then polls the socket for what the server sent, until it
     * closes; every step also runs {@code each}. The server arms a deadline when it starts to wait,
     * which may be after a step: the next step then passes it.
     */
    private Closed advanceUntilClosed(Socket socket, Duration step, ThrowingRunnable each) throws Exception {
        socket.setSoTimeout(POLL_MILLIS);
        var received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        for (int steps = 1; steps <= 100; steps++) {
            clock.advance(step);
            each.run();
            try {
                while (true) {
                    int b = in.read();
                    if (b < 0) {
                        return new Closed(steps, received.toString(StandardCharsets.US_ASCII));
                    }
                    received.write(b);
                }
            } catch (SocketTimeoutException stillOpen) {
                // not yet: another step
            }
        }
        throw new AssertionError("still open after 100 steps of " + step);
    }

    private record Closed(int steps, String received) {
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void keepsAnIdleConnectionUntilTheKeepAliveTimeoutThenClosesItSilently() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(readUntil(socket.getInputStream(), "\r\n\r\nok")).startsWith("HTTP/1.1 200 OK\r\n");
            // Just short of the timeout (armed at this time or later): the connection still serves.
            clock.advance(LIMITS.keepAliveTimeout().minusMillis(1));
            send(socket, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(readUntil(socket.getInputStream(), "\r\n\r\nok")).startsWith("HTTP/1.1 200 OK\r\n");

            Closed closed = advanceUntilClosed(socket, Duration.ofSeconds(10), () -> { });
            assertThat(closed.received()).as("closed without a word").isEmpty();
            assertThat(closed.steps()).as("not before 130 s").isGreaterThanOrEqualTo(13);
        }
    }

    @Test
    void answers408WhenTheHeadDoesNotCompleteInTimeEvenIfBytesTrickleIn() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\n");
            // A byte every 5 s: each one would reset a naive idle timer, never this deadline.
            Closed closed = advanceUntilClosed(socket, Duration.ofSeconds(5), () -> {
                try {
                    send(socket, "X");
                } catch (IOException answeredAlready) {
                    // the server has answered and closed
                }
            });
            assertThat(closed.received()).startsWith("HTTP/1.1 408 Request Timeout\r\n").contains("Connection: close\r\n");
            assertThat(closed.steps()).as("not before 30 s").isGreaterThanOrEqualTo(6);
        } catch (java.net.SocketException reset) {
            throw new AssertionError("expected a 408 before the close, got a reset", reset);
        }
    }

    @Test
    void closesAConnectionThatNeverSendsARequestAtTheKeepAliveTimeout() throws Exception {
        try (Socket socket = connect()) {
            Closed closed = advanceUntilClosed(socket, Duration.ofSeconds(10), () -> { });
            assertThat(closed.received()).isEmpty();
            assertThat(closed.steps()).as("not before 130 s").isGreaterThanOrEqualTo(13);
        }
    }
}
