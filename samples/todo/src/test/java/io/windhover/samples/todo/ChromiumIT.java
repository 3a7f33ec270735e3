package io.windhover.samples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.tls.DevelopmentCertificate;
import io.windhover.web.WebApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The todo page in a real browser: headless Chromium loads {@code /}, runs the page's script (which
 * opens {@code /todos/events}, fetches {@code /todos} and renders the list), and the rendered DOM is checked — over plain HTTP,
 * and over HTTPS with the development certificate, which Chromium is told to trust by its public
 * key's hash; and the page uploading the file chosen in a todo's file input, driven through the
 * DevTools protocol ({@link ChromiumDevTools}); todos another client adds, ticks and deletes showing on
 * the open page through its event stream, without a reload; and Swagger UI at /swagger listing every operation of
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
    /** The application's feed of changes, to know when the page has subscribed. */
    private final java.util.concurrent.atomic.AtomicReference<TodoFeed> feed = new java.util.concurrent.atomic.AtomicReference<>();

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** Starts the sample on {@code url} and adds two todos through the API with {@code client}, the first with an attachment. */
    private String start(String url, HttpClient client) throws Exception {
        app = TodoApp.create(feed::set, "--urls", url, "--content-root", Path.of("").toAbsolutePath().toString(),
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
    void changesMadeByAnotherClientShowWithoutAReload() throws Exception {
        String base = start("http://127.0.0.1:0", HttpClient.newHttpClient());
        try (var page = ChromiumDevTools.start(profile); var other = HttpClient.newHttpClient()) {
            page.navigate(base + "/");
            page.waitFor("document.getElementById('status')?.textContent === '2 todos'");
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); feed.get().subscriberCount() == 0; ) {
                assertThat(System.nanoTime()).as("the page subscribed to /todos/events").isLessThan(deadline);
                Thread.sleep(10); // polling the server's state, bounded
            }
            page.evaluate("window.sameDocument = true"); // gone if the page reloaded
            var created = other.send(HttpRequest.newBuilder(URI.create(base + "/todos")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"from another client\",\"done\":false}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            page.waitFor("document.querySelector(\"li[data-id='3'] span\")?.textContent === 'from another client'"
                    + " && document.getElementById('status').textContent === '3 todos'");
            var ticked = other.send(HttpRequest.newBuilder(URI.create(base + "/todos/3")).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"title\":\"from another client\",\"done\":true}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ticked.statusCode()).isEqualTo(200);
            page.waitFor("document.querySelector(\"li[data-id='3']\")?.className === 'done'");
            var deleted = other.send(HttpRequest.newBuilder(URI.create(base + "/todos/1")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(deleted.statusCode()).isEqualTo(204);
            page.waitFor("!document.querySelector(\"li[data-id='1']\") && document.getElementById('status').textContent === '2 todos'");
            assertThat(page.evaluate("window.sameDocument === true").asBoolean()).as("no reload").isTrue();
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

    /**
     * The page's DOM once its script rendered the list. Through the DevTools protocol, not
     * {@code --dump-dom --virtual-time-budget}: virtual time stands still while a request is open, and
     * the page's event stream stays open.
     */
    private String chromiumDom(String url, String... flags) throws Exception {
        try (var page = ChromiumDevTools.start(profile, flags)) {
            page.navigate(url);
            page.waitFor("document.getElementById('status')?.textContent === '2 todos'");
            return page.evaluate("document.documentElement.outerHTML").asText();
        }
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
