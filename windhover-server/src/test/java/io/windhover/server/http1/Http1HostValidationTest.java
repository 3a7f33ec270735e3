package io.windhover.server.http1;

import io.windhover.server.InMemoryHttpServer;
import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.server.Http1Limits;
import io.windhover.server.HttpLimits;
import io.windhover.server.Scheduling;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 9112 §3.2: "A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1
 * request message that lacks a Host header field and to any request message that contains more
 * than one Host header field line or a Host header field with an invalid field value." The value
 * is {@code uri-host [ ":" port ]}; with an absolute-form target it must name the same authority,
 * a missing port being the scheme's default.
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class Http1HostValidationTest {

    private static final String OK = "HTTP/1.1 200 OK\r\n";
    private static final String BAD = "HTTP/1.1 400 Bad Request\r\n";

    @Parameter
    Scheduling scheduling;

    private InMemoryHttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = new InMemoryHttpServer(scheduling, HttpLimits.defaults(),
                context -> context.response().body().write("ok".getBytes(StandardCharsets.US_ASCII)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String get(String target, String version, String host) throws Exception {
        return server.exchange("GET " + target + " " + version + "\r\n" + (host == null ? "" : "Host: " + host + "\r\n")
                + "Connection: close\r\n\r\n");
    }

    @ParameterizedTest(name = "Host: {0}")
    @ValueSource(strings = {
        "a", "a:80", "a:", "example.test", "EXAMPLE.test:8080", "xn--bcher-kva.example", "a-b_c~d.e",
        "127.0.0.1", "127.0.0.1:8080", "%41b", "!$&'()*+,;=", "[::1]", "[::1]:8080", "[::]", "[2001:db8::7]",
        "[2001:DB8:0:0:8:800:200C:417A]", "[::ffff:192.0.2.1]", "[1:2:3:4:5:6:7::]", "[v1.fe80::a+en1]", "a:65536",
    })
    void acceptsAValidHost(String host) throws Exception {
        assertThat(get("/", "HTTP/1.1", host)).startsWith(OK);
    }

    @Test
    void acceptsAnEmptyHost() throws Exception {
        // RFC 9112 §3.2: a client sends an empty Host when the target URI has no authority.
        assertThat(server.exchange("GET / HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n")).startsWith(OK);
    }

    @ParameterizedTest(name = "Host: {0}")
    @ValueSource(strings = {
        "a b/c@d", "a/b", "a@b", "user@a", "a:b", "a:80:90", "a:-1", "a\\b", "a\"b", "a{b}", "a?b", "a#b", "a<b>", "a^b",
        "a|b", "a`b", "%4", "%zz", "%", "caf\u00E9", "::1", "[::1", "::1]", "[::1]x", "[::1]:x", "[]", "[1:2:3:4:5:6:7:8:9]",
        "[12345::]", "[::1::]", "[g::1]", "[1:2:3:4:5:6:7:8::]", "[:1]", "[1:]", "[::256.0.0.1]", "[::1.2.3]",
        "[::01.2.3.4]", "[v1.]", "[v.x]", "[vg.x]", "[v1.a/b]",
    })
    void refusesAnInvalidHostWith400(String host) throws Exception {
        assertThat(get("/", "HTTP/1.1", host)).startsWith(BAD).contains("\r\nConnection: close\r\n");
    }

    @ParameterizedTest(name = "HTTP/1.0 Host: {0}")
    @ValueSource(strings = {"a b/c@d", "a@b"})
    void refusesAnInvalidHostInHttp10Too(String host) throws Exception {
        assertThat(get("/", "HTTP/1.0", host)).startsWith(BAD);
    }

    @Test
    void acceptsAnHttp10RequestWithoutHost() throws Exception {
        assertThat(get("/", "HTTP/1.0", null)).startsWith(OK);
    }

    @ParameterizedTest(name = "GET {0} with Host: {1} is {2}")
    @CsvSource({
        "http://a/,          a,          200",
        "http://a:80/,       a,          200", // the default port, spelled out in the target
        "http://a/,          a:80,       200", // the default port, spelled out in Host
        "http://a:080/,      a,          200",
        "http://a:/,         a,          200",
        "http://A/,          a,          200",
        "https://a:443/,     a,          200",
        "https://a/,         a:443,      200",
        "http://a:8080/,     a:8080,     200",
        "http://[::1]:80/,   [::1],      200",
        "http://a:8080/,     a,          400",
        "http://a/,          a:8080,     400",
        "https://a/,         a:80,       400", // 80 is http's default, not https's
        "http://a:443/,      a,          400",
        "http://b/,          a,          400",
        "http://user@a/,     a,          400", // RFC 9110 §4.2.4: userinfo is an error
        "http://a/,          a:b,        400",
    })
    void comparesAnAbsoluteTargetsAuthorityWithHostIgnoringTheDefaultPort(String target, String host, int status) throws Exception {
        assertThat(get(target, "HTTP/1.1", host)).startsWith("HTTP/1.1 " + status + " ");
    }
}
