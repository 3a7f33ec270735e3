package io.windhover.web.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.web.TestHost;
import io.windhover.web.WebApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Static files over a real socket and in memory, with raw requests so that no client tidies the
 * paths first.
 */
@ParameterizedClass
@EnumSource(TestHost.Kind.class)
class StaticFilesTest {

    @Parameter
    TestHost.Kind kind;

    @TempDir
    Path temp;
    private TestHost host;

    @BeforeEach
    void start() throws Exception {
        Path site = Files.createDirectories(temp.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>home</h1>");
        Files.writeString(site.resolve("ten.txt"), "0123456789");
        Files.createDirectories(site.resolve("docs"));
        Files.writeString(site.resolve("docs/index.html"), "<h1>docs</h1>");
        Files.writeString(site.resolve("notes.unknowntype"), "?");
        Files.writeString(temp.resolve("secret.txt"), "do not serve");
        Files.createSymbolicLink(site.resolve("escape.txt"), temp.resolve("secret.txt"));
        Files.setLastModifiedTime(site.resolve("ten.txt"), FileTime.from(Instant.parse("2026-01-02T03:04:05Z")));
        var app = WebApplication.create().server(server -> server.shutdownTimeout(Duration.ofSeconds(1)));
        app.use(new StaticFiles(site));
        app.get("/api", context -> "api");
        app.get("/time/{t}", context -> "time " + context.route("t"));
        app.get("/echo/{*rest}", context -> "echo " + context.request().path());
        host = TestHost.start(kind, app);
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
    }

    private String get(String target, String... headers) throws Exception {
        return request("GET", target, headers);
    }

    private String request(String method, String target, String... headers) throws Exception {
        var request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        byte[] response = host.exchange(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        return new String(response, StandardCharsets.ISO_8859_1);
    }

    private static String header(String response, String name) {
        for (String line : response.substring(0, response.indexOf("\r\n\r\n")).split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return null;
    }

    @Test
    void servesFilesWithTheirTypeAndValidators() throws Exception {
        String response = get("/ten.txt");
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n0123456789");
        assertThat(header(response, "Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(header(response, "Content-Length")).isEqualTo("10");
        assertThat(header(response, "Last-Modified")).as("IMF-fixdate: a two-digit day")
                .isEqualTo("Fri, 02 Jan 2026 03:04:05 GMT");
        assertThat(header(response, "ETag")).matches("\"a-[0-9a-f]+\"");
        assertThat(get("/")).endsWith("<h1>home</h1>");
        assertThat(get("/docs/")).endsWith("<h1>docs</h1>");
        String folder = get("/docs?x=1");
        assertThat(folder).startsWith("HTTP/1.1 301 ");
        assertThat(header(folder, "Location")).isEqualTo("/docs/?x=1");
        String head = request("HEAD", "/ten.txt");
        assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n");
        assertThat(header(head, "Content-Length")).isEqualTo("10");
    }

    @Test
    void answersConditionalRequestsWith304() throws Exception {
        String etag = header(get("/ten.txt"), "ETag");
        assertThat(get("/ten.txt", "If-None-Match: \"other\", " + etag)).startsWith("HTTP/1.1 304 Not Modified\r\n").endsWith("\r\n\r\n");
        assertThat(get("/ten.txt", "If-None-Match: \"other\"")).startsWith("HTTP/1.1 200 ");
        assertThat(get("/ten.txt", "If-Modified-Since: Fri, 02 Jan 2026 03:04:05 GMT")).startsWith("HTTP/1.1 304 ");
        assertThat(get("/ten.txt", "If-Modified-Since: Fri, 02 Jan 2026 03:04:04 GMT")).startsWith("HTTP/1.1 200 ");
        assertThat(get("/ten.txt", "If-Modified-Since: Friday, 02-Jan-26 03:04:05 GMT")).as("RFC 850").startsWith("HTTP/1.1 304 ");
        assertThat(get("/ten.txt", "If-Modified-Since: Fri Jan  2 03:04:05 2026")).as("asctime").startsWith("HTTP/1.1 304 ");
        assertThat(get("/ten.txt", "If-Modified-Since: yesterday")).as("an invalid date is ignored").startsWith("HTTP/1.1 200 ");
    }

    @Test
    void servesSingleRangesAndRefusesUnsatisfiableOnes() throws Exception {
        String first = get("/ten.txt", "Range: bytes=2-4");
        assertThat(first).startsWith("HTTP/1.1 206 Partial Content\r\n").endsWith("\r\n\r\n234");
        assertThat(header(first, "Content-Range")).isEqualTo("bytes 2-4/10");
        assertThat(get("/ten.txt", "Range: bytes=-3")).endsWith("\r\n\r\n789");
        assertThat(get("/ten.txt", "Range: bytes=7-")).endsWith("\r\n\r\n789");
        assertThat(get("/ten.txt", "Range: bytes=8-100")).endsWith("\r\n\r\n89");
        String unsatisfiable = get("/ten.txt", "Range: bytes=10-");
        assertThat(unsatisfiable).startsWith("HTTP/1.1 416 Range Not Satisfiable\r\n");
        assertThat(header(unsatisfiable, "Content-Range")).isEqualTo("bytes */10");
        assertThat(header(unsatisfiable, "Content-Type")).as("no body, so no type").isNull();
        assertThat(header(unsatisfiable, "Content-Length")).isEqualTo("0");
        assertThat(get("/ten.txt", "Range: bytes=0-1,4-5")).as("several ranges: the whole file").startsWith("HTTP/1.1 200 ");
        String etag = header(get("/ten.txt"), "ETag");
        assertThat(get("/ten.txt", "Range: bytes=0-0", "If-Range: " + etag)).startsWith("HTTP/1.1 206 ");
        assertThat(get("/ten.txt", "Range: bytes=0-0", "If-Range: \"stale\"")).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void ignoresRangeOnAHeadRequest() throws Exception {
        String head = request("HEAD", "/ten.txt", "Range: bytes=2-4");
        assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n");
        assertThat(header(head, "Content-Length")).isEqualTo("10");
        assertThat(header(head, "Content-Range")).isNull();
        assertThat(header(request("HEAD", "/ten.txt", "Range: bytes=10-"), "Content-Range")).as("not a 416 either").isNull();
    }

    @Test
    void neverLeavesTheFolder() throws Exception {
        for (String target : new String[] {"/../secret.txt", "/%2e%2e/secret.txt", "/docs/%2E%2E/%2e%2e/secret.txt",
                "/..%2fsecret.txt", "/%2f" + temp.resolve("secret.txt"), "/..%5csecret.txt", "/ten.txt%00.html",
                "/escape.txt", "/./ten.txt", "/%zz"}) {
            assertThat(get(target)).as(target).startsWith("HTTP/1.1 404 ").doesNotContain("do not serve");
        }
    }

    @Test
    void passesPathsItWillNeverServeOnToTheRoutes() throws Exception {
        assertThat(get("/time/12:30")).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\ntime 12:30");
        for (String target : new String[] {"/echo/./ten.txt", "/echo/%zz", "/echo/a%3ab", "/echo/../ten.txt"}) {
            assertThat(get(target)).as(target).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\necho " + target);
        }
    }

    @Test
    void servesAFileOnlyByItsOwnPath() throws Exception {
        for (String target : new String[] {"/index.html/", "/ten.txt/", "/docs/index.html/", "/docs//index.html", "//ten.txt"}) {
            assertThat(get(target)).as(target).startsWith("HTTP/1.1 404 ").doesNotContain("<h1>").doesNotContain("0123456789");
        }
        assertThat(get("/docs/index.html")).as("the same file by its own path").endsWith("<h1>docs</h1>");
    }

    @Test
    void leavesOtherRequestsToTheRestOfThePipeline() throws Exception {
        assertThat(get("/api")).endsWith("\r\n\r\napi");
        assertThat(get("/notes.unknowntype")).as("an unknown type is not served").startsWith("HTTP/1.1 404 ");
        assertThat(request("POST", "/ten.txt", "Content-Length: 0")).startsWith("HTTP/1.1 404 ");
    }
}
