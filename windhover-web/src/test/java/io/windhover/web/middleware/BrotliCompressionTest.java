package io.windhover.web.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import io.windhover.web.TestHost;
import io.windhover.web.WebApplication;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Brotli in {@link ResponseCompression}: chosen by the client's {@code q} values, before gzip on a
 * tie, decoded back to the body, smaller than gzip for text, and gzip where Brotli is off.
 */
class BrotliCompressionTest {

    private static final String LONG_TEXT = "All work and no play makes Jack a dull boy. ".repeat(300);

    @Test
    void choosesByQualityBrotliFirstOnATie() {
        assertThat(ResponseCompression.choose("gzip, deflate, br, zstd", true)).isEqualTo(ResponseCompression.Coding.BROTLI);
        assertThat(ResponseCompression.choose("br;q=0.5, gzip;q=0.8", true)).isEqualTo(ResponseCompression.Coding.GZIP);
        assertThat(ResponseCompression.choose("br;q=0, gzip", true)).isEqualTo(ResponseCompression.Coding.GZIP);
        assertThat(ResponseCompression.choose("br", true)).isEqualTo(ResponseCompression.Coding.BROTLI);
        assertThat(ResponseCompression.choose("*", true)).isEqualTo(ResponseCompression.Coding.BROTLI);
        assertThat(ResponseCompression.choose("gzip;q=0.2, *;q=0.5", true)).isEqualTo(ResponseCompression.Coding.BROTLI);
        assertThat(ResponseCompression.choose("*;q=0", true)).isNull();
        assertThat(ResponseCompression.choose("identity, deflate", true)).isNull();
        assertThat(ResponseCompression.choose(null, true)).isNull();
        assertThat(ResponseCompression.choose("br", false)).as("Brotli off: br alone is no coding we write").isNull();
        assertThat(ResponseCompression.choose("br, gzip;q=0.1", false)).isEqualTo(ResponseCompression.Coding.GZIP);
    }

    @Test
    void theNativeEncoderLoadsHere() {
        assertThat(com.aayushatharva.brotli4j.Brotli4jLoader.isAvailable())
                .as("brotli4j's linux-x86_64 library: %s", com.aayushatharva.brotli4j.Brotli4jLoader.getUnavailabilityCause())
                .isTrue();
    }

    private static WebApplication app(ResponseCompression compression) {
        var app = WebApplication.create().server(server -> server.shutdownTimeout(Duration.ofSeconds(1)));
        app.use(compression);
        app.get("/long", context -> LONG_TEXT);
        app.get("/streamed", context -> {
            var body = context.response().body();
            context.response().headers().set("Content-Type", "text/plain");
            for (int i = 0; i < 20; i++) {
                body.write(LONG_TEXT.getBytes(StandardCharsets.UTF_8));
                body.flush();
            }
            return null;
        });
        return app;
    }

    private static String unbrotli(byte[] body) throws IOException {
        try (var in = new BrotliInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] bodyOf(String response) {
        byte[] bytes = response.getBytes(StandardCharsets.ISO_8859_1);
        int end = response.indexOf("\r\n\r\n") + 4;
        return Arrays.copyOfRange(bytes, end, bytes.length);
    }

    @Test
    void compressesWithBrotliInMemoryAndSmallerThanGzip() throws Exception {
        try (var host = TestHost.start(TestHost.Kind.IN_MEMORY, app(new ResponseCompression()))) {
            byte[] raw = host.exchange("GET /long HTTP/1.1\r\nHost: a\r\nConnection: close\r\nAccept-Encoding: gzip, br\r\n\r\n".getBytes());
            String response = new String(raw, StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nContent-Encoding: br\r\n")
                    .contains("\r\nVary: Accept-Encoding\r\n").as("a whole body keeps its length")
                    .containsPattern("\r\nContent-Length: \\d+\r\n");
            byte[] body = bodyOf(response);
            assertThat(unbrotli(body)).isEqualTo(LONG_TEXT);
            var gzipped = new ByteArrayOutputStream();
            try (var gzip = new GZIPOutputStream(gzipped)) {
                gzip.write(LONG_TEXT.getBytes(StandardCharsets.UTF_8));
            }
            assertThat(body.length).as("Brotli %d bytes against gzip's %d", body.length, gzipped.size())
                    .isLessThan(gzipped.size());
        }
    }

    @Test
    void aStreamedBodyIsBrotliOverASocket() throws Exception {
        try (var host = TestHost.start(TestHost.Kind.SOCKET, app(new ResponseCompression()));
                var client = HttpClient.newHttpClient()) {
            String base = host.app().listeningUrls().getFirst();
            var response = client.send(HttpRequest.newBuilder(URI.create(base + "/streamed")).header("Accept-Encoding", "br").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.headers().firstValue("content-encoding")).hasValue("br");
            assertThat(unbrotli(response.body())).isEqualTo(LONG_TEXT.repeat(20));
        }
    }

    @Test
    void gzipWhereBrotliIsOff() throws Exception {
        try (var host = TestHost.start(TestHost.Kind.IN_MEMORY, app(new ResponseCompression(ResponseCompression.DEFAULT_MIN_SIZE, false)))) {
            String response = new String(host.exchange(
                    "GET /long HTTP/1.1\r\nHost: a\r\nConnection: close\r\nAccept-Encoding: br, gzip\r\n\r\n".getBytes()),
                    StandardCharsets.ISO_8859_1);
            assertThat(response).contains("\r\nContent-Encoding: gzip\r\n");
            String onlyBrotli = new String(host.exchange(
                    "GET /long HTTP/1.1\r\nHost: a\r\nConnection: close\r\nAccept-Encoding: br\r\n\r\n".getBytes()),
                    StandardCharsets.ISO_8859_1);
            assertThat(onlyBrotli).doesNotContain("Content-Encoding").endsWith(LONG_TEXT);
        }
    }
}
