package io.windhover.web.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.web.HealthChecks;
import io.windhover.web.TestHost;
import io.windhover.web.WebApplication;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Forwarded headers, rate limiting, request timeouts and health checks, as wire transcripts over
 * a socket and in memory. On both the client is 127.0.0.1 ({@link TestHost}), so the loopback
 * address is the trusted proxy and the one client the limits count.
 */
@ParameterizedClass
@EnumSource(TestHost.Kind.class)
class ProtectionMiddlewareTest {

    /** Never opened: a handler that awaits it runs until interrupted. */
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    @Parameter
    TestHost.Kind kind;

    private TestHost host;

    @AfterEach
    void stop() throws Exception {
        if (host != null) {
            host.close();
        }
    }

    private void start(Consumer<WebApplication> configure) throws Exception {
        var app = WebApplication.create().server(server -> server.shutdownTimeout(Duration.ofSeconds(2)));
        configure.accept(app);
        app.get("/who", context -> context.remoteAddress() + " " + context.scheme() + " " + context.host());
        host = TestHost.start(kind, app);
    }

    /** The whole response as the server sent it; {@code headers} are name, value pairs. */
    private String get(String path, String... headers) throws Exception {
        var request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        byte[] bytes = request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        return new String(host.exchange(bytes), StandardCharsets.UTF_8);
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void takesForwardedValuesFromATrustedProxyOnly() throws Exception {
        start(app -> app.use(new ForwardedHeaders(Set.of(InetAddress.getLoopbackAddress()))));
        assertThat(body(get("/who", "X-Forwarded-For", "203.0.113.9, 198.51.100.7", "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "shop.example"))).as("the last entry, the trusted proxy's own")
                .isEqualTo("/198.51.100.7:0 https shop.example");
        assertThat(body(get("/who", "Forwarded", "for=192.0.2.60;proto=http, for=\"[2001:db8:cafe::17]:4711\";proto=https;host=api.example")))
                .isEqualTo("/[2001:db8:cafe:0:0:0:0:17]:4711 https api.example");
        assertThat(body(get("/who", "X-Forwarded-For", "not-an-address"))).as("a name is not an address").startsWith("/127.0.0.1:");
    }

    @Test
    void ignoresForwardedValuesFromAnyoneElse() throws Exception {
        start(app -> {
            try {
                app.use(new ForwardedHeaders(Set.of(InetAddress.getByName("10.0.0.5"))));
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError(e);
            }
        });
        String who = body(get("/who", "X-Forwarded-For", "203.0.113.9", "X-Forwarded-Proto", "https"));
        assertThat(who).startsWith("/127.0.0.1:").contains(" http ");
    }

    @Test
    void limitsEachClientWithAFixedWindow() throws Exception {
        var now = new AtomicLong();
        start(app -> app.use(RateLimiting.fixedWindow(2, Duration.ofSeconds(10), now::get)));
        assertThat(get("/who")).startsWith("HTTP/1.1 200 ");
        assertThat(get("/who")).startsWith("HTTP/1.1 200 ");
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(get("/who")).startsWith("HTTP/1.1 429 Too Many Requests\r\n").contains("\r\nRetry-After: 6\r\n")
                .contains("\r\nContent-Type: application/problem+json\r\n");
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(get("/who")).as("a new window").startsWith("HTTP/1.1 200 ");
    }

    @Test
    void limitsEachClientWithATokenBucket() throws Exception {
        var now = new AtomicLong();
        start(app -> app.use(RateLimiting.tokenBucket(2, 1, Duration.ofSeconds(3), now::get)));
        assertThat(get("/who")).startsWith("HTTP/1.1 200 ");
        assertThat(get("/who")).startsWith("HTTP/1.1 200 ");
        assertThat(get("/who")).startsWith("HTTP/1.1 429 Too Many Requests\r\n").contains("\r\nRetry-After: 3\r\n");
        now.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(get("/who")).as("one token back").startsWith("HTTP/1.1 200 ");
        assertThat(get("/who")).startsWith("HTTP/1.1 429 ");
    }

    @Test
    void answers504WhenAHandlerOverrunsAndInterruptsIt() throws Exception {
        var interrupted = new AtomicBoolean();
        start(app -> {
            app.use(new RequestTimeout(Duration.ofMillis(200)));
            app.get("/slow", context -> {
                try {
                    NEVER.await();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw e;
                }
                return "too late";
            });
            app.get("/fast", context -> "in time");
        });
        // The handler returns only when interrupted, so an answer at all means the timeout interrupted it.
        String slow = get("/slow");
        assertThat(slow).startsWith("HTTP/1.1 504 Gateway Timeout\r\n");
        assertThat(body(slow)).contains("took longer than 200 ms");
        assertThat(interrupted).isTrue();
        for (int i = 0; i < 20; i++) { // the connection's thread carries no stray interrupt into later requests
            assertThat(body(get("/fast"))).isEqualTo("in time");
        }
    }

    @Test
    void answersWithTheConfiguredStatusWhenAsked() throws Exception {
        start(app -> {
            app.use(new RequestTimeout(Duration.ofMillis(100), 503));
            app.get("/slow", context -> {
                NEVER.await();
                return "too late";
            });
        });
        assertThat(get("/slow")).startsWith("HTTP/1.1 503 Service Unavailable\r\n");
    }

    @Test
    void reportsHealth() throws Exception {
        var databaseUp = new AtomicBoolean(true);
        start(app -> app.get("/healthz", HealthChecks.builder()
                .check("database", databaseUp::get)
                .check("disk", () -> {
                    throw new IllegalStateException("secret detail");
                }).build()));
        String report = get("/healthz");
        assertThat(report).startsWith("HTTP/1.1 503 Service Unavailable\r\n");
        assertThat(body(report)).isEqualTo(
                "{\"status\":\"Unhealthy\",\"checks\":{\"database\":\"Healthy\",\"disk\":\"Unhealthy (IllegalStateException)\"}}");
    }
}
