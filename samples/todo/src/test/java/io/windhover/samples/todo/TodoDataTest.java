package io.windhover.samples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.web.WebApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The todo sample's data over a real socket with the JDK's HttpClient (and curl for an upload):
 * todos that survive a restart in SQLite, the title's validation, the done filter, and attachments.
 */
class TodoDataTest {

    @TempDir
    Path data;

    private WebApplication app;
    private HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private String base;

    private void start(String... settings) throws Exception {
        var args = new java.util.ArrayList<>(java.util.List.of("--urls", "http://127.0.0.1:0", "--content-root", data.toString(),
                "--Todo:AttachmentsPath=" + data.resolve("files")));
        args.addAll(java.util.List.of(settings));
        app = TodoApp.create(args.toArray(String[]::new));
        app.start();
        base = app.listeningUrls().getFirst();
    }

    private void startInMemory(String... settings) throws Exception {
        var args = new java.util.ArrayList<>(java.util.List.of("--ConnectionStrings:Todos=jdbc:sqlite::memory:"));
        args.addAll(java.util.List.of(settings));
        start(args.toArray(String[]::new));
    }

    @AfterEach
    void stop() {
        client.close();
        if (app != null) {
            app.close();
        }
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        return TodoAppTest.send(client, base, method, path, json);
    }

