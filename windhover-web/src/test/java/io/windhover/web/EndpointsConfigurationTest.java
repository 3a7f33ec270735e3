package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.tls.DevelopmentCertificate;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named end points from the configuration, Kestrel's Endpoints: each listened on, https with its own certificate. */
class EndpointsConfigurationTest {

    @TempDir
    Path root;

    @Test
    void listensOnEachEndPointInsteadOfTheUrlsHttpsWithItsOwnCertificate() throws Exception {
        var certificate = DevelopmentCertificate.in(root.resolve("certs"));
        certificate.loadOrCreate();
        Files.writeString(root.resolve("windhover.yaml"), """
                Urls: http://127.0.0.1:0;http://127.0.0.1:0;http://127.0.0.1:0
                Endpoints:
                  Plain:
                    Url: http://127.0.0.1:0
                  Secure:
                    Url: https://127.0.0.1:0
                    Protocols: Http1
                    Certificate:
                      Path: certs/%s
                      KeyPath: certs/%s
                """.formatted(certificate.certificateFile().getFileName(), certificate.keyFile().getFileName()));
        try (var app = WebApplication.create("--content-root", root.toString())) {
            app.get("/", context -> context.scheme());
            app.start();
            assertThat(app.listeningUrls()).as("the end points, not the three URLs").hasSize(2);
            String plain = app.listeningUrls().stream().filter(url -> url.startsWith("http://")).findFirst().orElseThrow();
            String secure = app.listeningUrls().stream().filter(url -> url.startsWith("https://")).findFirst().orElseThrow();
            X509Certificate trusted;
            try (InputStream in = Files.newInputStream(certificate.certificateFile())) {
                trusted = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            try (var client = TlsClients.trusting(trusted)) {
                assertThat(client.send(HttpRequest.newBuilder(URI.create(plain + "/")).build(), HttpResponse.BodyHandlers.ofString())
                        .body()).isEqualTo("http");
                var overTls = client.send(HttpRequest.newBuilder(URI.create(secure.replace("127.0.0.1", "localhost") + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(overTls.body()).isEqualTo("https");
            }
        }
    }

    @Test
    void aMalformedEndPointStopsTheStartNamingItsKey() throws Exception {
        try (var app = WebApplication.create("--content-root", root.toString(), "--Endpoints:Api:Protocols=Http1")) {
            assertThatThrownBy(app::start).hasMessage("configuration end point 'Api' needs a 'Endpoints:Api:Url'");
        }
        try (var app = WebApplication.create("--content-root", root.toString(), "--Endpoints:Api:Url=ftp://127.0.0.1:0")) {
            assertThatThrownBy(app::start).hasMessageStartingWith("configuration key 'Endpoints:Api:Url': listen URL 'ftp://127.0.0.1:0'");
        }
        try (var app = WebApplication.create("--content-root", root.toString(), "--Endpoints:Api:Url=http://127.0.0.1:0",
                "--Endpoints:Api:Protocols=Http3")) {
            assertThatThrownBy(app::start).hasMessage("configuration key 'Endpoints:Api:Protocols': 'Http3' is not a protocol set;"
                    + " use Http1, Http2 or Http1AndHttp2");
        }
        try (var app = WebApplication.create("--content-root", root.toString(), "--Endpoints:Api:Url=http://127.0.0.1:0",
                "--Endpoints:Api:Protocols=Http1AndHttp2")) {
            // Served since the HTTP/2 engine landed (it was refused before, rather than serve less).
            app.start();
            assertThat(app.listeningUrls()).singleElement().asString().startsWith("http://127.0.0.1:");
        }
        try (var app = WebApplication.create("--content-root", root.toString(), "--Endpoints:Api:Url=https://127.0.0.1:0")) {
            assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("configuration end point 'Api' (https://127.0.0.1:0) is https but has no certificate");
        }
    }
}
