package io.windhover.web.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.tls.ServerCertificate;
import io.windhover.tls.TlsOptions;
import io.windhover.web.Middleware;
import io.windhover.web.TlsClients;
import io.windhover.web.WebApplication;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HTTPS redirection and HSTS on an application listening on a plain and a TLS port, with real
 * clients: the JDK's HttpClient, and raw sockets (plain and TLS) where the Host field is under test.
 */
class HttpsPolicyTest {

    private static final ServerCertificate LOCALHOST = ServerCertificate.selfSigned("localhost", "127.0.0.1");

    private WebApplication app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** Starts on {@code urls} with the middleware {@code configure} makes from the application; GET /who answers the scheme. */
    @SafeVarargs
    private void start(String urls, Function<WebApplication, Middleware>... configure) throws Exception {
        app = WebApplication.create("--urls", urls)
                .server(server -> server.httpsDefaults(TlsOptions.builder().certificate(LOCALHOST).build()));
        for (var step : configure) {
            app.use(step.apply(app));
        }
        app.get("/who", context -> context.scheme());
        app.post("/who", context -> context.scheme());
        app.start();
    }

    @SafeVarargs
    private void start(Function<WebApplication, Middleware>... configure) throws Exception {
        start("http://127.0.0.1:0;https://127.0.0.1:0", configure);
    }

    private String plainUrl() {
        return app.listeningUrls().get(0);
    }

    private String httpsUrl() {
        return app.listeningUrls().get(1);
    }

    private static int portOf(String url) {
        return URI.create(url).getPort();
    }

    private static HttpResponse<String> get(HttpClient client, String url, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code head} (lines, without the final blank line) on a plain socket and reads until the server closes. */
    private String raw(String head) throws IOException {
        try (var socket = new Socket("127.0.0.1", portOf(plainUrl()))) {
            return exchange(socket, head);
        }
    }

