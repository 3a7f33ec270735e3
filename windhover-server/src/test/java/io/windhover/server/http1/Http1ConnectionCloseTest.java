package io.windhover.server.http1;

import io.windhover.server.InMemoryHttpServer;
import static io.windhover.server.InMemoryHttpServer.readToClose;
import static io.windhover.server.InMemoryHttpServer.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.server.Http1Limits;
import io.windhover.server.HttpLimits;
import io.windhover.server.Scheduling;
import io.windhover.transport.ConnectionLifetime;
import io.windhover.transport.memory.InMemoryConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 9112 §9.6: "A sender SHOULD send a Connection header field ... containing the "close"
 * connection option when it intends to close a connection." Whenever the server knows it will
 * close before it writes the head, the head says {@code Connection: close}.
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class Http1ConnectionCloseTest {

    /** Unread body bytes the server skips to keep a connection; small, so that one over is cheap to send. */
    private static final int DRAIN = 1024;
    private static final String CLOSE = "\r\nConnection: close\r\n";

    @Parameter
    Scheduling scheduling;

    private InMemoryHttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = new InMemoryHttpServer(scheduling, HttpLimits.defaults(), Http1Limits.defaults().withMaxDrainSize(DRAIN), context -> {
            var response = context.response();
            switch (context.request().path()) {
                case "/not-allowed" -> response.status(405);
                case "/fail" -> throw new IllegalStateException("handler bug");
                case "/until-shutdown" -> {
                    var lifetime = context.features().get(ConnectionLifetime.class);
                    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    while (!lifetime.isCloseRequested() && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                    response.body().write("bye".getBytes(StandardCharsets.US_ASCII));
                }
                default -> response.body().write("hi".getBytes(StandardCharsets.US_ASCII));
            }
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void saysCloseWhenItAnswersAnExpectContinueRequestWithoutReadingTheBody() throws Exception {
        String response = server.exchange("POST /not-allowed HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 405 Method Not Allowed\r\n").contains(CLOSE).doesNotContain("100 Continue");
    }

    @Test
    void saysCloseWhenAHandlerFailureLeavesAnExpectContinueBodyUnread() throws Exception {
        String response = server.exchange("POST /fail HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 500 Internal Server Error\r\n").contains(CLOSE);
    }

    @Test
    void keepsTheConnectionForAnUnreadBodyAtTheDrainLimit() throws Exception {
        String response = server.exchange("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + DRAIN + "\r\n\r\n" + "x".repeat(DRAIN)
                + "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        String first = response.substring(0, response.indexOf("hi") + 2);
        assertThat(first).doesNotContain(CLOSE);
        assertThat(response.split("HTTP/1.1 200 OK\r\n", -1)).as("both answered").hasSize(3);
    }

    @Test
    void saysCloseForAnUnreadBodyOneByteOverTheDrainLimit() throws Exception {
        String response = server.exchange("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + (DRAIN + 1) + "\r\n\r\n" + "x".repeat(DRAIN + 1)
                + "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").contains(CLOSE).endsWith("\r\n\r\nhi");
        assertThat(response.split("HTTP/1.1 200 OK\r\n", -1)).as("only the first answered").hasSize(2);
    }

    /** {@code bytes} of chunked body in chunks of at most 100 bytes, then the last chunk. */
    private static String chunked(int bytes) {
        var body = new StringBuilder();
        for (int left = bytes; left > 0; left -= 100) {
            int size = Math.min(100, left);
            body.append(Integer.toHexString(size)).append("\r\n").append("x".repeat(size)).append("\r\n");
        }
        return body.append("0\r\n\r\n").toString();
    }

    @Test
    void keepsTheConnectionForAnUnreadChunkedBodyAtTheDrainLimit() throws Exception {
        String response = server.exchange("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(DRAIN)
                + "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        String first = response.substring(0, response.indexOf("hi") + 2);
        assertThat(first).doesNotContain(CLOSE);
        assertThat(response.split("HTTP/1.1 200 OK\r\n", -1)).as("both answered").hasSize(3);
    }

    @Test
    void saysCloseForAnUnreadChunkedBodyOneByteOverTheDrainLimitThatIsAlreadyHere() throws Exception {
        // A chunked body's size shows only as it is read: one that is all here is drained before
        // the answer, so the answer can say the connection closes.
        String response = server.exchange("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(DRAIN + 1)
                + "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").contains(CLOSE).endsWith("\r\n\r\nhi");
        assertThat(response.split("HTTP/1.1 200 OK\r\n", -1)).as("only the first answered").hasSize(2);
    }

    @Test
    void saysCloseWhenTheHostIsShuttingDown() throws Exception {
        Assumptions.assumeTrue(scheduling == Scheduling.VIRTUAL_THREAD, "an inline handler must not block its thread to wait");
        InMemoryConnection client = server.connect();
        send(client, "GET /until-shutdown HTTP/1.1\r\nHost: a\r\n\r\n");
        var stopping = CompletableFuture.runAsync(server::stop);
        assertThat(readToClose(client)).startsWith("HTTP/1.1 200 OK\r\n").contains(CLOSE).endsWith("\r\n\r\nbye");
        stopping.join();
    }
}
