package io.windhover.web.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.web.TestHost;
import io.windhover.web.WebApplication;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** CORS with credentials over a real socket and in memory: the origin is named, never "*". */
@ParameterizedClass
@EnumSource(TestHost.Kind.class)
class CorsCredentialsTest {

    @Parameter
    TestHost.Kind kind;

    private TestHost host;

    @AfterEach
    void stop() throws Exception {
        if (host != null) {
            host.close();
        }
    }

    private void start(Cors policy) throws Exception {
        var app = WebApplication.create().server(server -> server.shutdownTimeout(Duration.ofSeconds(1)));
        app.use(policy);
        app.get("/me", context -> "me");
        host = TestHost.start(kind, app);
    }

    private String send(String method, String target, String... headers) throws Exception {
        var request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return new String(host.exchange(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1)),
                StandardCharsets.ISO_8859_1);
    }

    @Test
    void namesTheOriginAndAllowsCredentialsOnPreflightsAndResponses() throws Exception {
        start(Cors.policy().allowOrigins("https://app.example").allowCredentials(true).build());
        String preflight = send("OPTIONS", "/me", "Origin: https://app.example", "Access-Control-Request-Method: GET");
        assertThat(preflight).startsWith("HTTP/1.1 204 ").contains("Access-Control-Allow-Origin: https://app.example\r\n")
                .contains("Access-Control-Allow-Credentials: true\r\n").contains("Vary: Origin\r\n");
        String response = send("GET", "/me", "Origin: https://app.example", "Cookie: session=1");
        assertThat(response).startsWith("HTTP/1.1 200 ").contains("Access-Control-Allow-Origin: https://app.example\r\n")
                .contains("Access-Control-Allow-Credentials: true\r\n").endsWith("\r\n\r\nme");
        String other = send("GET", "/me", "Origin: https://evil.example", "Cookie: session=1");
        assertThat(other).doesNotContain("Access-Control-Allow-Origin").doesNotContain("Access-Control-Allow-Credentials");
    }

    @Test
    void sendsTheWildcardOnlyWithoutCredentials() throws Exception {
        start(Cors.policy().allowAnyOrigin().build());
        String response = send("GET", "/me", "Origin: https://anywhere.example");
        assertThat(response).contains("Access-Control-Allow-Origin: *\r\n").doesNotContain("Access-Control-Allow-Credentials");
    }

    @Test
    void refusesAPolicyOfAnyOriginWithCredentials() {
        assertThatThrownBy(() -> Cors.policy().allowAnyOrigin().allowCredentials(true).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("allowOrigins");
    }
}
