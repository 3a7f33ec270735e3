package io.windhover.web.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.web.HealthChecks;
import io.windhover.web.WebApplication;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Forwarded headers, rate limiting, request timeouts and health checks, on a real server. */
class ProtectionMiddlewareTest {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private WebApplication app;
    private String base;

    @AfterEach
    void stop() {
        client.close();
        if (app != null) {
            app.close();
        }
    }

    private void start(java.util.function.Consumer<WebApplication> configure) throws Exception {
        app = WebApplication.create("--urls", "http://127.0.0.1:0").server(server -> server.shutdownTimeout(Duration.ofSeconds(2)));
        configure.accept(app);
        app.get("/who", context -> context.remoteAddress() + " " + context.scheme() + " " + context.host());
        app.start();
        base = app.listeningUrls().getFirst();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void takesForwardedValuesFromATrustedProxyOnly() throws Exception {
        start(app -> app.use(new ForwardedHeaders(Set.of(InetAddress.getLoopbackAddress()))));
        assertThat(get("/who", "X-Forwarded-For", "203.0.113.9, 198.51.100.7", "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "shop.example").body()).as("the last entry, the trusted proxy's own")
                .isEqualTo("/198.51.100.7:0 https shop.example");
        assertThat(get("/who", "Forwarded", "for=192.0.2.60;proto=http, for=\"[2001:db8:cafe::17]:4711\";proto=https;host=api.example").body())
                .isEqualTo("/[2001:db8:cafe:0:0:0:0:17]:4711 https api.example");
        assertThat(get("/who", "X-Forwarded-For", "not-an-address").body()).as("a name is not an address").startsWith("/127.0.0.1:");
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
        String who = get("/who", "X-Forwarded-For", "203.0.113.9", "X-Forwarded-Proto", "https").body();
        assertThat(who).startsWith("/127.0.0.1:").contains(" http ");
    }

    @Test
    void limitsEachClientWithAFixedWindow() throws Exception {
        var now = new AtomicLong();
        start(app -> app.use(RateLimiting.fixedWindow(2, Duration.ofSeconds(10), now::get)));
        assertThat(get("/who").statusCode()).isEqualTo(200);
        assertThat(get("/who").statusCode()).isEqualTo(200);
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        var refused = get("/who");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("retry-after")).hasValue("6");
        assertThat(refused.headers().firstValue("content-type")).hasValue("application/problem+json");
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(get("/who").statusCode()).as("a new window").isEqualTo(200);
    }

    @Test
    void limitsEachClientWithATokenBucket() throws Exception {
        var now = new AtomicLong();
        start(app -> app.use(RateLimiting.tokenBucket(2, 1, Duration.ofSeconds(3), now::get)));
        assertThat(get("/who").statusCode()).isEqualTo(200);
        assertThat(get("/who").statusCode()).isEqualTo(200);
        var refused = get("/who");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("retry-after")).hasValue("3");
        now.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(get("/who").statusCode()).as("one token back").isEqualTo(200);
        assertThat(get("/who").statusCode()).isEqualTo(429);
    }

    @Test
    void answers504WhenAHandlerOverrunsAndInterruptsIt() throws Exception {
        var interrupted = new AtomicBoolean();
        start(app -> {
            app.use(new RequestTimeout(Duration.ofMillis(200)));
            app.get("/slow", context -> {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw e;
                }
                return "too late";
            });
            app.get("/fast", context -> "in time");
        });
        long start = System.nanoTime();
        var slow = get("/slow");
        assertThat(slow.statusCode()).isEqualTo(504);
        assertThat(slow.body()).contains("took longer than 200 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(interrupted).isTrue();
        for (int i = 0; i < 20; i++) { // the connection's thread carries no stray interrupt into later requests
            assertThat(get("/fast").body()).isEqualTo("in time");
        }
    }

    @Test
    void answersWithTheConfiguredStatusWhenAsked() throws Exception {
        start(app -> {
            app.use(new RequestTimeout(Duration.ofMillis(100), 503));
            app.get("/slow", context -> {
                Thread.sleep(10_000);
                return "too late";
            });
        });
        assertThat(get("/slow").statusCode()).isEqualTo(503);
    }

    @Test
    void reportsHealth() throws Exception {
        var databaseUp = new AtomicBoolean(true);
        start(app -> app.get("/healthz", HealthChecks.builder()
                .check("database", databaseUp::get)
                .check("disk", () -> {
                    throw new IllegalStateException("secret detail");
                }).build()));
        var report = get("/healthz");
        assertThat(report.statusCode()).isEqualTo(503);
        assertThat(report.body()).isEqualTo(
                "{\"status\":\"Unhealthy\",\"checks\":{\"database\":\"Healthy\",\"disk\":\"Unhealthy (IllegalStateException)\"}}");
    }
}
