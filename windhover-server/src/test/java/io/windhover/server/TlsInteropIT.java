package io.windhover.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.tls.ClientCertificateMode;
import io.windhover.tls.ServerCertificate;
import io.windhover.tls.TlsInfo;
import io.windhover.tls.TlsOptions;
import io.windhover.transport.EndPoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTPS end point against OpenSSL's tools and curl: key files as {@code openssl} writes them
 * (PKCS#1, SEC 1, encrypted PKCS#8), {@code s_client} for ALPN, SNI, TLS 1.2 and 1.3 and client
 * certificates, and {@code curl --cacert}. Both are installed by bin/setup-test-tools; the test
 * fails, not skips, without them.
 */
class TlsInteropIT {

    @TempDir
    Path folder;

    private WindhoverServer server;
    private final AtomicReference<TlsInfo> seen = new AtomicReference<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int start(TlsOptions tls) throws IOException {
        server = WindhoverServer.builder().shutdownTimeout(Duration.ofSeconds(2))
                .listen(EndPoint.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), tls)
                .application(context -> {
                    seen.set(context.features().get(TlsInfo.class));
                    context.response().body().write("over tls".getBytes(StandardCharsets.US_ASCII));
                })
                .build();
        server.start();
        return Wire.port(server);
    }

    /** Runs a tool, feeding it {@code input}; its output and exit code. */
    private record Run(int exit, String output) {
    }

    private Run run(String input, String... command) throws Exception {
        var process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.US_ASCII));
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** A self-signed certificate from openssl for {@code key}, with the names given. */
    private Path openSslCertificate(String key, String password, String name) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509", "-new", "-key", key, "-out", name + ".crt",
                "-days", "30", "-subj", "/CN=" + name, "-addext", "subjectAltName=DNS:" + name + ",IP:127.0.0.1"));
        if (password != null) {
            command.addAll(List.of("-passin", "pass:" + password));
        }
        Run made = run("", command.toArray(String[]::new));
        assertThat(made.exit()).as(made.output()).isZero();
        return folder.resolve(name + ".crt");
    }

    private Run sClient(int port, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-ign_eof"));
        command.addAll(List.of(options));
        return run("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", command.toArray(String[]::new));
    }

    @Test
    void servesKeyFilesInEachFormOpenSslWrites() throws Exception {
        assertThat(run("", "openssl", "genrsa", "-traditional", "-out", "rsa.key", "2048").exit()).isZero();
        assertThat(run("", "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.key").exit()).isZero();
        assertThat(run("", "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-aes-256-cbc", "-pass", "pass:s3cret", "-out", "encrypted.key").exit()).isZero();
        assertThat(Files.readString(folder.resolve("rsa.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(Files.readString(folder.resolve("ec.key"))).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(Files.readString(folder.resolve("encrypted.key"))).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");

        var rsa = ServerCertificate.fromPem(openSslCertificate("rsa.key", null, "rsa.test"), folder.resolve("rsa.key"), null);
        var ec = ServerCertificate.fromPem(openSslCertificate("ec.key", null, "ec.test"), folder.resolve("ec.key"), null);
        var encrypted = ServerCertificate.fromPem(openSslCertificate("encrypted.key", "s3cret", "encrypted.test"),
                folder.resolve("encrypted.key"), "s3cret");
        int port = start(TlsOptions.builder().certificate(rsa).certificate(ec).certificate(encrypted).build());

        for (String name : List.of("rsa.test", "ec.test", "encrypted.test")) {
            Run client = sClient(port, "-servername", name, "-CAfile", name + ".crt", "-verify_return_error");
            assertThat(client.output()).as(name).contains("Verify return code: 0 (ok)").contains("subject=CN = " + name)
                    .contains("over tls");
        }
    }

    @Test
    void negotiatesWithOpenSslByAlpnAndVersion() throws Exception {
        var certificate = ServerCertificate.selfSigned("localhost", "127.0.0.1");
        int port = start(TlsOptions.builder().certificate(certificate).build());

        // The default end point speaks Http1AndHttp2 and prefers h2: s_client's HTTP/1.1 request is
        // then not the HTTP/2 preface, which the HTTP/2 engine answers with GOAWAY.
        Run h2 = sClient(port, "-alpn", "h2,http/1.1", "-tls1_3");
        assertThat(h2.output()).contains("ALPN protocol: h2").contains("TLSv1.3").contains("invalid connection preface");

        Run alpn = sClient(port, "-alpn", "http/1.1", "-tls1_3");
        assertThat(alpn.output()).contains("ALPN protocol: http/1.1").contains("TLSv1.3").contains("over tls");
        assertThat(seen.get().applicationProtocol()).isEqualTo("http/1.1");

        Run tls12 = sClient(port, "-tls1_2");
        assertThat(tls12.output()).contains("Protocol  : TLSv1.2").containsPattern("Cipher    : ECDHE-ECDSA-(AES\\d+-GCM|CHACHA20)")
                .contains("over tls");

        Run other = sClient(port, "-alpn", "spdy/3");
        assertThat(other.output()).contains("no application protocol");

        Run tls11 = sClient(port, "-tls1_1");
        assertThat(tls11.output()).doesNotContain("over tls");
    }

    @Test
    void takesAnOpenSslClientCertificate() throws Exception {
        assertThat(run("", "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "client.key").exit()).isZero();
        Path clientCertificate = openSslCertificate("client.key", null, "client.test");
        var certificate = ServerCertificate.selfSigned("localhost", "127.0.0.1");
        int port = start(TlsOptions.builder().certificate(certificate)
                .clientCertificateMode(ClientCertificateMode.REQUIRE_CERTIFICATE)
                .clientCertificateValidator((chain, failure) -> chain.getFirst().getSubjectX500Principal().getName().equals("CN=client.test"))
                .build());

        Run with = sClient(port, "-cert", clientCertificate.getFileName().toString(), "-key", "client.key");
        assertThat(with.output()).contains("over tls");
        assertThat(seen.get().clientCertificates()).singleElement()
                .satisfies(c -> assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=client.test"));

        Run without = sClient(port);
        assertThat(without.output()).doesNotContain("over tls");
    }

    @Test
    void servesCurlThatTrustsTheCertificateFile() throws Exception {
        var development = io.windhover.tls.DevelopmentCertificate.in(folder.resolve("dev"));
        int port = start(TlsOptions.builder().certificate(development.loadOrCreate()).build());

        Run curl = run("", "curl", "-sS", "--cacert", development.certificateFile().toString(),
                "https://localhost:" + port + "/", "--resolve", "localhost:" + port + ":127.0.0.1");
        assertThat(curl.exit()).as(curl.output()).isZero();
        assertThat(curl.output()).isEqualTo("over tls");

        Run untrusted = run("", "curl", "-sS", "https://127.0.0.1:" + port + "/");
        assertThat(untrusted.exit()).as("curl refuses a certificate it was not told to trust").isEqualTo(60);
    }
}
