package io.windhover.samples.todo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.web.WebApplication;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The todo sample's contract with bearer tokens: with {@code Authentication:Bearer} configured every
 * write under {@code /todos} (attachments included) needs a token with {@code todos:write}, reads
 * stay anonymous; {@code bin/todo jwt} prints tokens the server takes; in Development with no key,
 * the development key is made, kept and shared by both.
 */
class TodoBearerTest {

    private static final String KEY = Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
    private static final String ISSUER = "https://todo.test/";
    private static final String AUDIENCE = "todos";

    @TempDir
    Path folder;

    private WebApplication app;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private String base;

    private List<String> args(String... more) {
        List<String> args = new ArrayList<>(List.of("--urls", "http://127.0.0.1:0", "--content-root", Path.of("").toAbsolutePath().toString(),
                "--ConnectionStrings:Todos=jdbc:sqlite::memory:", "--Todo:AttachmentsPath=" + folder.resolve("attachments"),
                "--Authentication:Bearer:DevelopmentKeyFolder=" + folder.resolve("user-jwts")));
        args.addAll(List.of(more));
        return args;
    }

    private static final String[] CONFIGURED = {"--Authentication:Bearer:SigningKey=" + KEY, "--Authentication:Bearer:Issuer=" + ISSUER,
            "--Authentication:Bearer:Audience=" + AUDIENCE};

    private void start(String... more) throws Exception {
        app = TodoApp.create(args(more).toArray(String[]::new));
        app.start();
        base = app.listeningUrls().getFirst();
    }

    @AfterEach
    void stop() {
        client.close();
        if (app != null) {
            app.close();
        }
    }

    private String jwt(String... options) throws Exception {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        List<String> all = args(options);
        int status = TodoTokens.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    private HttpResponse<String> send(String method, String path, String json, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void writesNeedATokenWithTheWriteScopeAndReadsStayAnonymous() throws Exception {
        start(CONFIGURED);
        String writer = jwt(concat(CONFIGURED, "--scope", "todos:write"));
        String reader = jwt(concat(CONFIGURED, "--scope", "todos:read"));
        var anonymous = send("POST", "/todos", "{\"title\":\"milk\"}", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().allValues("WWW-Authenticate")).containsExactly("Bearer");
        assertThat(send("POST", "/todos", "{\"title\":\"milk\"}", reader).statusCode()).isEqualTo(403);
        var created = send("POST", "/todos", "{\"title\":\"milk\"}", writer);
        assertThat(created.statusCode()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(send("GET", "/todos", null, null).body()).contains("milk");
        assertThat(send("GET", location, null, null).statusCode()).isEqualTo(200);
        assertThat(send("PUT", location, "{\"title\":\"oat milk\",\"done\":true}", null).statusCode()).isEqualTo(401);
        assertThat(send("PUT", location, "{\"title\":\"oat milk\",\"done\":true}", reader).statusCode()).isEqualTo(403);
        assertThat(send("PUT", location, "{\"title\":\"oat milk\",\"done\":true}", writer).statusCode()).isEqualTo(200);
        assertThat(attach(location, null).statusCode()).isEqualTo(401);
        assertThat(attach(location, reader).statusCode()).isEqualTo(403);
        assertThat(attach(location, writer).statusCode()).isEqualTo(201);
        assertThat(send("GET", location + "/attachments/note.txt", null, null).body()).isEqualTo("hello");
        assertThat(send("DELETE", location + "/attachments/note.txt", null, null).statusCode()).isEqualTo(401);
        assertThat(send("DELETE", location + "/attachments/note.txt", null, writer).statusCode()).isEqualTo(204);
        assertThat(send("DELETE", location, null, reader).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", location, null, writer).statusCode()).isEqualTo(204);
        // The event stream is a read too: anonymous, and it replays what the writers did.
        var events = client.send(HttpRequest.newBuilder(URI.create(base + "/todos/events")).header("Last-Event-ID", "0").build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(events.statusCode()).isEqualTo(200);
        try (var lines = events.body()) {
            assertThat(lines.filter(line -> line.startsWith("data: ")).limit(5).toList()).hasSize(5).last().asString()
                    .isEqualTo("data: {\"type\":\"deleted\",\"todo\":{\"id\":1}}");
        }
        // So is the WebSocket: no token, and the same changes from the start of the history.
        try (var live = LiveSocket.open(client, base, "0")) {
            for (int i = 1; i < 5; i++) {
                assertThat(live.next()).startsWith("{\"id\":" + i + ",");
            }
            assertThat(live.next()).isEqualTo("{\"id\":5,\"type\":\"deleted\",\"todo\":{\"id\":1}}");
        }
    }

    @Test
    void aTokenForAnotherKeyOrExpiredIsRefusedWithItsReason() throws Exception {
        start(CONFIGURED);
        String otherKey = Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
        String forged = jwt("--Authentication:Bearer:SigningKey=" + otherKey, "--Authentication:Bearer:Issuer=" + ISSUER,
                "--Authentication:Bearer:Audience=" + AUDIENCE, "--scope", "todos:write");
        var response = send("POST", "/todos", "{\"title\":\"x\"}", forged);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly("Bearer error=\"invalid_token\", error_description=\"The signature is invalid\"");
    }

    @Test
    void withoutTheSettingWritesStayOpen() throws Exception {
        start();
        assertThat(send("POST", "/todos", "{\"title\":\"milk\"}", null).statusCode()).isEqualTo(201);
        assertThat(Files.exists(folder.resolve("user-jwts"))).as("no development key outside Development").isFalse();
    }

    @Test
    void inDevelopmentTheDevelopmentKeyIsMadeKeptAndUsedByServerAndJwtAlike() throws Exception {
        start("--environment", "Development");
        Path keyFile = folder.resolve("user-jwts/todo.properties");
        assertThat(keyFile).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        String kept = Files.readString(keyFile);
        assertThat(send("POST", "/todos", "{\"title\":\"milk\"}", null).statusCode()).isEqualTo(401);
        String token = jwt("--environment", "Development", "--scope", "todos:write", "--role", "tester", "--expires", "5");
        assertThat(send("POST", "/todos", "{\"title\":\"milk\"}", token).statusCode()).isEqualTo(201);
        assertThat(Files.readString(keyFile)).as("kept, not made again").isEqualTo(kept);
    }

    @Test
    void theJwtCommandWithoutAKeySaysWhatToSet() throws Exception {
        var err = new ByteArrayOutputStream();
        int status = TodoTokens.run(args("--scope", "todos:write").toArray(String[]::new), System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("set Authentication:Bearer:SigningKey, Issuer and Audience");
    }

    @Test
    void aBadSettingStopsTheStartNamingItsKeyAndSource() {
        assertThatThrownBy(() -> TodoApp.create(args("--Authentication:Bearer:SigningKey=" + Base64.getUrlEncoder().encodeToString(random(31)),
                "--Authentication:Bearer:Issuer=" + ISSUER, "--Authentication:Bearer:Audience=" + AUDIENCE).toArray(String[]::new)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Authentication:Bearer:SigningKey (from command line) has 31 bytes; HS256 needs at least 32");
        assertThatThrownBy(() -> TodoApp.create(args("--Authentication:Bearer:SigningKey=" + KEY).toArray(String[]::new)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Authentication:Bearer:Issuer is not set; set SigningKey, Issuer and Audience together");
    }

    private HttpResponse<String> attach(String location, String token) throws Exception {
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"note.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--"
                + boundary + "--\r\n";
        var request = HttpRequest.newBuilder(URI.create(base + location + "/attachments"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return value;
    }
}
