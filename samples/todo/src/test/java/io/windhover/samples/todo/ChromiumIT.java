package io.windhover.samples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.tls.DevelopmentCertificate;
import io.windhover.web.WebApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The todo page in a real browser: headless Chromium loads {@code /}, runs the page's script (which
 * fetches {@code /todos} and renders the list), and the rendered DOM is checked — over plain HTTP,
 * and over HTTPS with the development certificate, which Chromium is told to trust by its public
 * key's hash; and the page uploading the file chosen in a todo's file input, driven through the
 * DevTools protocol ({@link ChromiumDevTools}); and Swagger UI at /swagger listing every operation of
 * the OpenAPI document. Chromium comes from Debian's package, installed by bin/setup-test-tools; the test
 * fails, not skips, without it.
 */
class ChromiumIT {

    /** A fresh profile per test: nothing cached, no HSTS state, no trust remembered. */
    @TempDir
    Path profile;
    @TempDir
    Path devCerts;
    @TempDir
    Path attachments;
    /** Where the file the browser is given to upload lies. */
    @TempDir
    Path uploads;
    private WebApplication app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** Starts the sample on {@code url} and adds two todos through the API with {@code client}, the first with an attachment. */
    private String start(String url, HttpClient client) throws Exception {
        app = TodoApp.create("--urls", url, "--content-root", Path.of("").toAbsolutePath().toString(),
                        "--ConnectionStrings:Todos=jdbc:sqlite::memory:", "--Todo:AttachmentsPath=" + attachments)
                .developmentCertificate(DevelopmentCertificate.in(devCerts));
        app.start();
        String base = app.listeningUrls().getFirst();
        try (client) {
            for (String todo : List.of("{\"title\":\"buy milk\",\"done\":false}", "{\"title\":\"write <tests>\",\"done\":true}")) {
                var created = client.send(HttpRequest.newBuilder(URI.create(base + "/todos"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(todo)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(created.statusCode()).isEqualTo(201);
            }
            String upload = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.txt\"\r\n"
                    + "Content-Type: text/plain\r\n\r\nmilk!\r\n--b--\r\n";
            var attached = client.send(HttpRequest.newBuilder(URI.create(base + "/todos/1/attachments"))
                    .header("Content-Type", "multipart/form-data; boundary=b").POST(HttpRequest.BodyPublishers.ofString(upload)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(attached.statusCode()).isEqualTo(201);
        }
        return base;
    }

    @Test
    void rendersTheTodoListFromTheApi() throws Exception {
        String base = start("http://127.0.0.1:0", HttpClient.newHttpClient());
        assertRendersBothTodos(chromiumDom(base + "/"));
    }

    @Test
    void rendersTheTodoListOverHttpsTrustingTheDevelopmentCertificate() throws Exception {
        var development = DevelopmentCertificate.in(devCerts);
        development.loadOrCreate(); // what the sample would make on first use, made here so the client can trust it
        String base = start("https://127.0.0.1:0", TrustingClients.trusting(development.certificateFile()));
        assertThat(base).startsWith("https://");
        String spki = DevelopmentCertificate.spkiHash(TrustingClients.certificate(development.certificateFile()));
        // Chromium honours the SPKI list only with a --user-data-dir of its own, which every run has.
        assertRendersBothTodos(chromiumDom(base + "/", "--ignore-certificate-errors-spki-list=" + spki));
    }

    @Test
    void thePageUploadsTheFileChosenInATodosFileInput() throws Exception {
        String base = start("http://127.0.0.1:0", HttpClient.newHttpClient());
        Path chosen = Files.writeString(uploads.resolve("notes for todo 2.txt"), "bring a bag\n");
        try (var page = ChromiumDevTools.start(profile)) {
            page.navigate(base + "/");
            page.waitFor("document.getElementById('status')?.textContent === '2 todos'");
            page.setFiles("li[data-id='2'] input[type=file]", chosen);
            // The page's change handler posts the file as multipart/form-data with fetch, then renders the list again.
            String link = "document.querySelector(\"li[data-id='2'] ul.files a\")";
            page.waitFor(link + "?.textContent");
            assertThat(page.evaluate(link + ".textContent").asText()).isEqualTo(chosen.getFileName().toString());
            assertThat(page.evaluate(link + ".parentElement.textContent").asText()).endsWith("(12 bytes)");
            String href = page.evaluate(link + ".getAttribute('href')").asText();
            assertThat(href).isEqualTo("/todos/2/attachments/" + chosen.getFileName().toString().replace(" ", "%20"));
            try (var client = HttpClient.newHttpClient()) {
                var stored = client.send(HttpRequest.newBuilder(URI.create(base + href)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(stored.statusCode()).isEqualTo(200);
                assertThat(stored.body()).as("the bytes the browser sent").isEqualTo("bring a bag\n");
                assertThat(stored.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            }
        }
    }

    @Test
    void swaggerUiListsEveryOperationOfTheDocument() throws Exception {
        String base = start("http://127.0.0.1:0", HttpClient.newHttpClient());
        int counted = 0;
        try (var client = HttpClient.newHttpClient()) {
            var document = new com.fasterxml.jackson.databind.ObjectMapper().readTree(client.send(
                    HttpRequest.newBuilder(URI.create(base + "/openapi/v1.json")).build(), HttpResponse.BodyHandlers.ofString()).body());
            for (var path : document.get("paths")) {
                counted += path.size();
            }
        }
        int operations = counted;
        assertThat(operations).as("5 from the controller, 3 for attachments, the event stream, the health check").isEqualTo(10);
        try (var page = ChromiumDevTools.start(profile)) {
            page.navigate(base + "/swagger");
            // Swagger UI fetches the document and renders one .opblock per operation.
            page.waitFor("document.querySelectorAll('.opblock').length === " + operations);
            assertThat(page.evaluate("document.querySelector('.info .title')?.textContent ?? ''").asText()).startsWith("todo | v1");
            assertThat(page.evaluate("[...document.querySelectorAll('.opblock-summary-path')].map(e => e.textContent).join(' ')")
                    .asText()).contains("/todos/{id}/attachments/{name}");
        }
    }

    private String chromiumDom(String url, String... flags) throws IOException, InterruptedException {
        var command = ChromiumDevTools.command(profile, flags);
        command.addAll(List.of("--virtual-time-budget=10000", "--dump-dom", url));
        Process browser = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(browser.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(browser.exitValue()).as("chromium's exit status; its DOM: %s", dom).isZero();
        return dom;
    }

    private static void assertRendersBothTodos(String dom) {
        assertThat(dom).contains("<title>Todos</title>");
        assertThat(dom).as("the script fetched and rendered both todos")
                .containsPattern("<li class=\"\" data-id=\"1\">.*<span>buy milk</span>")
                .containsPattern("<li class=\"done\" data-id=\"2\">.*<span>write &lt;tests&gt;</span>")
                .contains("<p id=\"status\">2 todos</p>")
                .as("the attachment of the first, linked, and a file input on each")
                .contains("<li><a href=\"/todos/1/attachments/list.txt\">list.txt</a> (5 bytes)</li>")
                .containsPattern("(<input type=\"file\" title=\"Attach a file\">.*){2}");
    }
}
