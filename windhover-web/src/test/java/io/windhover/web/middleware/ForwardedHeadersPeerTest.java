package io.windhover.web.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.web.TestHost;
import io.windhover.web.WebApplication;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Forwarded headers from a peer that has a name and no IP address. In memory only: a socket's
 * peer always has an address, and the in-memory transport's default client is such a peer.
 */
class ForwardedHeadersPeerTest {

    @Test
    void ignoresForwardedValuesFromAPeerWithoutAnAddress() throws Exception {
        var app = WebApplication.create().server(server -> server.shutdownTimeout(Duration.ofSeconds(1)));
        app.use(new ForwardedHeaders(Set.of(InetAddress.getLoopbackAddress())));
        app.get("/who", context -> context.remoteAddress() + " " + context.scheme() + " " + context.host());
        try (var host = TestHost.startInMemory(app, InetSocketAddress.createUnresolved("in-memory-client", 0))) {
            String response = new String(host.exchange(("GET /who HTTP/1.1\r\nHost: a\r\nConnection: close\r\n"
                    + "X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: https\r\n\r\n").getBytes(StandardCharsets.US_ASCII)),
                    StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nin-memory-client/<unresolved>:0 http a");
        }
    }
}
