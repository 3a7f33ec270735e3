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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The todo sample over a real socket, plain and TLS, driven by the JDK's HttpClient as a client app would. */
class TodoAppTest {

    private WebApplication app;
    private HttpClient client;
    private String base;

    @BeforeEach
    void start() throws Exception {
        app = create("http://127.0.0.1:0");
        app.start();
        base = app.listeningUrls().getFirst();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @TempDir
    static Path attachments;

    private static WebApplication create(String urls) throws java.io.IOException {
        // Maven runs tests in the module's folder, where wwwroot is; the data stays in memory.
        return TodoApp.create("--urls", urls, "--content-root", Path.of("").toAbsolutePath().toString(),
                "--ConnectionStrings:Todos=jdbc:sqlite::memory:", "--Todo:AttachmentsPath=" + attachments);
    }

    @AfterEach
    void stop() {
        client.close();
        app.close();
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        return send(client, base, method, path, json);
    }

    /** {@code method path} with {@code json} as its body (none when null), as a client app would send it. */
    static HttpResponse<String> send(HttpClient client, String base, String method, String path, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void walksThroughTheApi() throws Exception {
        walkThroughTheApi();
    }

    @Test
    void walksThroughTheApiOverHttpsWithTheDevelopmentCertificateItMakesWhenMissing(@TempDir Path devCerts) throws Exception {
        stop();
        var development = DevelopmentCertificate.in(devCerts);
        // In Production, bin/todo's default environment: the sample allows the development certificate itself.
        app = create("https://127.0.0.1:0").developmentCertificate(development);
        assertThat(app.environment()).isEqualTo("Production");
        app.start();
        assertThat(development.exists()).as("made on first use, as on a fresh clone").isTrue();
        base = app.listeningUrls().getFirst();
        assertThat(base).startsWith("https://127.0.0.1:");
        client = TrustingClients.trusting(development.certificateFile());
        walkThroughTheApi();
        assertThat(send("GET", "/todos", null).headers().firstValue("strict-transport-security"))
                .as("no HSTS without a plain URL beside it, and never for 127.0.0.1").isEmpty();
    }

    @Test
    void redirectsPlainRequestsToHttpsOnlyWhenServingBoth(@TempDir Path devCerts) throws Exception {
        var plainOnly = send("GET", "/todos", null);
        assertThat(plainOnly.statusCode()).as("the default, plain HTTP alone, stays usable").isEqualTo(200);
        stop();
        var development = DevelopmentCertificate.in(devCerts);
        app = create("http://127.0.0.1:0;https://127.0.0.1:0").developmentCertificate(development);
        app.start();
        String plain = app.listeningUrls().get(0);
        String https = app.listeningUrls().get(1);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        base = plain;
        var redirected = send("GET", "/todos?done=true", null);
        assertThat(redirected.statusCode()).isEqualTo(307);
        assertThat(redirected.headers().firstValue("location")).hasValue(https + "/todos?done=true");
        client.close();
        client = TrustingClients.trusting(development.certificateFile());
        base = https;
        assertThat(send("GET", "/todos", null).body()).isEqualTo("[]");
    }

    private void walkThroughTheApi() throws Exception {
        assertThat(send("GET", "/todos", null).body()).isEqualTo("[]");

        var created = send("POST", "/todos", "{\"title\":\"buy milk\",\"done\":false}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("location")).hasValue("/todos/1");
        assertThat(created.body()).isEqualTo("{\"id\":1,\"title\":\"buy milk\",\"done\":false,\"attachments\":[]}");

        assertThat(send("GET", "/todos/1", null).body()).isEqualTo("{\"id\":1,\"title\":\"buy milk\",\"done\":false,\"attachments\":[]}");
        var replaced = send("PUT", "/todos/1", "{\"title\":\"buy oat milk\",\"done\":true}");
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(replaced.body()).contains("\"done\":true");
        assertThat(send("GET", "/todos", null).body()).isEqualTo("[{\"id\":1,\"title\":\"buy oat milk\",\"done\":true,\"attachments\":[]}]");

        assertThat(send("DELETE", "/todos/1", null).statusCode()).isEqualTo(204);
        var gone = send("GET", "/todos/1", null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(send("PUT", "/todos/1", "{\"title\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/todos/1", null).statusCode()).isEqualTo(404);
    }

    @Test
    void letsTheDevelopmentFrontEndCallAndCompressesWhenAsked() throws Exception {
        var preflight = client.send(HttpRequest.newBuilder(URI.create(base + "/todos"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "POST").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue("http://localhost:3000");
        var page = client.send(HttpRequest.newBuilder(URI.create(base + "/")).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(page.headers().firstValue("content-encoding")).hasValue("gzip");
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(page.body()))) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).contains("<title>Todos</title>");
        }
    }
}