    private HttpResponse<String> upload(int todo, String fileName, String contentType, byte[] content) throws Exception {
        var body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--xyz\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nignored\r\n"
                + "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\nContent-Type: "
                + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes("\r\n--xyz--\r\n".getBytes(StandardCharsets.UTF_8));
        return client.send(HttpRequest.newBuilder(URI.create(base + "/todos/" + todo + "/attachments"))
                .header("Content-Type", "multipart/form-data; boundary=xyz")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void todosSurviveARestartInTheDatabaseFileUnderTheContentRoot() throws Exception {
        start();
        assertThat(send("POST", "/todos", "{\"title\":\"survive\",\"done\":true}").statusCode()).isEqualTo(201);
        assertThat(upload(1, "kept.txt", "text/plain", "still here".getBytes()).statusCode()).isEqualTo(201);
        app.close();
        assertThat(data.resolve("data/todos.db")).isRegularFile();
        start();
        assertThat(send("GET", "/todos", null).body()).isEqualTo("[{\"id\":1,\"title\":\"survive\",\"done\":true,"
                + "\"attachments\":[{\"name\":\"kept.txt\",\"size\":10,\"contentType\":\"text/plain\"}]}]");
        assertThat(send("GET", "/todos/1/attachments/kept.txt", null).body()).isEqualTo("still here");
        assertThat(send("POST", "/todos", "{\"title\":\"second\"}").headers().firstValue("location")).hasValue("/todos/2");
    }

    @Test
    void theTitleIsRequiredAndAtMost200CharactersOnceTrimmed() throws Exception {
        startInMemory();
        String blank = "{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.1\",\"title\":\"One or more validation errors occurred.\","
                + "\"status\":400,\"errors\":{\"title\":[\"must not be blank\"]}}";
        for (String body : new String[] {"{\"done\":false}", "{\"title\":\"   \"}", "{\"title\":\"\"}"}) {
            var refused = send("POST", "/todos", body);
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(refused.headers().firstValue("content-type")).hasValue("application/problem+json");
            assertThat(refused.body()).as(body).isEqualTo(blank);
        }
        String padded = "  " + "t".repeat(200) + "  ";
        var created = send("POST", "/todos", "{\"title\":\"" + padded + "\"}");
        assertThat(created.statusCode()).as("200 characters once trimmed").isEqualTo(201);
        assertThat(created.body()).contains("\"title\":\"" + "t".repeat(200) + "\"");
        var tooLong = send("POST", "/todos", "{\"title\":\"" + "t".repeat(201) + "\"}");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("\"errors\":{\"title\":[\"must be at most 200 characters\"]}");
        assertThat(send("PUT", "/todos/1", "{\"title\":\" \"}").body()).isEqualTo(blank);
        assertThat(send("GET", "/todos", null).body()).contains("\"id\":1").doesNotContain("\"id\":2");
    }

    @Test
    void filtersByDone() throws Exception {
        startInMemory();
        send("POST", "/todos", "{\"title\":\"open\"}");
        send("POST", "/todos", "{\"title\":\"finished\",\"done\":true}");
        assertThat(send("GET", "/todos?done=true", null).body()).isEqualTo("[{\"id\":2,\"title\":\"finished\",\"done\":true,\"attachments\":[]}]");
        assertThat(send("GET", "/todos?done=false", null).body()).isEqualTo("[{\"id\":1,\"title\":\"open\",\"done\":false,\"attachments\":[]}]");
        assertThat(send("GET", "/todos", null).body()).contains("open").contains("finished");
        var bad = send("GET", "/todos?done=maybe", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("'done': 'maybe' is not a valid Boolean");
    }

    @Test
    void attachesServesWithRangesAndDeletesAFile() throws Exception {
        startInMemory();
        send("POST", "/todos", "{\"title\":\"with a file\"}");
        byte[] content = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        var created = upload(1, "../../notes v1.txt", "text/plain", content);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("location")).hasValue("/todos/1/attachments/notes%20v1.txt");
        assertThat(created.body()).isEqualTo("{\"name\":\"notes v1.txt\",\"size\":16,\"contentType\":\"text/plain\"}");
        assertThat(Files.readAllBytes(data.resolve("files/1/notes v1.txt"))).isEqualTo(content);

        var whole = send("GET", "/todos/1/attachments/notes%20v1.txt", null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("content-type")).hasValue("text/plain");
        assertThat(whole.headers().firstValue("content-disposition")).hasValue("attachment; filename*=UTF-8''notes%20v1.txt");
        assertThat(whole.body()).isEqualTo("0123456789abcdef");
        var range = client.send(HttpRequest.newBuilder(URI.create(base + "/todos/1/attachments/notes%20v1.txt"))
                .header("Range", "bytes=4-7").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("content-range")).hasValue("bytes 4-7/16");
        assertThat(range.body()).isEqualTo("4567");
        assertThat(send("GET", "/todos/1", null).body()).contains("\"attachments\":[{\"name\":\"notes v1.txt\",\"size\":16");

        assertThat(send("DELETE", "/todos/1/attachments/notes%20v1.txt", null).statusCode()).isEqualTo(204);
        assertThat(data.resolve("files/1/notes v1.txt")).doesNotExist();
        assertThat(send("GET", "/todos/1/attachments/notes%20v1.txt", null).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/todos/1/attachments/notes%20v1.txt", null).statusCode()).isEqualTo(404);
    }

    @Test
    void anUnknownTodoIs404AndItsAttachmentsGoWithATodo() throws Exception {
        startInMemory();
        var none = upload(7, "a.txt", "text/plain", "x".getBytes());
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).contains("\"detail\":\"no todo 7\"");
        send("POST", "/todos", "{\"title\":\"t\"}");
        assertThat(upload(1, "a.txt", "text/plain", "x".getBytes()).statusCode()).isEqualTo(201);
        assertThat(send("DELETE", "/todos/1", null).statusCode()).isEqualTo(204);
        assertThat(data.resolve("files/1/a.txt")).doesNotExist();
        assertThat(send("GET", "/todos/1/attachments/a.txt", null).statusCode()).isEqualTo(404);
    }

    @Test
    void anAttachmentOverTheLimitIs413AndNothingIsStored() throws Exception {
        startInMemory("--Todo:MaxAttachmentBytes=1000");
        send("POST", "/todos", "{\"title\":\"t\"}");
        assertThat(upload(1, "exactly.bin", "application/octet-stream", new byte[1000]).statusCode()).isEqualTo(201);
        var refused = upload(1, "over.bin", "application/octet-stream", new byte[1001]);
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(refused.body()).isEqualTo("{\"title\":\"Content Too Large\",\"status\":413,"
                + "\"detail\":\"the attachment is larger than 1000 bytes (Todo:MaxAttachmentBytes)\"}");
        try (var files = Files.list(data.resolve("files/1"))) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("exactly.bin");
        }
        assertThat(send("GET", "/todos/1", null).body()).contains("exactly.bin").doesNotContain("over.bin");
    }

    @Test
    void theDefaultLimitIs10MiBAndABadOneStopsTheStartNamingIt() {
        assertThat(new TodoApp.TodoOptions(null, null, null)).isEqualTo(new TodoApp.TodoOptions(10_485_760L, "data/attachments", 1000));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> startInMemory("--Todo:MaxAttachmentBytes=0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("configuration section 'Todo': 'Todo:MaxAttachmentBytes' (from command line, '0') must be greater than 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> startInMemory("--Todo:MaxAttachmentBytes=ten"))
                .hasMessage("configuration key 'Todo:MaxAttachmentBytes' (from command line, 'ten') cannot be read as Long");
    }

    @Test
    void aTypeThatIsNotOneIsServedAsOctetStream() throws Exception {
        startInMemory();
        send("POST", "/todos", "{\"title\":\"t\"}");
        assertThat(upload(1, "a", "not a type", "x".getBytes()).body()).contains("\"contentType\":\"application/octet-stream\"");
    }

    @Test
    void curlUploadsAnAttachment() throws Exception {
        startInMemory();
        send("POST", "/todos", "{\"title\":\"t\"}");
        Path file = data.resolve("photo.png");
        Files.write(file, new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Process curl = new ProcessBuilder("curl", "-sS", "-F", "file=@" + file + ";type=image/png", base + "/todos/1/attachments")
                .redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(output).isEqualTo("{\"name\":\"photo.png\",\"size\":4,\"contentType\":\"image/png\"}");
    }
}
