package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.tls.ServerCertificate;
import io.windhover.tls.TlsOptions;
import io.windhover.web.middleware.ForwardedHeaders;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheme a WebContext reports: the connection's, unless a trusted proxy says otherwise. */
class HttpsSchemeTest {

    private static final ServerCertificate LOCALHOST = ServerCertificate.selfSigned("localhost", "127.0.0.1");

    private WebApplication app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private String who(HttpClient client, String url, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url + "/who"));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private void start(Middleware... middleware) throws Exception {
        app = WebApplication.create("--urls", "https://127.0.0.1:0;http://127.0.0.1:0")
                .server(server -> server.httpsDefaults(TlsOptions.builder().certificate(LOCALHOST).build()));
        for (Middleware step : middleware) {
            app.use(step);
        }
        app.get("/who", context -> context.scheme());
        app.start();
    }

    @Test
    void isHttpsOnATlsConnectionAndHttpOnAPlainOne() throws Exception {
        start();
        try (var tls = TlsClients.trusting(LOCALHOST.chain().getFirst()); var plain = HttpClient.newHttpClient()) {
            assertThat(who(tls, app.listeningUrls().get(0))).isEqualTo("https");
            assertThat(who(plain, app.listeningUrls().get(1))).isEqualTo("http");
        }
    }

    @Test
    void isWhatATrustedProxySaysWhicheverTheConnection() throws Exception {
        start(new ForwardedHeaders(Set.of(InetAddress.getLoopbackAddress())));
        try (var tls = TlsClients.trusting(LOCALHOST.chain().getFirst()); var plain = HttpClient.newHttpClient()) {
            assertThat(who(tls, app.listeningUrls().get(0), "X-Forwarded-Proto", "http")).isEqualTo("http");
            assertThat(who(plain, app.listeningUrls().get(1), "X-Forwarded-Proto", "https"))
                    .as("a proxy that ended TLS itself").isEqualTo("https");
            assertThat(who(tls, app.listeningUrls().get(0), "X-Forwarded-For", "203.0.113.9"))
                    .as("a proxy that names no scheme leaves the connection's").isEqualTo("https");
        }
    }
}
