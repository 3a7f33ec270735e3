package io.windhover.server;

import static io.windhover.server.Wire.readToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Minimum data rates, shortened to a 300 ms grace and checked by a 20 ms heartbeat: 1,000 B/s for
 * request bodies, 1 MB/s for responses (a flush of N bytes may wait grace + N / rate, so a response
 * rate as low as the body's would take a minute to trip on a 64 KiB flush).
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class Http1DataRateTest {

    @Parameter
    Scheduling scheduling;

    private static final MinDataRate BODY_RATE = new MinDataRate(1000, Duration.ofMillis(300));
    private static final MinDataRate RESPONSE_RATE = new MinDataRate(1_000_000, Duration.ofMillis(300));
    private WindhoverServer server;
    private int port;

    @BeforeEach
    void start() throws IOException {
        server = WindhoverServer.builder()
                .scheduling(scheduling)
                .urls("http://127.0.0.1:0")
                .httpLimits(HttpLimits.defaults().withMinDataRates(BODY_RATE, RESPONSE_RATE))
                .heartbeatInterval(Duration.ofMillis(20))
                .shutdownTimeout(Duration.ofSeconds(2))
                .application(context -> {
                    if (context.request().path().equals("/big")) {
                        byte[] chunk = new byte[64 * 1024];
                        for (int i = 0; i < 1024; i++) { // 64 MiB: far more than socket buffers hold
                            context.response().body().write(chunk);
                        }
                        return;
                    }
                    long size = context.request().body().transferTo(OutputStream.nullOutputStream());
                    context.response().body().write(Long.toString(size).getBytes(StandardCharsets.US_ASCII));
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
    void aBodyThatArrivesFastEnoughIsRead() throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /count HTTP/1.1\r\nHost: a\r\nContent-Length: 2000\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 10; i++) { // 200 bytes every 100 ms: 2,000 B/s
                out.write(new byte[200]);
                Thread.sleep(100);
            }
            assertThat(readToEnd(socket.getInputStream())).startsWith("HTTP/1.1 200 OK\r\n").endsWith("2000");
        }
    }

    @Test
    void aBodyThatTricklesIsAnswered408() throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /count HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            try {
                for (int i = 0; i < 50; i++) { // 10 bytes every 100 ms: 100 B/s
                    out.write(new byte[10]);
                    Thread.sleep(100);
                }
            } catch (IOException closedByServer) {
                // expected once the server has answered
            }
            String response = readToEnd(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 408 Request Timeout\r\n").contains("Connection: close\r\n");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aPeerThatDoesNotReadTheResponseIsCutOff() throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.getOutputStream().write("GET /big HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            Thread.sleep(200);
            while (server.statistics().openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(server.statistics().openConnections()).as("aborted for the slow read").isZero();
        }
    }
}
