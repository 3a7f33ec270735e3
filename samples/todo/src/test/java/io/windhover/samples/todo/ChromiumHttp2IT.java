package io.windhover.samples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.tls.DevelopmentCertificate;
import io.windhover.web.WebApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The todo sample over HTTPS as a browser sees it: headless Chromium loads the page with the
 * development certificate trusted and negotiates HTTP/2 by ALPN, as the sample's default
 * {@code Http1AndHttp2} end point offers; the page's own fetch of {@code /todos} rides the same
 * HTTP/2 connection. Checked from the page itself, through the Resource Timing API's
 * {@code nextHopProtocol}.
 */
class ChromiumHttp2IT {

    @TempDir
    Path profile;
    @TempDir
    Path devCerts;
    private WebApplication app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void chromiumLoadsThePageAndItsApiCallsOverHttp2() throws Exception {
        var development = DevelopmentCertificate.in(devCerts);
        development.loadOrCreate();
        app = TodoApp.create("--urls", "https://127.0.0.1:0", "--content-root", Path.of("").toAbsolutePath().toString(),
                        "--ConnectionStrings:Todos=jdbc:sqlite::memory:")
                .developmentCertificate(development);
        app.start();
        String base = app.listeningUrls().getFirst();
        try (var client = TrustingClients.trusting(development.certificateFile())) {
            var created = client.send(HttpRequest.newBuilder(URI.create(base + "/todos")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"over h2\",\"done\":false}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
        }
        String spki = DevelopmentCertificate.spkiHash(TrustingClients.certificate(development.certificateFile()));
        try (var page = ChromiumDevTools.start(profile, "--ignore-certificate-errors-spki-list=" + spki)) {
            page.navigate(base + "/");
            page.waitFor("document.getElementById('status')?.textContent === '1 todo'");
            assertThat(page.evaluate("performance.getEntriesByType('navigation')[0].nextHopProtocol").asText()).isEqualTo("h2");
            String todos = "performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname === '/todos')";
            assertThat(page.evaluate(todos + ".length").asInt()).isPositive();
            assertThat(page.evaluate(todos + ".every(e => e.nextHopProtocol === 'h2')").asBoolean()).isTrue();
        }
    }
}
