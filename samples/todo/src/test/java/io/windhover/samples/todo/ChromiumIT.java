package io.windhover.samples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.web.WebApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The todo page in a real browser: headless Chromium loads {@code /}, runs the page's script (which
 * fetches {@code /todos} and renders the list), and the rendered DOM is checked. Chromium comes from
 * Debian's package, installed by bin/setup-test-tools; the test fails, not skips, without it.
 */
class ChromiumIT {

    @TempDir
    Path profile;
    private WebApplication app;
    private String base;

    @BeforeEach
    void start() throws Exception {
        app = TodoApp.create("--urls", "http://127.0.0.1:0", "--content-root", Path.of("").toAbsolutePath().toString());
        app.start();
        base = app.listeningUrls().getFirst();
        try (var client = HttpClient.newHttpClient()) {
            for (String todo : List.of("{\"title\":\"buy milk\",\"done\":false}", "{\"title\":\"write <tests>\",\"done\":true}")) {
                var created = client.send(HttpRequest.newBuilder(URI.create(base + "/todos"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(todo)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(created.statusCode()).isEqualTo(201);
            }
        }
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void rendersTheTodoListFromTheApi() throws IOException, InterruptedException {
        var command = List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--dump-dom", base + "/");
        Process browser = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(browser.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(browser.exitValue()).as("chromium's exit status; its DOM: %s", dom).isZero();

        assertThat(dom).contains("<title>Todos</title>");
        assertThat(dom).as("the script fetched and rendered both todos")
                .containsPattern("<li class=\"\" data-id=\"1\">.*<span>buy milk</span>")
                .containsPattern("<li class=\"done\" data-id=\"2\">.*<span>write &lt;tests&gt;</span>")
                .contains("<p id=\"status\">2 todos</p>");
    }
}
