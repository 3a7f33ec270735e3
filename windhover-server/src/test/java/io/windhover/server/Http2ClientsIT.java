package io.windhover.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.tls.ServerCertificate;
import io.windhover.tls.TlsOptions;
import io.windhover.transport.EndPoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP/2 engine against real HTTP/2 clients over loopback, in both schedulings: the JDK's
 * {@code HttpClient} over TLS (h2 by ALPN), nghttp over cleartext (prior knowledge), and h2spec,
 * the conformance suite. nghttp and h2spec are installed by bin/setup-test-tools, which .ci/run
 * calls; the tests fail, not skip, without them.
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class Http2ClientsIT {

    private static final ServerCertificate LOCALHOST = ServerCertificate.selfSigned("localhost", "127.0.0.1");

    @Parameter
    Scheduling scheduling;

    private WindhoverServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** An echo server: the body back, or for /bytes?n=N, N bytes of a pattern; the protocol in a header. */
    private String start(TlsOptions tls, HttpProtocols protocols) throws IOException {
        var builder = WindhoverServer.builder().scheduling(scheduling).shutdownTimeout(Duration.ofSeconds(2))
                .application(context -> {
                    var request = context.request();
                    var response = context.response();
                    response.headers().set("X-Protocol", request.protocol());
                    if (request.path().equals("/bytes")) {
                        int size = Integer.parseInt(request.query().substring("?n=".length()));
                        byte[] pattern = pattern(size);
                        response.body().write(pattern);
                        return;
                    }
                    request.maxBodySize(Long.MAX_VALUE);
                    byte[] body = request.body().readAllBytes();
                    response.body().write(body.length == 0 ? "hello".getBytes(StandardCharsets.US_ASCII) : body);
                });
        var address = EndPoint.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server = (tls == null ? builder.listen(address, protocols) : builder.listen(address, tls, protocols)).build();
        server.start();
        return server.listeningUrls().getFirst();
    }

    private static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @Test
    void jdkHttpClientSpeaksHttp2OverTlsAndMultiplexesBigBodiesBothWays() throws Exception {
        String base = start(TlsOptions.builder().certificate(LOCALHOST).build(), HttpProtocols.HTTP1_AND_HTTP2);
        var tls = TrustingClients.trusting(LOCALHOST);
        try (var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(tls).build()) {
            var first = client.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(first.headers().firstValue("x-protocol")).hasValue("HTTP/2");
            assertThat(first.body()).isEqualTo("hello");

            // 24 streams at once on the one connection, each 3 MiB up and 3 MiB down: every window,
            // the stream's 768 KiB and the connection's 1 MiB, fills and reopens many times.
            List<CompletableFuture<HttpResponse<byte[]>>> uploads = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                byte[] body = pattern((3 << 20) + i);
                uploads.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/echo"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray()));
            }
            for (int i = 0; i < uploads.size(); i++) {
                var response = uploads.get(i).get(60, TimeUnit.SECONDS);
                assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
                byte[] sent = pattern((3 << 20) + i);
                assertThat(response.body()).as("echo %d: %d bytes back, first difference at %d", i, response.body().length,
                        Arrays.mismatch(response.body(), sent)).isEqualTo(sent);
            }
            var download = client.send(HttpRequest.newBuilder(URI.create(base + "/bytes?n=" + (16 << 20))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(Arrays.equals(download.body(), pattern(16 << 20))).isTrue();
        }
    }

    @Test
    void jdkHttpClientUpgradesACleartextConnectionToHttp2WithH2c() throws Exception {
        // The JDK client asks for h2c by Upgrade on its first request to an http:// URL (RFC 7540
        // §3.2); that request is answered on stream 1, the next ones are streams on the same connection.
        String base = start(null, HttpProtocols.HTTP1_AND_HTTP2);
        // Many upgrades in a row: the JDK client lost bytes now and then (about 1 in 50) when the
        // response to the upgraded request reached it before it had switched to HTTP/2.
        for (int round = 0; round < 150; round++) {
            try (var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
                var upgraded = client.send(HttpRequest.newBuilder(URI.create(base + "/bytes?n=100000")).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(upgraded.version()).isEqualTo(HttpClient.Version.HTTP_2);
                assertThat(upgraded.body()).as("round %d", round).isEqualTo(pattern(100_000));
            }
        }
        try (var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
            var first = client.send(HttpRequest.newBuilder(URI.create(base + "/bytes?n=100000")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(first.headers().firstValue("x-protocol")).hasValue("HTTP/2");
            assertThat(first.body()).isEqualTo(pattern(100_000));
            byte[] upload = pattern(2 << 20);
            var echo = client.send(HttpRequest.newBuilder(URI.create(base + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(echo.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(echo.body()).isEqualTo(upload);
        }
        // curl --http2 asks the same way.
        assertThat(run("curl", "--silent", "--http2", "--write-out", " %{http_version}", base + "/")).isEqualTo("hello 2");
    }

    @Test
    void nghttpMultiplexesOverCleartextByPriorKnowledge() throws Exception {
        String base = start(null, HttpProtocols.HTTP1_AND_HTTP2);
        String output = run("nghttp", "-nv", "-m", "10", base + "/bytes?n=100000");
        assertThat(output).contains("recv SETTINGS frame").contains("SETTINGS_MAX_CONCURRENT_STREAMS(0x03):100")
                .contains("SETTINGS_INITIAL_WINDOW_SIZE(0x04):786432");
        Matcher ends = Pattern.compile("recv DATA frame <length=\\d+, flags=0x01, stream_id=(\\d+)>").matcher(output);
        List<String> ended = new ArrayList<>();
        while (ends.find()) {
            ended.add(ends.group(1));
        }
        assertThat(ended).as("every stream ends").hasSize(10).doesNotHaveDuplicates();
        assertThat(output).contains("send GOAWAY frame").doesNotContain("recv RST_STREAM").doesNotContain("recv GOAWAY");
    }

    /**
     * h2load, 16 connections × 32 streams, 20,000 requests over TLS and in cleartext: every answer
     * arrives. A stream's last frames wait for a flusher shared with the streams that end
     * meanwhile; one that ends while that flusher flushes must start the next, never be left
     * behind (h2load would wait for it and fail its request at the timeout).
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void h2loadGetsEveryAnswerOfManyMultiplexedStreams(boolean tls) throws Exception {
        String base = start(tls ? TlsOptions.builder().certificate(LOCALHOST).build() : null, HttpProtocols.HTTP1_AND_HTTP2);
        String output = run("h2load", "-n", "20000", "-c", "16", "-m", "32", "-T", "10", "-N", "10", base + "/bytes?n=100");
        assertThat(output).contains("requests: 20000 total, 20000 started, 20000 done, 20000 succeeded, 0 failed, 0 errored, 0 timeout")
                .contains("status codes: 20000 2xx");
        if (tls) {
            assertThat(output).contains("Application protocol: h2");
        }
    }

    @Test
    void passesH2specOnAnHttp2OnlyEndPoint() throws Exception {
        String base = start(null, HttpProtocols.HTTP2);
        URI uri = URI.create(base);
        String output = run("h2spec", "-h", uri.getHost(), "-p", Integer.toString(uri.getPort()), "-o", "5", "-S");
        Matcher summary = Pattern.compile("(\\d+) tests, (\\d+) passed, (\\d+) skipped, (\\d+) failed").matcher(output);
        assertThat(summary.find()).as(output).isTrue();
        assertThat(Integer.parseInt(summary.group(1))).isEqualTo(147);
        assertThat(summary.group(4)).as("failures:\n%s", failures(output)).isEqualTo("0");
    }

    @Test
    void passesH2specOverTlsOnTheDefaultEndPoint() throws Exception {
        // Over TLS, ALPN chooses h2 before a byte of HTTP is sent: the invalid preface meets HTTP/2 too.
        String base = start(TlsOptions.builder().certificate(LOCALHOST).build(), HttpProtocols.HTTP1_AND_HTTP2);
        URI uri = URI.create(base);
        String output = run("h2spec", "-t", "-k", "-h", uri.getHost(), "-p", Integer.toString(uri.getPort()), "-o", "5", "-S");
        assertThat(output).as("failures:\n%s", failures(output)).contains("147 tests, 147 passed, 0 skipped, 0 failed");
    }

    @Test
    void passesH2specOnTheDefaultCleartextEndPointButForTheInvalidPreface() throws Exception {
        // Http1AndHttp2 in cleartext: bytes that are not the HTTP/2 preface are an HTTP/1.1 request,
        // so h2spec's "invalid connection preface" (3.5/2) gets a 400, not HTTP/2's GOAWAY.
        String base = start(null, HttpProtocols.HTTP1_AND_HTTP2);
        URI uri = URI.create(base);
        String output = run("h2spec", "-h", uri.getHost(), "-p", Integer.toString(uri.getPort()), "-o", "5", "-S");
        String failures = failures(output);
        assertThat(failures).as(failures).contains("Sends invalid connection preface");
        assertThat(output).as(failures).contains("147 tests, 146 passed, 0 skipped, 1 failed");
    }

    /** h2spec's list of failed cases, the part of its output after "Failures:". */
    private static String failures(String output) {
        int at = output.indexOf("Failures:");
        return at < 0 ? "" : output.substring(at);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
