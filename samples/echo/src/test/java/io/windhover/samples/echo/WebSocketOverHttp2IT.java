package io.windhover.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.tls.DevelopmentCertificate;
import io.windhover.web.Results;
import io.windhover.web.WebApplication;
import io.windhover.web.WebSocketEndpointOptions;
import io.windhover.web.WebSockets;
import io.windhover.websockets.WebSocket;
import io.windhover.websockets.WebSocketMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSockets over HTTP/2 (RFC 8441) with a real peer: headless Chromium loads a page over h2 (TLS,
 * ALPN, the development certificate trusted by its key's hash) and opens a WebSocket to the same
 * origin; the server has sent SETTINGS_ENABLE_CONNECT_PROTOCOL, so Chromium sends an extended
 * CONNECT on the same connection. The endpoint answers with the protocol that carried it, then
 * echoes, compressed, until the page closes.
 */
class WebSocketOverHttp2IT {

    private static final String PAGE = """
            <!doctype html><html><body><pre id="out">pending</pre><script>
            const out = document.getElementById('out');
            const ws = new WebSocket('wss://' + location.host + '/socket');
            let first = true;
            ws.onmessage = (event) => {
              if (first) { first = false; out.textContent = 'carried by: ' + event.data; ws.send('echo me'); }
              else { out.textContent += '; echo: ' + event.data + '; extensions: ' + ws.extensions; ws.close(1000); }
            };
            ws.onclose = (event) => {
              out.textContent += '; closed: ' + event.code;
              fetch('/report', {method: 'POST', body: out.textContent});
            };
            </script></body></html>
            """;

    @TempDir
    Path folder;

    private WebApplication app;
    private DevelopmentCertificate development;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** An https application on a loopback port, serving a development certificate of its own. */
    private WebApplication httpsApp() throws Exception {
        development = DevelopmentCertificate.in(folder.resolve("certs"));
        development.loadOrCreate();
        return WebApplication.create("--urls", "https://127.0.0.1:0").developmentCertificate(development)
                .useDevelopmentCertificate(true);
    }

    /** The flag that has Chromium trust {@link #httpsApp()}'s certificate, by its key's hash. */
    private String trustingTheCertificate() throws Exception {
        X509Certificate certificate;
        try (InputStream pem = Files.newInputStream(development.certificateFile())) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem);
        }
        return "--ignore-certificate-errors-spki-list=" + DevelopmentCertificate.spkiHash(certificate);
    }

    @Test
    void chromiumOpensAWebSocketOverHttp2WithExtendedConnect() throws Exception {
        app = httpsApp();
        app.get("/", context -> Results.text(PAGE, "text/html; charset=utf-8"));
        var chromium = new ChromiumReport(app);
        var options = WebSocketEndpointOptions.builder().compression(true).build();
        app.get("/socket", context -> handle(context.request().method() + " " + context.request().protocol(),
                WebSockets.accept(context, options)));
        app.map("CONNECT", "/socket", context -> handle(context.request().method() + " " + context.request().protocol(),
                WebSockets.accept(context, options)));
        app.start();
        String report = chromium.load(app.listeningUrls().getFirst() + "/", folder.resolve("profile"), trustingTheCertificate());
        assertThat(report).isEqualTo("carried by: CONNECT HTTP/2; echo: echo me; extensions: permessage-deflate; closed: 1000");
    }

    private static Object handle(String carriedBy, WebSocket socket) throws Exception {
        if (socket == null) {
            return null;
        }
        socket.send(carriedBy);
        for (WebSocketMessage message; (message = socket.receive()) != null; ) {
            socket.send(message);
        }
        return null;
    }

    /**
     * The graceful stop over HTTP/2: the server sends GOAWAY and Close 1001 to the open socket, which
     * Chromium answers; the handler's receive ends with it and the stop aborts nothing. The page
     * reports to a second application, since the one under test takes no new streams once stopping.
     */
    @Test
    void aGracefulStopClosesAWebSocketOverHttp2WithGoingAway() throws Exception {
        var reports = WebApplication.create("--urls", "http://127.0.0.1:0");
        var chromium = new ChromiumReport(reports);
        reports.start();
        try {
            String page = """
                    <!doctype html><html><body><script>
                    const ws = new WebSocket('wss://' + location.host + '/socket');
                    ws.onopen = () => ws.send('stop now');
                    ws.onclose = (event) => fetch('REPORT', {method: 'POST', mode: 'no-cors', body: 'closed: ' + event.code});
                    </script></body></html>
                    """.replace("REPORT", reports.listeningUrls().getFirst() + "/report");
            app = httpsApp();
            app.get("/", context -> Results.text(page, "text/html; charset=utf-8"));
            var handlerEnded = new CountDownLatch(1);
            var stopping = new AtomicReference<Thread>();
            var carriedBy = new AtomicReference<String>();
            app.map("CONNECT", "/socket", context -> {
                carriedBy.set(context.request().protocol());
                WebSocket socket = WebSockets.accept(context, WebSocketEndpointOptions.builder().build());
                try {
                    if (socket != null && socket.receive() != null) {
                        WebApplication stopped = app;
                        stopping.set(Thread.startVirtualThread(stopped::close)); // the stop waits for this handler
                        while (socket.receive() != null) {
                            // nothing more comes: the stop's Close ends the loop
                        }
                    }
                } finally {
                    handlerEnded.countDown();
                }
                return null;
            });
            app.start();
            String report = chromium.load(app.listeningUrls().getFirst() + "/", folder.resolve("profile"), trustingTheCertificate());
            assertThat(report).isEqualTo("closed: 1001");
            assertThat(carriedBy.get()).isEqualTo("HTTP/2");
            assertThat(handlerEnded.await(10, TimeUnit.SECONDS)).isTrue();
            stopping.get().join();
            assertThat(app.statistics().abortedAtShutdown()).as("connections the stop had to abort").isZero();
        } finally {
            reports.close();
        }
    }
}
