package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.windhover.tls.CertificateException;
import io.windhover.tls.DevelopmentCertificate;
import io.windhover.tls.ServerCertificate;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where an application's settings come from, the certificate https URLs serve, and a file result. */
class ConfigurationTest {

    @TempDir
    Path root;

    @BeforeEach
    void noSettingsFromThisProcess() {
        assumeTrue(System.getenv("WINDHOVER_URLS") == null && System.getenv("WINDHOVER_ENVIRONMENT") == null,
                "the environment variables would override the files under test");
    }

    @Test
    void readsTheConfigurationFileThenItsEnvironmentsFileThenTheCommandLine() throws Exception {
        Files.writeString(root.resolve("windhover.json"), "{\"urls\": [\"http://127.0.0.1:0\"], \"environment\": \"Staging\"}");
        try (var app = WebApplication.create("--content-root", root.toString())) {
            app.get("/", context -> context.http().localAddress().toString());
            assertThat(app.environment()).isEqualTo("Staging");
            assertThat(app.isDevelopment()).isFalse();
            app.start();
            assertThat(app.listeningUrls()).singleElement().asString().startsWith("http://127.0.0.1:");
        }
        Files.writeString(root.resolve("windhover.Development.json"), "{\"urls\": \"http://[::1]:0\"}");
        try (var app = WebApplication.create("--content-root", root.toString(), "--environment", "Development")) {
            assertThat(app.isDevelopment()).isTrue();
            app.start();
            assertThat(app.listeningUrls()).as("the environment's file wins over the base file")
                    .singleElement().asString().startsWith("http://[::1]:");
        } catch (java.io.IOException noIpv6) {
            // a machine without IPv6 cannot bind [::1]; the precedence is what is under test, and it got that far
        }
        try (var app = WebApplication.create("--content-root", root.toString(), "--urls", "http://127.0.0.1:0")) {
            app.start();
            assertThat(app.listeningUrls()).as("the command line wins").singleElement().asString().startsWith("http://127.0.0.1:");
        }
    }

