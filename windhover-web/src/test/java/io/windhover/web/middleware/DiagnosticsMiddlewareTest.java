package io.windhover.web.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.web.TestHost;
import io.windhover.web.WebApplication;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The exception handler and request logging, as wire transcripts over a socket and in memory. */
@ParameterizedClass
@EnumSource(TestHost.Kind.class)
class DiagnosticsMiddlewareTest {

    @Parameter
    TestHost.Kind kind;

    private TestHost host;

    @AfterEach
    void stop() throws Exception {
        if (host != null) {
            host.close();
        }
    }

    private void start(String environment) throws Exception {
        var app = WebApplication.create("--environment", environment)
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
        host = TestHost.start(kind, app);
    }

    /** The whole response, head and body, as the server sent it until it closed. */
    private String get(String target) throws Exception {
        byte[] request = ("GET " + target + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        return new String(host.exchange(request), StandardCharsets.UTF_8);
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void answersAnUnhandledExceptionWithProblemDetailsWithoutItsTraceInProduction() throws Exception {
        start("Production");
        String response = get("/fail");
        assertThat(response).startsWith("HTTP/1.1 500 Internal Server Error\r\n")
                .contains("\r\nContent-Type: application/problem+json\r\n");
        assertThat(body(response)).contains("\"status\":500").contains("An error occurred while processing the request.")
                .doesNotContain("database").doesNotContain("IllegalStateException");
        assertThat(body(get("/ok"))).as("the server goes on").isEqualTo("fine");
    }

    @Test
    void discardsWhatAFailedHandlerWroteBeforeAnsweringWithTheProblem() throws Exception {
        start("Production");
        String response = get("/halfway");
        assertThat(response).startsWith("HTTP/1.1 500 Internal Server Error\r\n")
                .contains("\r\nContent-Type: application/problem+json\r\n");
        assertThat(body(response)).startsWith("{").doesNotContain("partial output").contains("\"status\":500");
    }

    @Test
    void showsTheExceptionInDevelopment() throws Exception {
        start("Development");
        String response = get("/fail");
        assertThat(response).startsWith("HTTP/1.1 500 Internal Server Error\r\n");
        assertThat(body(response)).contains("the database is down").contains("java.lang.IllegalStateException")
                .contains("\"stackTrace\":");
    }

    @Test
    void abortsWhenTheResponseHadStarted() throws Exception {
        start("Production");
        try {
            assertThat(get("/late")).as("cut short, never completed as a 500").doesNotContain("\"status\":500");
        } catch (IOException aborted) {
            // the connection was aborted mid-response: what a client of a failed stream sees
        }
        assertThat(body(get("/ok"))).isEqualTo("fine");
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
        start("Production");
        String log = logOf(() -> get("/fail"));
        assertThat(occurrences(log, "java.lang.IllegalStateException: the database is down")).as(log).isEqualTo(1);
        assertThat(occurrences(log, " ERROR ")).as(log).isEqualTo(1);
    }

    @Test
    void logsAFailureAfterTheResponseStartedExactlyOnce() throws Exception {
        start("Production");
        // The server logs the failure before it aborts the connection, so the log is written once the client sees the end.
        String log = logOf(() -> {
            try {
                get("/late");
            } catch (IOException aborted) {
                // the connection was aborted mid-response
            }
        });
        assertThat(occurrences(log, "java.lang.IllegalStateException: too late to answer")).as(log).isEqualTo(1);
    }

    @Test
    void logsOneLinePerRequestWithStatusBytesAndDuration() throws Exception {
        start("Production");
        // Each request asks the server to close after it, and the line is logged before the server closes.
        String log = logOf(() -> {
            get("/ok?x=1");
            get("/missing");
        });
        assertThat(log).containsPattern("GET /ok\\?x=1 -> 200, 4 B, \\d+\\.\\d\\d ms")
                .containsPattern("GET /missing -> 404, 0 B, \\d+\\.\\d\\d ms");
    }
}
