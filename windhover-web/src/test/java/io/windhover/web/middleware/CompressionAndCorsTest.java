package io.windhover.web.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.web.Results;
import io.windhover.web.TestHost;
import io.windhover.web.WebApplication;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Response compression and CORS over a real socket and in memory, checked byte for byte. */
@ParameterizedClass
@EnumSource(TestHost.Kind.class)
class CompressionAndCorsTest {

    @Parameter
    TestHost.Kind kind;

    private static final String LONG_TEXT = "All work and no play. ".repeat(200);
    @TempDir
    Path site;
    private TestHost host;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(site.resolve("long.txt"), LONG_TEXT);
        var app = WebApplication.create().server(server -> server.shutdownTimeout(Duration.ofSeconds(1)));
        app.use(Cors.policy().allowOrigins("http://localhost:3000").allowMethods("GET", "POST", "PUT")
                .allowHeaders("Content-Type").exposeHeaders("X-Total").maxAge(Duration.ofMinutes(10)).build());
        app.use(new ResponseCompression());
        app.use(new StaticFiles(site));
        app.get("/long", context -> LONG_TEXT);
        app.get("/short", context -> "short");
        app.get("/count", context -> "count " + context.query("n", int.class));
        app.get("/image", context -> Results.bytes(new byte[4096], "image/png"));
        app.get("/streamed", context -> {
            var body = context.response().body();
            context.response().headers().set("Content-Type", "text/plain");
            for (int i = 0; i < 50; i++) {
                body.write(LONG_TEXT.getBytes(StandardCharsets.UTF_8));
                body.flush();
            }
            return null;
        });
        host = TestHost.start(kind, app);
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
    }

    /** The raw response: head as text, body as bytes (chunked bodies decoded). */
    private record Response(String head, byte[] body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                    return line.substring(name.length() + 1).strip();
                }
            }
            return null;
        }
    }

    private Response send(String method, String target, String... headers) throws Exception {
        var request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        byte[] all = host.exchange(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int split = text.indexOf("\r\n\r\n");
        var response = new Response(text.substring(0, split), java.util.Arrays.copyOfRange(all, split + 4, all.length));
        return "chunked".equalsIgnoreCase(response.header("Transfer-Encoding")) && !method.equals("HEAD")
                ? new Response(response.head(), dechunk(response.body())) : response;
    }

    private static byte[] dechunk(byte[] chunked) {
        var out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOfCrLf(chunked, at);
            int size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOfCrLf(byte[] data, int from) {
        for (int i = from; i < data.length - 1; i++) {
            if (data[i] == '\r' && data[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException("no CRLF");
    }

    private static String gunzip(byte[] body) throws IOException {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void compressesLargeTextForClientsThatAcceptGzip() throws Exception {
        Response response = send("GET", "/long", "Accept-Encoding: br;q=0.5, gzip;q=0.8");
        assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(response.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(response.body().length).isLessThan(LONG_TEXT.length() / 10);
        assertThat(gunzip(response.body())).isEqualTo(LONG_TEXT);

        Response streamed = send("GET", "/streamed", "Accept-Encoding: gzip");
        assertThat(streamed.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(gunzip(streamed.body())).isEqualTo(LONG_TEXT.repeat(50));
    }

    @Test
    void leavesSmallBodiesCompressedTypesAndUnwillingClientsAlone() throws Exception {
        assertThat(send("GET", "/short", "Accept-Encoding: gzip").header("Content-Encoding")).isNull();
        Response image = send("GET", "/image", "Accept-Encoding: gzip");
        assertThat(image.header("Content-Encoding")).isNull();
        assertThat(image.body()).hasSize(4096);
        assertThat(send("GET", "/long").header("Content-Encoding")).as("no Accept-Encoding").isNull();
        assertThat(send("GET", "/long", "Accept-Encoding: gzip;q=0").header("Content-Encoding")).isNull();
        assertThat(new String(send("GET", "/long", "Accept-Encoding: identity").body(), StandardCharsets.UTF_8)).isEqualTo(LONG_TEXT);
    }

    @Test
    void givesAHeadTheHeadersOfItsGet() throws Exception {
        Response get = send("GET", "/long", "Accept-Encoding: gzip");
        Response head = send("HEAD", "/long", "Accept-Encoding: gzip");
        assertThat(head.head()).startsWith("HTTP/1.1 200 ");
        assertThat(head.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(head.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(head.header("Content-Length")).as("compressed as for the GET").isEqualTo(get.header("Content-Length")).isNotNull();
        assertThat(head.body()).isEmpty();
        assertThat(send("HEAD", "/short", "Accept-Encoding: gzip").header("Content-Encoding")).as("too small, as for GET").isNull();
    }

    @Test
    void givesAHeadForAStaticFileTheEncodingOfItsGetWithoutALength() throws Exception {
        Response get = send("GET", "/long.txt", "Accept-Encoding: gzip");
        assertThat(get.header("Content-Encoding")).isEqualTo("gzip");
        Response head = send("HEAD", "/long.txt", "Accept-Encoding: gzip");
        assertThat(head.head()).startsWith("HTTP/1.1 200 ");
        assertThat(head.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(head.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(head.header("ETag")).isEqualTo(get.header("ETag"));
        assertThat(head.header("Content-Length")).as("the identity's length would be wrong, the gzip one is unknown").isNull();
        assertThat(head.body()).isEmpty();
        Response plainHead = send("HEAD", "/long.txt");
        assertThat(plainHead.header("Content-Encoding")).isNull();
        assertThat(plainHead.header("Content-Length")).isEqualTo(Integer.toString(LONG_TEXT.length()));
    }

    @Test
    void weakensTheEntityTagOfACompressedResponse() throws Exception {
        String identityTag = send("GET", "/long.txt").header("ETag");
        assertThat(identityTag).startsWith("\"");
        Response compressed = send("GET", "/long.txt", "Accept-Encoding: gzip");
        assertThat(compressed.header("ETag")).isEqualTo("W/" + identityTag);
        assertThat(gunzip(compressed.body())).isEqualTo(LONG_TEXT);
        assertThat(send("GET", "/long.txt", "Accept-Encoding: gzip", "If-None-Match: W/" + identityTag).head())
                .as("the weak tag still revalidates").startsWith("HTTP/1.1 304 ");
    }

    @Test
    void leavesAPartialResponseUncompressed() throws Exception {
        Response partial = send("GET", "/long.txt", "Accept-Encoding: gzip", "Range: bytes=0-1199");
        assertThat(partial.head()).startsWith("HTTP/1.1 206 ");
        assertThat(partial.header("Content-Encoding")).isNull();
        assertThat(partial.header("Content-Range")).isEqualTo("bytes 0-1199/" + LONG_TEXT.length());
        assertThat(new String(partial.body(), StandardCharsets.UTF_8)).as("1,200 bytes: over the size that is compressed")
                .isEqualTo(LONG_TEXT.substring(0, 1200));
    }

    @Test
    void answersPreflightsForAllowedOriginsOnly() throws Exception {
        Response allowed = send("OPTIONS", "/long", "Origin: http://localhost:3000", "Access-Control-Request-Method: PUT",
                "Access-Control-Request-Headers: content-type");
        assertThat(allowed.head()).startsWith("HTTP/1.1 204 ");
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3000");
        assertThat(allowed.header("Access-Control-Allow-Methods")).isEqualTo("GET, POST, PUT");
        assertThat(allowed.header("Access-Control-Allow-Headers")).isEqualTo("content-type");
        assertThat(allowed.header("Access-Control-Max-Age")).isEqualTo("600");
        assertThat(allowed.header("Vary")).isEqualTo("Origin");

        Response otherOrigin = send("OPTIONS", "/long", "Origin: http://evil.test", "Access-Control-Request-Method: PUT");
        assertThat(otherOrigin.head()).startsWith("HTTP/1.1 204 ");
        assertThat(otherOrigin.header("Access-Control-Allow-Origin")).isNull();
        assertThat(send("OPTIONS", "/long", "Origin: http://localhost:3000", "Access-Control-Request-Method: DELETE")
                .header("Access-Control-Allow-Origin")).as("a method it does not allow").isNull();
        assertThat(send("OPTIONS", "/long", "Origin: http://localhost:3000", "Access-Control-Request-Method: GET",
                "Access-Control-Request-Headers: X-Secret").header("Access-Control-Allow-Origin")).as("a header it does not allow").isNull();
    }

    @Test
    void marksCrossOriginResponsesForAllowedOriginsOnly() throws Exception {
        Response allowed = send("GET", "/short", "Origin: http://localhost:3000");
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3000");
        assertThat(allowed.header("Access-Control-Expose-Headers")).isEqualTo("X-Total");
        assertThat(new String(allowed.body(), StandardCharsets.UTF_8)).isEqualTo("short");
        Response other = send("GET", "/short", "Origin: http://evil.test");
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
        assertThat(send("GET", "/short").header("Vary")).as("a same-origin request: no CORS at all").isNull();
        Response refused = send("GET", "/count?n=x", "Origin: http://localhost:3000");
        assertThat(refused.head()).startsWith("HTTP/1.1 400 ");
        assertThat(refused.header("Access-Control-Allow-Origin")).as("an error stays readable cross-origin")
                .isEqualTo("http://localhost:3000");
    }
}
