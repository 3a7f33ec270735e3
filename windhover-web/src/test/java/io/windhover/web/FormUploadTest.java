package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.web.middleware.ExceptionHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads over a real socket from real clients — the JDK's HttpClient and {@code curl -F} — at the
 * default body length limit of 128 MiB and one byte over, and a client that goes away halfway
 * through an upload.
 */
class FormUploadTest {

    @TempDir
    Path uploads;

    private WebApplication app;
    private String base;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        app = WebApplication.create("--urls", "http://127.0.0.1:0").server(server -> server.shutdownTimeout(Duration.ofSeconds(1)));
        app.formOptions(FormOptions.builder().tempDirectory(uploads).build());
        app.use(new ExceptionHandler(false));
        app.post("/upload", context -> {
            Form form = context.form();
            FormFile file = form.file("file");
            return form.value("title") + " " + file.fileName() + " " + file.contentType() + " " + file.length();
        });
        app.post("/count", context -> {
            context.request().maxBodySize(Long.MAX_VALUE); // the form's own limit is the one under test
            long bytes = 0;
            MultipartReader parts = context.multipart();
            for (MultipartSection part; (part = parts.next()) != null; ) {
                bytes += part.body().transferTo(OutputStream.nullOutputStream());
            }
            return "read " + bytes;
        });
        app.start();
        base = app.listeningUrls().getFirst();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        client.close();
        app.close();
    }

    private static final String HEAD = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n\r\n";
    private static final String TAIL = "\r\n--b--\r\n";

    /** A multipart body of exactly {@code length} bytes: one file of zeros, generated as it is sent. */
    private static InputStream bodyOf(long length) {
        long content = length - HEAD.length() - TAIL.length();
        InputStream zeros = new InputStream() {
            long left = content;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] target, int offset, int count) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(count, left);
                java.util.Arrays.fill(target, offset, offset + n, (byte) 0);
                left -= n;
                return n;
            }
        };
        return new SequenceInputStream(new SequenceInputStream(new java.io.ByteArrayInputStream(HEAD.getBytes()), zeros),
                new java.io.ByteArrayInputStream(TAIL.getBytes()));
    }

    @Test
    void takesAFormOfExactly128MiBAndAnswers413OneByteOver() throws Exception {
        long limit = FormOptions.DEFAULT_BODY_LENGTH_LIMIT;
        assertThat(limit).isEqualTo(134_217_728L);
        var exactly = HttpRequest.newBuilder(URI.create(base + "/count")).header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> bodyOf(limit)), limit))
                .build();
        var accepted = client.send(exactly, HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).isEqualTo("read " + (limit - HEAD.length() - TAIL.length()));
        // Over it, the answer comes from the Content-Length, before the body is read. The JDK client
        // would still be sending the body and miss it, so the request is sent by hand.
        String port = base.substring(base.lastIndexOf(':') + 1);
        try (var socket = new Socket("127.0.0.1", Integer.parseInt(port))) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /count HTTP/1.1\r\nHost: a\r\nConnection: close\r\n"
                    + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: " + (limit + 1) + "\r\n\r\n" + HEAD)
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 413 Content Too Large\r\n").endsWith("\r\n\r\n"
                    + "{\"title\":\"Content Too Large\",\"status\":413,"
                    + "\"detail\":\"the form body is longer than 134217728 bytes (FormOptions.bodyLengthLimit)\"}");
        }
    }

    @Test
    void theJdkClientStillUploadingGetsTheEarly413() throws Exception {
        // The answer comes from the Content-Length while the client still sends the body; the
        // server's lingering close reads and discards the rest instead of resetting the connection
        // under the answer, so the client gets it.
        long over = FormOptions.DEFAULT_BODY_LENGTH_LIMIT + 1;
        var request = HttpRequest.newBuilder(URI.create(base + "/count")).header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> bodyOf(over)), over))
                .build();
        var refused = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).contains("the form body is longer than 134217728 bytes");
    }

    @Test
    void theJdkClientUploadsAFile() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(content);
        var body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nphotos\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes());
        body.writeBytes(content);
        body.writeBytes(TAIL.getBytes());
        var response = client.send(HttpRequest.newBuilder(URI.create(base + "/upload"))
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("photos p.jpg image/jpeg " + content.length);
    }

    @Test
    void curlUploadsAFile() throws Exception {
        Path file = uploads.getParent().resolve("curl-upload-" + System.nanoTime() + ".txt");
        Files.writeString(file, "hello from curl\n");
        try {
            Process curl = new ProcessBuilder("curl", "-sS", "-F", "title=from curl", "-F", "file=@" + file + ";type=text/plain",
                    base + "/upload").redirectErrorStream(true).start();
            String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(output).isEqualTo("from curl " + file.getFileName() + " text/plain 16");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void deletesTheTemporaryFileOfAClientThatGoesAwayMidUpload() throws Exception {
        String port = base.substring(base.lastIndexOf(':') + 1);
        try (var socket = new Socket("127.0.0.1", Integer.parseInt(port))) {
            socket.getOutputStream().write(("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                    + "Content-Length: 1000000\r\n\r\n" + HEAD + "some of the bytes").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            awaitFiles(1);
        }
        awaitFiles(0);
    }

    /** Waits until the upload folder holds {@code count} files: the server's state, not a guess at its timing. */
    private void awaitFiles(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (var files = Files.list(uploads)) {
                if (files.count() == count) {
                    return;
                }
            }
            assertThat(System.nanoTime()).as("%d files in the upload folder within 10 s", count).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
