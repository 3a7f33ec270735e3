package io.windhover.web.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.web.WebApplication;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The exception handler and request logging, on a real server. */
class DiagnosticsMiddlewareTest {

    private WebApplication app;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        client.close();
        if (app != null) {
            app.close();
        }
    }

    private String start(String environment) throws Exception {
        app = WebApplication.create("--urls", "http://127.0.0.1:0", "--environment", environment)
                .server(server -> server.shutdownTimeout(Duration.ofSeconds(1)));
        app.use(new RequestLogging());
        app.use(new ExceptionHandler(app.isDevelopment()));
        app.get("/fail", context -> {
            throw new IllegalStateException("the database is down");
        });
        app.get("/late", context -> {
            context.response().body().write("started".getBytes(StandardCharsets.US_ASCII));
            context.response().body().flush();
            throw new IllegalStateException("too late to answer");
        });
        app.get("/halfway", context -> {
            context.response().headers().set("Content-Type", "text/plain");
            context.response().body().write("partial output".getBytes(StandardCharsets.US_ASCII)); // buffered, not sent
            throw new IllegalStateException("failed halfway");
        });
        app.get("/ok", context -> "fine");
        app.start();
        return app.listeningUrls().getFirst();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersAnUnhandledExceptionWithProblemDetailsWithoutItsTraceInProduction() throws Exception {
        String base = start("Production");
        var response = get(base + "/fail");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":500").contains("An error occurred while processing the request.")
                .doesNotContain("database").doesNotContain("IllegalStateException");
        assertThat(get(base + "/ok").body()).as("the server goes on").isEqualTo("fine");
    }

    @Test
    void discardsWhatAFailedHandlerWroteBeforeAnsweringWithTheProblem() throws Exception {
        String base = start("Production");
        var response = get(base + "/halfway");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(response.body()).startsWith("{").doesNotContain("partial output").contains("\"status\":500");
    }

    @Test
    void showsTheExceptionInDevelopment() throws Exception {
        String base = start("Development");
        var response = get(base + "/fail");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("the database is down").contains("java.lang.IllegalStateException")
                .contains("\"stackTrace\":");
    }

    @Test
    void abortsWhenTheResponseHadStarted() throws Exception {
        String base = start("Production");
        try {
            var response = get(base + "/late");
            assertThat(response.body()).as("cut short, never completed as a 500").doesNotContain("\"status\":500");
        } catch (java.io.IOException aborted) {
            // the connection was aborted mid-response: what a client of a failed stream sees
        }
        assertThat(get(base + "/ok").body()).isEqualTo("fine");
    }

    /** What slf4j-simple wrote to System.err while {@code action} ran. */
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

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    @Test
    void logsAnUnhandledExceptionExactlyOnce() throws Exception {
        String base = start("Production");
        String log = logOf(() -> get(base + "/fail"));
        assertThat(occurrences(log, "java.lang.IllegalStateException: the database is down")).as(log).isEqualTo(1);
        assertThat(occurrences(log, " ERROR ")).as(log).isEqualTo(1);
    }

    @Test
    void logsAFailureAfterTheResponseStartedExactlyOnce() throws Exception {
        String base = start("Production");
        // The server logs the failure before it aborts the connection, so the log is written once the client sees the end.
        String log = logOf(() -> {
            try {
                get(base + "/late").body();
            } catch (java.io.IOException aborted) {
                // the connection was aborted mid-response
            }
        });
        assertThat(occurrences(log, "java.lang.IllegalStateException: too late to answer")).as(log).isEqualTo(1);
    }

    @Test
    void logsOneLinePerRequestWithStatusBytesAndDuration() throws Exception {
        String base = start("Production");
        PrintStream original = System.err;
        var captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            get(base + "/ok?x=1");
            get(base + "/missing");
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).containsPattern("GET /ok\\?x=1 -> 200, 4 B, \\d+\\.\\d\\d ms")
                .containsPattern("GET /missing -> 404, 0 B, \\d+\\.\\d\\d ms");
    }
}
