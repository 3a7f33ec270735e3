package io.windhover.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server that answers before it has read the request and closes must not reset the connection
 * under its own answer: a socket closed with unread input sends RST, which makes the client's
 * kernel drop the response it has not read yet. The server sends its FIN, then reads and discards
 * what the client still sends, briefly (a lingering close).
 */
class LingeringCloseTest {

    /** Large enough to be still in flight, in the server's socket buffer, when the server closes. */
    private static final byte[] ANSWER = "early answer ".repeat(70_000).getBytes(StandardCharsets.US_ASCII);
    private WindhoverServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int start(Scheduling scheduling) throws IOException {
        server = WindhoverServer.builder()
                .scheduling(scheduling)
                .urls("http://127.0.0.1:0")
                .shutdownTimeout(Duration.ofSeconds(2))
                // Answers at once and never reads the body: over the drain limit, the connection closes.
                .application(context -> context.response().body().write(ANSWER))
                .build();
        server.start();
        return Wire.port(server);
    }

    @ParameterizedTest
    @EnumSource(Scheduling.class)
    void theClientReadsTheWholeAnswerWhileItIsStillSendingTheBody(Scheduling scheduling) throws Exception {
        int port = start(scheduling);
        for (int attempt = 0; attempt < 5; attempt++) {
            try (var socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                int bodySize = 8 * 1024 * 1024;
                out.write(("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + bodySize + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                // The upload goes on beside the read, as a browser's does, until the server closes.
                var sending = CompletableFuture.runAsync(() -> {
                    byte[] chunk = new byte[64 * 1024];
                    try {
                        for (int sent = 0; sent < bodySize; sent += chunk.length) {
                            out.write(chunk);
                        }
                    } catch (IOException closedByServer) {
                        // expected: the server is done with this connection
                    }
                });
                String response = readToEnd(socket.getInputStream());
                // Chunked (it outgrew the response buffer), and whole: every byte, then the last chunk.
                assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").contains("Transfer-Encoding: chunked\r\n")
                        .endsWith("early answer \r\n0\r\n\r\n");
                assertThat(response.length()).isGreaterThan(ANSWER.length);
                socket.shutdownOutput();
                sending.get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads to the end; a reset before the end fails the test, naming what arrived. */
    private static String readToEnd(InputStream in) throws IOException {
        var received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received.write(buffer, 0, n);
            }
        } catch (IOException reset) {
            throw new AssertionError("the connection was reset after " + received.size() + " bytes: "
                    + received.toString(StandardCharsets.US_ASCII), reset);
        }
        return received.toString(StandardCharsets.US_ASCII);
    }
}