    /** As {@link #raw}, over TLS trusting the test certificate. */
    private String rawTls(String head) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", LOCALHOST.chain().getFirst());
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        try (var socket = tls.getSocketFactory().createSocket("127.0.0.1", portOf(httpsUrl()))) {
            return exchange(socket, head);
        }
    }

    private static String exchange(Socket socket, String head) throws IOException {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write((head + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }

    @Test
    void redirectsAPlainRequestWith307ToTheHttpsPortTheApplicationListensOn() throws Exception {
        start(HttpsRedirection::to);
        try (var client = HttpClient.newHttpClient()) {
            var redirected = get(client, plainUrl() + "/who/there?q=a%20b&x");
            assertThat(redirected.statusCode()).isEqualTo(307);
            assertThat(redirected.headers().firstValue("location"))
                    .hasValue("https://127.0.0.1:" + portOf(httpsUrl()) + "/who/there?q=a%20b&x");
            var post = client.send(HttpRequest.newBuilder(URI.create(plainUrl() + "/who"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as("a POST too: 307 keeps its method and body").isEqualTo(307);
        }
    }

    @Test
    void passesARequestThatCameOverHttps() throws Exception {
        start(HttpsRedirection::to);
        try (var client = TlsClients.trusting(LOCALHOST.chain().getFirst())) {
            var served = get(client, httpsUrl() + "/who");
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.body()).isEqualTo("https");
            assertThat(served.headers().firstValue("location")).isEmpty();
        }
    }

    @Test
    void keepsTheHostsNameAndReplacesItsPort() throws Exception {
        start(HttpsRedirection::to);
        int https = portOf(httpsUrl());
        assertThat(raw("GET /who HTTP/1.1\r\nHost: shop.example:8080\r\nConnection: close"))
                .startsWith("HTTP/1.1 307 ").contains("\r\nLocation: https://shop.example:" + https + "/who\r\n");
        assertThat(raw("GET /who HTTP/1.1\r\nHost: [::1]:8080\r\nConnection: close"))
                .contains("\r\nLocation: https://[::1]:" + https + "/who\r\n");
        assertThat(raw("GET /who HTTP/1.1\r\nHost: shop.example\r\nConnection: close"))
                .contains("\r\nLocation: https://shop.example:" + https + "/who\r\n");
    }

    @Test
    void redirectsWithTheStatusAndPortGivenLeavingOutThe443ThatHttpsMeansAnyway() throws Exception {
        start(application -> HttpsRedirection.builder().status(308).port(443).build());
        assertThat(raw("GET /who?a=1 HTTP/1.1\r\nHost: shop.example:8080\r\nConnection: close"))
                .startsWith("HTTP/1.1 308 ").contains("\r\nLocation: https://shop.example/who?a=1\r\n");
        app.close();
        start(application -> HttpsRedirection.builder().status(301).port(8443).build());
        assertThat(raw("GET /who HTTP/1.1\r\nHost: shop.example\r\nConnection: close"))
                .startsWith("HTTP/1.1 301 ").contains("\r\nLocation: https://shop.example:8443/who\r\n");
    }

    @Test
    void takesTheSchemeAndHostATrustedProxyForwards() throws Exception {
        start(application -> new ForwardedHeaders(Set.of(InetAddress.getLoopbackAddress())),
                application -> HttpsRedirection.builder().port(443).build());
        try (var client = HttpClient.newHttpClient()) {
            var passed = get(client, plainUrl() + "/who", "X-Forwarded-Proto", "https");
            assertThat(passed.statusCode()).as("the proxy ended TLS itself").isEqualTo(200);
            var redirected = get(client, plainUrl() + "/who", "X-Forwarded-Proto", "http", "X-Forwarded-Host", "shop.example");
            assertThat(redirected.headers().firstValue("location")).hasValue("https://shop.example/who");
        }
    }

    @Test
    void servesARequestThatNamesNoUrlToRedirectToAsItCame() throws Exception {
        start(HttpsRedirection::to);
        assertThat(raw("GET /who HTTP/1.0")).as("HTTP/1.0 without Host").startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\nhttp");
        assertThat(raw("OPTIONS * HTTP/1.1\r\nHost: shop.example\r\nConnection: close")).doesNotContain("Location:");
    }

    @Test
    void servesPlainRequestsWhenTheApplicationHasNoHttpsUrl() throws Exception {
        start("http://127.0.0.1:0", HttpsRedirection::to);
        try (var client = HttpClient.newHttpClient()) {
            var served = get(client, plainUrl() + "/who");
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.body()).isEqualTo("http");
        }
    }

    @Test
    void failsPlainRequestsWhenHttpsUrlsHaveTwoPortsToChooseFrom() throws Exception {
        start("http://127.0.0.1:0;https://127.0.0.1:0;https://127.0.0.1:0", HttpsRedirection::to);
        try (var client = HttpClient.newHttpClient()) {
            assertThat(get(client, plainUrl() + "/who").statusCode()).isEqualTo(500);
        }
    }

    @Test
    void refusesAStatusThatIsNotARedirectAPortOutOfRangeAndNoPortAtAll() {
        assertThatThrownBy(() -> HttpsRedirection.builder().status(303)).hasMessageContaining("301, 302, 307 or 308, not 303");
        assertThatThrownBy(() -> HttpsRedirection.builder().port(0)).hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> HttpsRedirection.builder().port(65_536)).hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> HttpsRedirection.builder().build()).hasMessageContaining("give the https port");
    }

    @Test
    void sendsStrictTransportSecurityOnHttpsResponsesAndNeverOnPlainOnes() throws Exception {
        start(application -> Hsts.defaults());
        assertThat(rawTls("GET /who HTTP/1.1\r\nHost: shop.example\r\nConnection: close"))
                .startsWith("HTTP/1.1 200 ").contains("\r\nStrict-Transport-Security: max-age=2592000\r\n");
        assertThat(rawTls("GET /nowhere HTTP/1.1\r\nHost: shop.example:443\r\nConnection: close")).as("a 404 too")
                .startsWith("HTTP/1.1 404 ").contains("\r\nStrict-Transport-Security: max-age=2592000\r\n");
        // RFC 6797 §7.2: never over non-secure transport.
        assertThat(raw("GET /who HTTP/1.1\r\nHost: shop.example\r\nConnection: close"))
                .startsWith("HTTP/1.1 200 ").doesNotContainIgnoringCase("Strict-Transport-Security");
    }

    @Test
    void leavesTheHeaderOutForTheLoopbacksNamesUnlessTheyAreNotExcluded() throws Exception {
        start(application -> Hsts.defaults());
        for (String host : new String[] {"localhost", "LocalHost:5001", "127.0.0.1", "127.0.0.1:5001", "[::1]", "[::1]:5001"}) {
            assertThat(rawTls("GET /who HTTP/1.1\r\nHost: " + host + "\r\nConnection: close")).as(host)
                    .startsWith("HTTP/1.1 200 ").doesNotContainIgnoringCase("Strict-Transport-Security");
        }
        app.close();
        start(application -> Hsts.builder().excludedHosts().build());
        try (var client = TlsClients.trusting(LOCALHOST.chain().getFirst())) {
            assertThat(get(client, httpsUrl() + "/who").headers().firstValue("strict-transport-security")).hasValue("max-age=2592000");
        }
    }

    @Test
    void sendsTheHeaderWhenATrustedProxySaysItsClientUsedHttps() throws Exception {
        start(application -> new ForwardedHeaders(Set.of(InetAddress.getLoopbackAddress())), application -> Hsts.defaults());
        assertThat(raw("GET /who HTTP/1.1\r\nHost: shop.example\r\nX-Forwarded-Proto: https\r\nConnection: close"))
                .contains("\r\nStrict-Transport-Security: max-age=2592000\r\n");
    }

    @Test
    void writesTheDirectivesAsConfigured() {
        assertThat(Hsts.builder().maxAge(Duration.ofDays(365)).includeSubDomains(true).preload(true).build().headerValue())
                .isEqualTo("max-age=31536000; includeSubDomains; preload");
        assertThat(Hsts.builder().includeSubDomains(true).build().headerValue()).isEqualTo("max-age=2592000; includeSubDomains");
        assertThat(Hsts.builder().maxAge(Duration.ZERO).build().headerValue()).as("RFC 6797 §6.1.1: forget the host")
                .isEqualTo("max-age=0");
        assertThatThrownBy(() -> Hsts.builder().maxAge(Duration.ofDays(365)).preload(true).build())
                .hasMessageContaining("preload needs includeSubDomains");
        assertThatThrownBy(() -> Hsts.builder().includeSubDomains(true).preload(true).build())
                .hasMessageContaining("at least 365 days");
        assertThatThrownBy(() -> Hsts.builder().maxAge(Duration.ofSeconds(-1))).hasMessageContaining("cannot be negative");
    }
}
