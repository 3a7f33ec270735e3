package io.windhover.server.http1;

import io.windhover.server.InMemoryHttpServer;
import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.server.Http1Limits;
import io.windhover.server.HttpLimits;
import io.windhover.server.Scheduling;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The request body limit holds for a body the handler never reads: a Content-Length over the
 * request's limit — the server's, or the one the handler set for its request — is answered
 * {@code 413} and the connection closed, not drained or closed in silence.
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class Http1UnreadBodyLimitTest {

    private static final long LIMIT = 10;
    private static final String NEXT = "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";

    @Parameter
    Scheduling scheduling;

    private InMemoryHttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = new InMemoryHttpServer(scheduling, HttpLimits.defaults().withMaxRequestBodySize(LIMIT), context -> {
            var request = context.request();
            var response = context.response();
            switch (request.path()) {
                case "/raised" -> request.maxBodySize(2 * LIMIT);
                case "/lowered" -> request.maxBodySize(LIMIT / 2);
                case "/streamed" -> {
                    response.body().write("started".getBytes(StandardCharsets.US_ASCII));
                    response.body().flush();
                }
                default -> {
                }
            }
            response.headers().set("X-Handler", "ran");
            response.body().write("ignored the body".getBytes(StandardCharsets.US_ASCII));
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String post(String path, long length) {
        return "POST " + path + " HTTP/1.1\r\nHost: a\r\nContent-Length: " + length + "\r\n\r\n" + "x".repeat((int) length);
    }

    @Test
    void skipsAnUnreadBodyAtTheLimitAndServesTheNextRequest() throws Exception {
        String response = server.exchange(post("/", LIMIT) + NEXT);
        assertThat(response.split("HTTP/1.1 200 OK\r\n", -1)).hasSize(3);
    }

    @Test
    void answers413AndClosesForAnUnreadBodyOneByteOverTheLimit() throws Exception {
        String response = server.exchange(post("/", LIMIT + 1) + NEXT);
        assertThat(response).startsWith("HTTP/1.1 413 Content Too Large\r\n").contains("\r\nConnection: close\r\n")
                .doesNotContain("X-Handler").doesNotContain("HTTP/1.1 200").endsWith("\r\n\r\n");
    }

    @Test
    void answers413BeforeTheOverLimitBodyIsSent() throws Exception {
        String response = server.exchange("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 413 Content Too Large\r\n").contains("\r\nConnection: close\r\n");
    }

    @Test
    void answers413ToAnExpectContinueRequestItNeverInvited() throws Exception {
        String response = server.exchange("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 413 Content Too Large\r\n").doesNotContain("100 Continue");
    }

    @Test
    void honoursALimitTheHandlerRaisedForItsRequest() throws Exception {
        String response = server.exchange(post("/raised", 2 * LIMIT) + NEXT);
        assertThat(response.split("HTTP/1.1 200 OK\r\n", -1)).as("served, skipped, next served").hasSize(3);
        assertThat(server.exchange(post("/raised", 2 * LIMIT + 1))).startsWith("HTTP/1.1 413 ");
    }

    @Test
    void honoursALimitTheHandlerLoweredForItsRequest() throws Exception {
        assertThat(server.exchange(post("/lowered", LIMIT / 2) + NEXT).split("HTTP/1.1 200 OK\r\n", -1)).hasSize(3);
        assertThat(server.exchange(post("/lowered", LIMIT / 2 + 1) + NEXT)).startsWith("HTTP/1.1 413 ")
                .doesNotContain("HTTP/1.1 200");
    }

    @Test
    void closesAfterAResponseThatStartedBeforeTheOverLimitBodyWasRefused() throws Exception {
        String response = server.exchange(post("/streamed", LIMIT + 1) + NEXT);
        assertThat(response).as("too late for 413: the response stands, the body is not read, the connection closes")
                .startsWith("HTTP/1.1 200 OK\r\n").contains("started").endsWith("0\r\n\r\n");
        assertThat(response.split("HTTP/1.1 200 OK\r\n", -1)).hasSize(2);
    }
}
