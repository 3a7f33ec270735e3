package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's settings from the configuration: limits under Kestrel's names, each crossed with its exact answer, and the scheduling. */
class ServerConfigurationTest {

    @TempDir
    Path root;

    @Test
    void theConfiguredLimitsAreTheServers() throws Exception {
        Files.writeString(root.resolve("windhover.yaml"), """
                Limits:
                  MaxRequestBodySize: 10
                  MaxRequestLineSize: 64
                  KeepAliveTimeout: "00:02:10"
                ShutdownTimeout: 1
                """);
        var app = WebApplication.create("--content-root", root.toString());
        app.post("/echo", context -> context.request().body().readAllBytes());
        app.get("/{*path}", context -> "ok");
        try (var host = TestHost.start(TestHost.Kind.IN_MEMORY, app)) {
            assertThat(host.post("/echo", "text/plain", "0123456789")).startsWith("HTTP/1.1 200 OK\r\n").endsWith("0123456789");
            assertThat(host.post("/echo", "text/plain", "0123456789a")).startsWith("HTTP/1.1 413 ");
            // "GET " + target + " HTTP/1.1\r\n" is 64 bytes with a target of 49, the limit; one more is 414.
            assertThat(host.send("GET /" + "a".repeat(48) + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 200 OK\r\n");
            assertThat(host.send("GET /" + "a".repeat(49) + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 414 ");
        }
    }

    @Test
    void aLimitOfTheWrongTypeStopsTheStartNamingItsKeyAndSource() throws Exception {
        var app = WebApplication.create("--content-root", root.toString(), "--urls", "http://127.0.0.1:0",
                "--Limits:MaxRequestBodySize=lots");
        assertThatThrownBy(app::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("configuration key 'Limits:MaxRequestBodySize' (from command line) must be a whole number, not 'lots'");
        app.close();
        var badSpan = WebApplication.create("--content-root", root.toString(), "--urls", "http://127.0.0.1:0",
                "--Limits:KeepAliveTimeout=soon");
        assertThatThrownBy(badSpan::start).hasMessage("configuration key 'Limits:KeepAliveTimeout' (from command line) must be"
                + " a time span such as 00:02:10, PT2M10S or a number of seconds, not 'soon'");
        badSpan.close();
        var refused = WebApplication.create("--content-root", root.toString(), "--urls", "http://127.0.0.1:0",
                "--Limits:MaxRequestLineSize=3");
        assertThatThrownBy(refused::start).hasMessageContaining("configuration section 'Limits'")
                .hasMessageContaining("HTTP/1.1 limits must be positive");
        refused.close();
        var scheduling = WebApplication.create("--content-root", root.toString(), "--urls", "http://127.0.0.1:0",
                "--Scheduling=Sometimes");
        assertThatThrownBy(scheduling::start)
                .hasMessage("configuration key 'Scheduling' (from command line) must be VirtualThread or Inline, not 'Sometimes'");
        scheduling.close();
    }

    @Test
    void schedulingInlineRunsHandlersOnTheIoLoop() throws Exception {
        var app = WebApplication.create("--content-root", root.toString(), "--Scheduling=Inline");
        app.get("/thread", context -> Thread.currentThread().isVirtual() ? "virtual" : "platform");
        try (var host = TestHost.start(TestHost.Kind.SOCKET, app)) {
            assertThat(host.send("GET /thread HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).endsWith("platform");
        }
        var byDefault = WebApplication.create("--content-root", root.toString());
        byDefault.get("/thread", context -> Thread.currentThread().isVirtual() ? "virtual" : "platform");
        try (var host = TestHost.start(TestHost.Kind.SOCKET, byDefault)) {
            assertThat(host.send("GET /thread HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).endsWith("virtual");
        }
    }

    @Test
    void readsTimeSpansAsDotNetWritesThem() {
        assertThat(ServerConfiguration.parseTimeSpan("00:02:10")).isEqualTo(Duration.ofSeconds(130));
        assertThat(ServerConfiguration.parseTimeSpan("1.02:03:04.5")).isEqualTo(Duration.parse("P1DT2H3M4.5S"));
        assertThat(ServerConfiguration.parseTimeSpan("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(ServerConfiguration.parseTimeSpan("2.5")).isEqualTo(Duration.ofMillis(2500));
        assertThat(ServerConfiguration.parseTimeSpan("soon")).isNull();
    }
}
