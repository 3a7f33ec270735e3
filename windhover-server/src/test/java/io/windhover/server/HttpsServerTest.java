package io.windhover.server;

import static io.windhover.server.Wire.bytes;
import static io.windhover.server.TrustingClients.trusting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.tls.ClientCertificateMode;
import io.windhover.tls.ServerCertificate;
import io.windhover.tls.TlsInfo;
import io.windhover.tls.TlsOptions;
import io.windhover.transport.EndPoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * HTTPS end to end over loopback sockets, in both schedulings: real TLS clients (the JDK's
 * {@code HttpClient} and {@code SSLSocket}) against the server's TLS middleware and HTTP/1.1 engine.
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class HttpsServerTest {

    private static final ServerCertificate LOCALHOST = ServerCertificate.selfSigned("localhost", "127.0.0.1");

    @Parameter
    Scheduling scheduling;

    private WindhoverServer server;
    private final AtomicReference<TlsInfo> seen = new AtomicReference<>();
    private final AtomicReference<String> scheme = new AtomicReference<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int start(TlsOptions tls) throws IOException {
        return start(tls, HttpProtocols.HTTP1_AND_HTTP2);
    }

    private int start(TlsOptions tls, HttpProtocols protocols) throws IOException {
        server = WindhoverServer.builder().scheduling(scheduling).shutdownTimeout(Duration.ofSeconds(2))
                .heartbeatInterval(Duration.ofMillis(50))
                .listen(EndPoint.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), tls, protocols)
                .application(context -> {
                    seen.set(context.features().get(TlsInfo.class));
                    scheme.set(context.scheme());
                    var request = context.request();
                    switch (request.path()) {
                        case "/echo" -> context.response().body().write(request.body().readAllBytes());
                        case "/big" -> {
                            byte[] block = new byte[64 * 1024];
                            new Random(7).nextBytes(block);
                            for (int i = 0; i < bigBlocks(); i++) {
                                context.response().body().write(block);
                            }
                        }
                        default -> context.response().body().write(bytes("secure hello"));
                    }
                })
                .build();
        server.start();
        assertThat(server.listeningUrls()).singleElement().asString().startsWith("https://127.0.0.1:");
        return Wire.port(server);
    }

    /**
     * 4 MiB streamed; inline, 512 KiB, since an inline handler holds the I/O loop that would send
     * it (see Scheduling.INLINE: large responses belong on virtual threads).
     */
    private int bigBlocks() {
        return scheduling == Scheduling.INLINE ? 8 : 64;
    }

    private int start() throws IOException {
        return start(TlsOptions.builder().certificate(LOCALHOST).build());
    }

    /** A client that takes any certificate, to look at which one the server chose. */
    private static SSLContext trustingAnything() throws Exception {
        var context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        return context;
    }

    private static SSLSocket connect(SSLContext context, int port) throws IOException {
        var socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private void awaitNoRentedBlocks() throws InterruptedException {
        for (int i = 0; i < 200 && (server.statistics().openConnections() > 0 || server.memoryStatistics().rentedBlocks() > 0); i++) {
            Thread.sleep(25);
        }
        assertThat(server.statistics().openConnections()).isZero();
        assertThat(server.memoryStatistics().rentedBlocks()).as("pool blocks still rented").isZero();
    }

    @Test
    void servesTheJdkHttpClientAndTellsTheHandlerAboutTheTls() throws Exception {
        int port = start();
        byte[] upload = new byte[3 * 1024 * 1024 + 17];
        new Random(3).nextBytes(upload);
        try (var client = HttpClient.newBuilder().sslContext(trusting(LOCALHOST)).version(HttpClient.Version.HTTP_1_1).build()) {
            var hello = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            var echoed = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build(), HttpResponse.BodyHandlers.ofByteArray());

            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("secure hello");
            assertThat(echoed.body()).isEqualTo(upload);
        }
        assertThat(scheme.get()).isEqualTo("https");
        TlsInfo tls = seen.get();
        assertThat(tls.protocol()).isEqualTo("TLSv1.3");
        assertThat(tls.cipherSuite()).startsWith("TLS_");
        assertThat(tls.applicationProtocol()).as("the JDK client offers ALPN only for HTTP/2").isNull();
        assertThat(tls.serverName()).isEqualTo("localhost");
        assertThat(tls.clientCertificates()).isEmpty();
        awaitNoRentedBlocks();
    }

    @Test
    void streamsALargeResponseAndAnswersPipelinedRequestsInOrder() throws Exception {
        int port = start();
        try (SSLSocket socket = connect(trusting(LOCALHOST), port)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(bytes("GET /a HTTP/1.1\r\nHost: x\r\n\r\n".repeat(50)));
            out.flush();
            for (int i = 0; i < 50; i++) {
                assertThat(Wire.readResponse(in)).startsWith("HTTP/1.1 200 OK").endsWith("\r\n\r\nsecure hello");
            }
            out.write(bytes("GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
            out.flush();
            String head = Wire.readChunkedResponse(in);
            byte[] block = new byte[64 * 1024];
            new Random(7).nextBytes(block);
            assertThat(head).startsWith("HTTP/1.1 200 OK");
            String body = head.substring(head.indexOf("\r\n\r\n") + 4);
            assertThat(body.length()).isEqualTo(bigBlocks() * block.length);
            assertThat(bytes(body.substring(0, block.length))).isEqualTo(block);
            assertThat(in.read()).as("closed after Connection: close").isEqualTo(-1);
        }
        awaitNoRentedBlocks();
    }

    @Test
    void choosesTheCertificateByTheServerNameTheClientSends() throws Exception {
        var api = ServerCertificate.selfSigned("api.test");
        var wildcard = ServerCertificate.selfSigned("*.shop.test");
        int port = start(TlsOptions.builder().certificate(LOCALHOST).certificate(api).certificate(wildcard).build());

        assertThat(certificateFor("api.test", port)).isEqualTo(api.chain().getFirst());
        assertThat(certificateFor("www.shop.test", port)).isEqualTo(wildcard.chain().getFirst());
        assertThat(certificateFor("unknown.test", port)).as("the default").isEqualTo(LOCALHOST.chain().getFirst());
        assertThat(certificateFor(null, port)).as("no SNI: the default").isEqualTo(LOCALHOST.chain().getFirst());
    }

    private static Certificate certificateFor(String serverName, int port) throws Exception {
        try (SSLSocket socket = connect(trustingAnything(), port)) {
            var parameters = socket.getSSLParameters();
            parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket.getSession().getPeerCertificates()[0];
        }
    }

    @Test
    void servesARenewedCertificateWithoutARestart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) throws Exception {
        var first = io.windhover.tls.DevelopmentCertificate.in(folder);
        ServerCertificate loaded = first.loadOrCreate();
        int port = start(TlsOptions.builder().certificate(ServerCertificate.fromPem(first.certificateFile(), first.keyFile(), null))
                .certificateReloadInterval(Duration.ofMillis(100)).build());
        assertThat(certificateFor("localhost", port)).isEqualTo(loaded.chain().getFirst());

        ServerCertificate renewed = first.create(); // new key and certificate in the same files
        java.nio.file.Files.setLastModifiedTime(first.certificateFile(),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2_000));
        Certificate served = null;
        for (int attempt = 0; attempt < 100 && !renewed.chain().getFirst().equals(served); attempt++) {
            Thread.sleep(50);
            served = certificateFor("localhost", port);
        }
        assertThat(served).isEqualTo(renewed.chain().getFirst());
    }

    @Test
    void offersByAlpnOnlyWhatTheEndPointServesWhateverTheTlsOptionsList() throws Exception {
        // The trap this closes: options listing h2 on an HTTP/1.1 end point negotiated h2, then fed
        // the client's HTTP/2 preface to the HTTP/1.1 parser. ALPN now comes from the end point's protocols.
        int port = start(TlsOptions.builder().certificate(LOCALHOST).applicationProtocols("h2", "http/1.1").build(),
                HttpProtocols.HTTP1);
        try (SSLSocket socket = connect(trusting(LOCALHOST), port)) {
            var parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"h2"});
            socket.setSSLParameters(parameters);
            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("no_application_protocol");
        }
    }

    @Test
    void negotiatesByAlpnWhatTheEndPointServesAndRefusesAClientThatOffersOnlyOtherProtocols() throws Exception {
        int port = start(); // Http1AndHttp2, the default
        for (var offer : List.of(List.of("h2", "http/1.1"), List.of("http/1.1", "h2"), List.of("http/1.1"))) {
            try (SSLSocket socket = connect(trusting(LOCALHOST), port)) {
                var parameters = socket.getSSLParameters();
                parameters.setApplicationProtocols(offer.toArray(String[]::new));
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                // The server's preference decides (RFC 7301 §3.2), and it prefers h2 as Kestrel does.
                assertThat(socket.getApplicationProtocol()).as("offered %s", offer)
                        .isEqualTo(offer.contains("h2") ? "h2" : "http/1.1");
            }
        }
        server.close();
        port = start(TlsOptions.builder().certificate(LOCALHOST).build(), HttpProtocols.HTTP1);
        try (SSLSocket socket = connect(trusting(LOCALHOST), port)) {
            var parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"h2"});
            socket.setSSLParameters(parameters);
            // RFC 7301 §3.2: no protocol in common is the fatal no_application_protocol alert.
            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("no_application_protocol");
        }
    }

    @Test
    void speaksTls12AndTls13ButNothingOlder() throws Exception {
        int port = start();
        try (SSLSocket socket = connect(trusting(LOCALHOST), port)) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(socket.getSession().getCipherSuite()).startsWith("TLS_ECDHE_ECDSA_WITH_").containsAnyOf("GCM", "CHACHA20");
            socket.getOutputStream().write(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertThat(Wire.readResponse(socket.getInputStream())).endsWith("secure hello");
        }
        var old = SSLContext.getInstance("TLSv1.1");
        old.init(null, null, null);
        try (SSLSocket socket = connect(trustingAnything(), port)) {
            socket.setEnabledProtocols(new String[] {"TLSv1.1"});
            assertThatThrownBy(socket::startHandshake).isInstanceOf(IOException.class);
        } catch (IllegalArgumentException unsupportedByThisJdk) {
            // the JDK has removed TLS 1.1 altogether: nothing to offer, nothing to refuse
        }
    }

    @Test
    void refusesAClientInitiatedRenegotiation() throws Exception {
        int port = start();
        try (SSLSocket socket = connect(trusting(LOCALHOST), port)) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.getOutputStream().write(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertThat(Wire.readResponse(socket.getInputStream())).endsWith("secure hello");

            // A second handshake on a TLS 1.2 connection is a renegotiation: the server ends the connection.
            boolean refused;
            try {
                socket.startHandshake();
                socket.getOutputStream().write(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
                refused = socket.getInputStream().read() < 0;
            } catch (IOException expected) {
                refused = true;
            }
            assertThat(refused).isTrue();
        }
        awaitNoRentedBlocks();
    }

    @Test
    void endsAConnectionWhoseRecordHeaderClaimsMoreThanTlsAllows() throws Exception {
        int port = start();
        try (var raw = new Socket(InetAddress.getLoopbackAddress(), port)) {
            raw.setSoTimeout(10_000);
            var socket = (SSLSocket) trusting(LOCALHOST).getSocketFactory().createSocket(raw, "localhost", port, false);
            socket.getOutputStream().write(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertThat(Wire.readResponse(socket.getInputStream())).endsWith("secure hello");

            // Under the session, on the raw socket: an application-data record header claiming 65,535
            // bytes (the most is 2^14 + 2048), then a little. Waiting for the rest would hold the
            // connection, and up to 1 MiB of input, for as long as the peer likes.
            raw.getOutputStream().write(new byte[] {0x17, 0x03, 0x03, (byte) 0xFF, (byte) 0xFF, 1, 2, 3});
            raw.getOutputStream().flush();
            assertThat(readToClose(raw)).as("the server ends the connection at once").isEqualTo(-1);
        }
        awaitNoRentedBlocks();
    }

    @Test
    void answersPlainHttpOnTheTlsPortWith400AndKeepsServingTls() throws Exception {
        int port = start();
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Connection: close\r\n")
                    .endsWith("\r\n\r\nThis port serves HTTPS: use https:// to reach it.\n");
        }
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(new byte[] {0x00, 0x01, 0x02, 0x03, (byte) 0xFF});
            assertThat(socket.getInputStream().read()).as("not TLS, not HTTP: closed without a word").isEqualTo(-1);
        }
        try (SSLSocket socket = connect(trusting(LOCALHOST), port)) {
            socket.getOutputStream().write(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertThat(Wire.readResponse(socket.getInputStream())).endsWith("secure hello");
        }
        awaitNoRentedBlocks();
    }

    @Test
    void abortsAHandshakeThatDoesNotCompleteWithinTheTimeout() throws Exception {
        int port = start(TlsOptions.builder().certificate(LOCALHOST).handshakeTimeout(Duration.ofMillis(300)).build());
        try (var silent = new Socket(InetAddress.getLoopbackAddress(), port);
             var partial = new Socket(InetAddress.getLoopbackAddress(), port)) {
            silent.setSoTimeout(10_000);
            partial.setSoTimeout(10_000);
            // The start of a ClientHello record, never finished.
            partial.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00});
            long started = System.nanoTime();
            assertThat(readToClose(silent)).isEqualTo(-1);
            assertThat(readToClose(partial)).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("cut by the timeout, not the client's read timeout")
                    .isLessThan(Duration.ofSeconds(9));
        }
        try (SSLSocket socket = connect(trusting(LOCALHOST), port)) {
            socket.getOutputStream().write(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertThat(Wire.readResponse(socket.getInputStream())).endsWith("secure hello");
        }
    }

    private static int readToClose(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read();
        } catch (java.net.SocketException reset) {
            return -1; // a reset is a close too
        }
    }

    @Test
    void requiresAClientCertificateTheValidatorAccepts() throws Exception {
        var alice = ServerCertificate.selfSigned("alice");
        var mallory = ServerCertificate.selfSigned("mallory");
        int port = start(TlsOptions.builder().certificate(LOCALHOST)
                .clientCertificateMode(ClientCertificateMode.REQUIRE_CERTIFICATE)
                .clientCertificateValidator((chain, failure) -> chain.getFirst().equals(alice.chain().getFirst()))
                .build());

        try (SSLSocket socket = connect(withClientCertificate(alice), port)) {
            socket.getOutputStream().write(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertThat(Wire.readResponse(socket.getInputStream())).endsWith("secure hello");
        }
        assertThat(seen.get().clientCertificates()).containsExactly(alice.chain().getFirst());
        assertThat(handshakeFails(withClientCertificate(mallory), port)).as("refused by the validator").isTrue();
        assertThat(handshakeFails(trusting(LOCALHOST), port)).as("no certificate at all").isTrue();
    }

    @Test
    void allowsClientsWithoutACertificateWhenOnlyAllowed() throws Exception {
        int port = start(TlsOptions.builder().certificate(LOCALHOST)
                .clientCertificateMode(ClientCertificateMode.ALLOW_CERTIFICATE)
                .clientCertificateValidator((chain, failure) -> true).build());

        try (SSLSocket socket = connect(trusting(LOCALHOST), port)) {
            socket.getOutputStream().write(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertThat(Wire.readResponse(socket.getInputStream())).endsWith("secure hello");
        }
        assertThat(seen.get().clientCertificates()).isEmpty();
    }

    private static SSLContext withClientCertificate(ServerCertificate client) throws Exception {
        var keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", client.privateKey(), "pw".toCharArray(), client.chain().toArray(Certificate[]::new));
        var keyFactory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyFactory.init(keys, "pw".toCharArray());
        var trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("server", LOCALHOST.chain().getFirst());
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        var context = SSLContext.getInstance("TLS");
        context.init(keyFactory.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    /** Whether the connection fails: in TLS 1.3 a refused client certificate shows at the first read. */
    private static boolean handshakeFails(SSLContext context, int port) throws Exception {
        try (SSLSocket socket = connect(context, port)) {
            socket.startHandshake();
            socket.getOutputStream().write(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
            return socket.getInputStream().read() < 0;
        } catch (IOException expected) {
            return true;
        }
    }
}
