package io.windhover.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.tls.DevelopmentCertificate;
import io.windhover.tls.ServerCertificate;
import io.windhover.tls.TlsOptions;
import io.windhover.transport.EndPoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headless Chromium against the default end point over TLS: it negotiates h2 by ALPN, and a page's
 * script fetches twenty resources at once, multiplexed on the one connection. Each answer names
 * the protocol that carried it; the page writes them into its DOM, which Chromium prints.
 * Chromium is installed by bin/setup-test-tools; the test fails, not skips, without it.
 */
class ChromiumHttp2IT {

    private static final ServerCertificate LOCALHOST = ServerCertificate.selfSigned("localhost", "127.0.0.1");
    private static final String PAGE = """
            <!doctype html><html><head><title>h2</title></head><body><p id="page">%s</p><p id="fetched"></p>
            <script>
            Promise.all(Array.from({length: 20}, (_, i) => fetch('/protocol?i=' + i).then(r => r.text())))
                .then(all => document.getElementById('fetched').textContent = all.join(','));
            </script></body></html>
            """;

    @TempDir
    Path profile;

    private WindhoverServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void chromiumSpeaksHttp2ByAlpnAndMultiplexesAPagesFetches() throws Exception {
        server = WindhoverServer.builder().shutdownTimeout(Duration.ofSeconds(2))
                .listen(EndPoint.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                        TlsOptions.builder().certificate(LOCALHOST).build())
                .application(context -> {
                    var response = context.response();
                    String protocol = context.request().protocol();
                    if (context.request().path().equals("/protocol")) {
                        response.headers().set("Content-Type", "text/plain");
                        response.body().write(protocol.getBytes(StandardCharsets.US_ASCII));
                    } else {
                        response.headers().set("Content-Type", "text/html; charset=utf-8");
                        response.body().write(PAGE.formatted(protocol).getBytes(StandardCharsets.UTF_8));
                    }
                })
                .build();
        server.start();
        String url = server.listeningUrls().getFirst() + "/";
        String spki = DevelopmentCertificate.spkiHash(LOCALHOST.chain().getFirst());

        var command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=10000",
                "--ignore-certificate-errors-spki-list=" + spki, "--dump-dom", url));
        Process browser = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(browser.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(browser.exitValue()).as("chromium's exit status; its DOM: %s", dom).isZero();

        assertThat(dom).contains("<p id=\"page\">HTTP/2</p>");
        assertThat(dom).as("twenty fetches, each over HTTP/2")
                .contains("<p id=\"fetched\">" + String.join(",", java.util.Collections.nCopies(20, "HTTP/2")) + "</p>");
    }
}