    @Test
    void refusesAMalformedConfigurationFileNamingIt() throws Exception {
        Files.writeString(root.resolve("windhover.json"), "{\"urls\": ");
        assertThatThrownBy(() -> WebApplication.create("--content-root", root.toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("windhover.json is not valid JSON");
        Files.writeString(root.resolve("windhover.json"), "{\"urls\": 5000}");
        assertThatThrownBy(() -> WebApplication.create("--content-root", root.toString()))
                .hasMessageContaining("'urls' must be a string");
        assertThatThrownBy(() -> WebApplication.create("port", "5000")).hasMessageContaining("unknown argument 'port'");
        assertThatThrownBy(() -> WebApplication.create("--port")).as("a key without a value")
                .hasMessageContaining("unknown argument '--port'");
        Files.writeString(root.resolve("windhover.json"), "{\"Certificates\": \"cert.pem\"}");
        assertThatThrownBy(() -> WebApplication.create("--content-root", root.toString()))
                .hasMessageContaining("'Certificates' must be an object");
        Files.writeString(root.resolve("windhover.json"), "{\"Certificates\": {\"Default\": {\"KeyPath\": \"key.pem\"}}}");
        assertThatThrownBy(() -> WebApplication.create("--content-root", root.toString()))
                .hasMessageContaining("'Certificates:Default' needs a 'Path'");
        Files.writeString(root.resolve("windhover.json"), "{\"Certificates\": {\"Default\": {\"Path\": 5}}}");
        assertThatThrownBy(() -> WebApplication.create("--content-root", root.toString()))
                .hasMessageContaining("'Certificates:Default:Path' must be a string");
    }

    /** GET /scheme over https with a client that trusts only {@code certificate}. */
    private static String schemeOver(WebApplication app, X509Certificate certificate) throws Exception {
        try (var client = TlsClients.trusting(certificate)) {
            var response = client.send(HttpRequest.newBuilder(URI.create(app.listeningUrls().getFirst() + "/scheme")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        }
    }

    @Test
    void servesThePemCertificateConfiguredWithPathsFromTheContentRootAndTheEnvironmentsFileWinning() throws Exception {
        var site = DevelopmentCertificate.in(root.resolve("certs"));
        X509Certificate served = site.create().chain().getFirst();
        Files.writeString(root.resolve("windhover.json"), """
                {"urls": "https://127.0.0.1:0",
                 "Certificates": {"Default": {"Path": "certs/old.pem", "KeyPath": "certs/old-key.pem"}}}""");
        Files.writeString(root.resolve("windhover.Staging.json"), """
                {"certificates": {"default": {"path": "certs/localhost.pem", "keyPath": "certs/localhost-key.pem"}}}""");
        // The working directory is the module's, not root: the paths resolve against the content root.
        try (var app = WebApplication.create("--content-root", root.toString(), "--environment", "Staging")) {
            app.get("/scheme", context -> context.scheme());
            app.start();
            assertThat(app.listeningUrls()).singleElement().asString().startsWith("https://127.0.0.1:");
            assertThat(schemeOver(app, served)).isEqualTo("https");
        }
    }

    @Test
    void servesAPkcs12CertificateWithItsPassword() throws Exception {
        X509Certificate served = writePkcs12(root.resolve("site.p12"), "s3cret");
        Files.writeString(root.resolve("windhover.json"), """
                {"Certificates": {"Default": {"Path": "site.p12", "Password": "s3cret"}}}""");
        try (var app = WebApplication.create("--content-root", root.toString(), "--urls", "https://127.0.0.1:0")) {
            app.get("/scheme", context -> context.scheme());
            app.start();
            assertThat(schemeOver(app, served)).isEqualTo("https");
        }
    }

    @Test
    void failsToStartNamingTheFileWhenTheConfiguredCertificateIsMissingOrItsPasswordWrong() throws Exception {
        writePkcs12(root.resolve("site.p12"), "s3cret");
        Files.writeString(root.resolve("windhover.json"), """
                {"Certificates": {"Default": {"Path": "site.p12", "Password": "guess"}}}""");
        try (var app = WebApplication.create("--content-root", root.toString(), "--urls", "https://127.0.0.1:0")) {
            assertThatThrownBy(app::start).isInstanceOf(CertificateException.class)
                    .hasMessage("PKCS#12 file " + root.resolve("site.p12") + ": the password is wrong");
            assertThatThrownBy(app::listeningUrls).as("nothing listens").hasMessage("not started");
        }
        Files.writeString(root.resolve("windhover.json"), """
                {"Certificates": {"Default": {"Path": "certs/site.pem", "KeyPath": "certs/site-key.pem"}}}""");
        try (var app = WebApplication.create("--content-root", root.toString(), "--urls", "http://127.0.0.1:0")) {
            assertThatThrownBy(app::start).as("even with no https URL, as Kestrel's configuration loader")
                    .isInstanceOf(CertificateException.class)
                    .hasMessage("certificate file " + root.resolve("certs/site.pem") + " does not exist");
        }
    }

    @Test
    void servesTheDevelopmentCertificateOnlyInDevelopmentUnlessAllowed() throws Exception {
        var development = DevelopmentCertificate.in(root.resolve("dev-certs"));
        try (var app = WebApplication.create("--urls", "https://127.0.0.1:0").developmentCertificate(development)) {
            assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a certificate");
            assertThat(development.exists()).as("nothing made in Production").isFalse();
        }
        try (var app = WebApplication.create("--urls", "https://127.0.0.1:0", "--environment", "Development")
                .developmentCertificate(development)) {
            app.get("/scheme", context -> context.scheme());
            app.start();
            assertThat(development.exists()).as("made on first use").isTrue();
            assertThat(schemeOver(app, development.loadOrCreate().chain().getFirst())).isEqualTo("https");
        }
        try (var app = WebApplication.create("--urls", "https://127.0.0.1:0").useDevelopmentCertificate(true)
                .developmentCertificate(development)) {
            app.get("/scheme", context -> context.scheme());
            app.start();
            assertThat(schemeOver(app, development.loadOrCreate().chain().getFirst())).as("allowed in Production").isEqualTo("https");
        }
    }

    private static X509Certificate writePkcs12(Path file, String password) throws Exception {
        ServerCertificate made = ServerCertificate.selfSigned("localhost", "127.0.0.1");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("site", made.privateKey(), password.toCharArray(), made.chain().toArray(Certificate[]::new));
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return made.chain().getFirst();
    }

    @Test
    void sendsAFileAsAResult() throws Exception {
        Path report = Files.writeString(root.resolve("report.csv"), "a,b\n1,2\n");
        Path text = Files.writeString(root.resolve("notes.txt"), "hello");
        try (var app = WebApplication.create("--urls", "http://127.0.0.1:0");
                var client = HttpClient.newHttpClient()) {
            app.get("/report", context -> Results.file(report, "text/csv"));
            app.get("/notes", context -> Results.file(text));
            app.get("/missing", context -> Results.file(root.resolve("nope.txt")));
            app.start();
            String base = app.listeningUrls().getFirst();
            var csv = client.send(HttpRequest.newBuilder(URI.create(base + "/report")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(csv.body()).isEqualTo("a,b\n1,2\n");
            assertThat(csv.headers().firstValue("content-type")).hasValue("text/csv");
            var notes = client.send(HttpRequest.newBuilder(URI.create(base + "/notes")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(notes.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/missing")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        }
    }
}
