package io.windhover.server;

import static io.windhover.server.Wire.readToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The keep-alive and request-headers timeouts, shortened to 400 ms and checked by a 20 ms heartbeat. */
@ParameterizedClass
@EnumSource(Scheduling.class)
class Http1TimeoutTest {

    @Parameter
    Scheduling scheduling;

    private static final Duration TIMEOUT = Duration.ofMillis(400);
    private WindhoverServer server;
    private int port;

    @BeforeEach
    void start() throws IOException {
        server = WindhoverServer.builder()
                .scheduling(scheduling)
                .urls("http://127.0.0.1:0")
                .httpLimits(HttpLimits.defaults().withTimeouts(TIMEOUT, TIMEOUT))
                .heartbeatInterval(Duration.ofMillis(20))
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

    @Test
    void closesAnIdleKeepAliveConnectionSilentlyAfterTheTimeout() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] response = in.readNBytes("HTTP/1.1 200 OK\r\n".length());
            assertThat(new String(response, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200 OK\r\n");
            long idleFrom = System.nanoTime();
            String rest = readToEnd(in); // the rest of the response, then the close
            Duration idle = Duration.ofNanos(System.nanoTime() - idleFrom);
            assertThat(rest).endsWith("\r\n\r\nok").doesNotContain("408");
            assertThat(idle).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(50)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void answers408WhenTheHeadDoesNotCompleteInTimeEvenIfBytesTrickleIn() throws Exception {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            var out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            // A byte every 100 ms: each one would reset a naive idle timer, never this deadline.
            for (int i = 0; i < 20; i++) {
                Thread.sleep(100);
                try {
                    out.write('X');
                } catch (IOException closed) {
                    break;
                }
            }
            String response = readToEnd(socket.getInputStream());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(response).startsWith("HTTP/1.1 408 Request Timeout\r\n").contains("Connection: close\r\n");
            assertThat(took).isLessThan(Duration.ofSeconds(5));
        } catch (java.net.SocketException reset) {
            throw new AssertionError("expected a 408 before the close, got a reset", reset);
        }
    }

    @Test
    void closesAConnectionThatNeverSendsARequest() throws IOException {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(50));
        }
    }
}
