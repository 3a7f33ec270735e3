package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.server.HttpLimits;
import io.windhover.web.middleware.ExceptionHandler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Request bodies as endpoints read them, as wire transcripts over a socket and in memory: the
 * server's refusals while a body is read (over the size limit, malformed chunks) answered as
 * problem details with the server's status, and the media type a JSON body must declare.
 */
@ParameterizedClass
@EnumSource(TestHost.Kind.class)
class RequestBodyTest {

    public record Item(String name, int count) {
    }

    /** The server's body limit for these tests: small, so that crossing it takes few bytes. */
    private static final int LIMIT = 64;

    @Parameter
    TestHost.Kind kind;

    private TestHost host;

    @BeforeEach
    void start() throws Exception {
        var app = WebApplication.create().server(server -> server.shutdownTimeout(Duration.ofSeconds(1))
                .httpLimits(HttpLimits.defaults().withMaxRequestBodySize(LIMIT)));
        app.use(new ExceptionHandler(false));
        app.post("/items", context -> {
            Item item = context.body(Item.class);
            return Results.created("/items/" + item.name(), item);
        });
        app.post("/raw", context -> "read " + context.request().body().readAllBytes().length + " bytes");
        host = TestHost.start(kind, app);
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
    }

    private String send(String request) throws Exception {
        return new String(host.exchange(request.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private String post(String target, String headers, String body) throws Exception {
        return send("POST " + target + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n" + headers + "\r\n" + body);
    }

    private String postJson(String target, String json) throws Exception {
        return post(target, "Content-Type: application/json\r\nContent-Length: " + json.length() + "\r\n", json);
    }

    /** A JSON item exactly {@code length} bytes long. */
    private static String itemOfLength(int length) {
        String shortest = "{\"name\":\"\",\"count\":1}";
        return "{\"name\":\"" + "a".repeat(length - shortest.length()) + "\",\"count\":1}";
    }

    /** Runs {@code action} and returns what was logged meanwhile (slf4j-simple writes to System.err). */
    private static String logOf(ThrowingRunnable action) throws Exception {
        PrintStream original = System.err;
        var captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void bindsABodyOfExactlyTheLimit() throws Exception {
        String body = itemOfLength(LIMIT);
        assertThat(body).hasSize(LIMIT);
        assertThat(postJson("/items", body)).startsWith("HTTP/1.1 201 Created\r\n").endsWith(body);
    }

    @Test
    void answersABodyOneByteOverTheLimitWith413ProblemDetails() throws Exception {
        String response = postJson("/items", itemOfLength(LIMIT + 1));
        assertThat(response).startsWith("HTTP/1.1 413 Content Too Large\r\n").contains("Content-Type: application/problem+json\r\n")
                .contains("\"status\":413");
    }

    @Test
    void answersAChunkedBodyOverTheLimitWith413ProblemDetails() throws Exception {
        String json = itemOfLength(LIMIT + 1);
        String chunked = Integer.toHexString(40) + "\r\n" + json.substring(0, 40) + "\r\n"
                + Integer.toHexString(json.length() - 40) + "\r\n" + json.substring(40) + "\r\n0\r\n\r\n";
        String response = post("/items", "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n", chunked);
        assertThat(response).startsWith("HTTP/1.1 413 Content Too Large\r\n").contains("\"status\":413");
    }

    @Test
    void answersAMalformedChunkSizeWith400ProblemDetails() throws Exception {
        String response = post("/items", "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Content-Type: application/problem+json\r\n")
                .contains("\"status\":400");
    }

    @Test
    void answersAnEndpointsOwnReadOverTheLimitWith413() throws Exception {
        String body = "x".repeat(LIMIT + 1);
        assertThat(post("/raw", "Content-Length: " + body.length() + "\r\n", body)).startsWith("HTTP/1.1 413 Content Too Large\r\n")
                .contains("\"status\":413");
        assertThat(post("/raw", "Content-Length: 3\r\n", "abc")).endsWith("\r\n\r\nread 3 bytes");
    }

    @Test
    void logsARefusedBodyWithoutAnErrorOrAStackTrace() throws Exception {
        String log = logOf(() -> {
            postJson("/items", itemOfLength(LIMIT + 1));
            post("/items", "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n");
        });
        assertThat(log).doesNotContain("ERROR").doesNotContain("WARN").doesNotContain("\tat ");
    }

    @Test
    void answersAJsonBodyDeclaredAsAnotherTypeWith415() throws Exception {
        String json = "{\"name\":\"a\",\"count\":1}";
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/jsonp", "json"}) {
            String response = post("/items", "Content-Type: " + type + "\r\nContent-Length: " + json.length() + "\r\n", json);
            assertThat(response).as(type).startsWith("HTTP/1.1 415 Unsupported Media Type\r\n")
                    .contains("Content-Type: application/problem+json\r\n").contains("\"status\":415");
        }
    }

    @Test
    void answersAJsonBodyWithoutContentTypeWith415() throws Exception {
        String json = "{\"name\":\"a\",\"count\":1}";
        assertThat(post("/items", "Content-Length: " + json.length() + "\r\n", json))
                .startsWith("HTTP/1.1 415 Unsupported Media Type\r\n").contains("no Content-Type");
        assertThat(post("/items", "Content-Length: 0\r\n", "")).as("no body at all: the binding's 400")
                .startsWith("HTTP/1.1 400 ").contains("the request has no body");
    }

    @Test
    void bindsJsonAndPlusJsonTypesWithParameters() throws Exception {
        String json = "{\"name\":\"a\",\"count\":1}";
        for (String type : new String[] {"application/json", "Application/JSON; charset=utf-8", "application/merge-patch+json"}) {
            String response = post("/items", "Content-Type: " + type + "\r\nContent-Length: " + json.length() + "\r\n", json);
            assertThat(response).as(type).startsWith("HTTP/1.1 201 Created\r\n").endsWith(json);
        }
    }
}
