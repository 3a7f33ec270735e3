package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where an application's settings come from, and a file result. */
class ConfigurationTest {

    @TempDir
    Path root;

    @BeforeEach
    void noSettingsFromThisProcess() {
        assumeTrue(System.getenv("WINDHOVER_URLS") == null && System.getenv("WINDHOVER_ENVIRONMENT") == null,
                "the environment variables would override the files under test");
    }

    @Test
    void readsTheConfigurationFileThenItsEnvironmentsFileThenTheCommandLine() throws Exception {
        Files.writeString(root.resolve("windhover.json"), "{\"urls\": [\"http://127.0.0.1:0\"], \"environment\": \"Staging\"}");
        try (var app = WebApplication.create("--content-root", root.toString())) {
            app.get("/", context -> context.http().localAddress().toString());
            assertThat(app.environment()).isEqualTo("Staging");
            assertThat(app.isDevelopment()).isFalse();
            app.start();
            assertThat(app.listeningUrls()).singleElement().asString().startsWith("http://127.0.0.1:");
        }
        Files.writeString(root.resolve("windhover.Development.json"), "{\"urls\": \"http://[::1]:0\"}");
        try (var app = WebApplication.create("--content-root", root.toString(), "--environment", "Development")) {
            assertThat(app.isDevelopment()).isTrue();
            app.start();
            assertThat(app.listeningUrls()).as("the environment's file wins over the base file")
                    .singleElement().asString().startsWith("http://[::1]:");
        } catch (java.io.IOException noIpv6) {
            // a machine without IPv6 cannot bind [::1]; the precedence is what is under test, and it got that far
        }
        try (var app = WebApplication.create("--content-root", root.toString(), "--urls", "http://127.0.0.1:0")) {
            app.start();
            assertThat(app.listeningUrls()).as("the command line wins").singleElement().asString().startsWith("http://127.0.0.1:");
        }
    }

    @Test
    void refusesAMalformedConfigurationFileNamingIt() throws Exception {
        Files.writeString(root.resolve("windhover.json"), "{\"urls\": ");
        assertThatThrownBy(() -> WebApplication.create("--content-root", root.toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("windhover.json is not valid JSON");
        Files.writeString(root.resolve("windhover.json"), "{\"urls\": 5000}");
        assertThatThrownBy(() -> WebApplication.create("--content-root", root.toString()))
                .hasMessageContaining("'urls' must be a string");
        assertThatThrownBy(() -> WebApplication.create("--port", "5000")).hasMessageContaining("unknown argument '--port'");
    }

    @Test
    void sendsAFileAsAResult() throws Exception {
        Path report = Files.writeString(root.resolve("report.csv"), "a,b\n1,2\n");
        Path text = Files.writeString(root.resolve("notes.txt"), "hello");
        try (var app = WebApplication.create("--urls", "http://127.0.0.1:0");
                var client = HttpClient.newHttpClient()) {
            app.get("/report", context -> Results.file(report, "text/csv"));
            app.get("/notes", context -> Results.file(text));
            app.get("/missing", context -> Results.file(root.resolve("nope.txt")));
            app.start();
            String base = app.listeningUrls().getFirst();
            var csv = client.send(HttpRequest.newBuilder(URI.create(base + "/report")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(csv.body()).isEqualTo("a,b\n1,2\n");
            assertThat(csv.headers().firstValue("content-type")).hasValue("text/csv");
            var notes = client.send(HttpRequest.newBuilder(URI.create(base + "/notes")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(notes.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/missing")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        }
    }
}
