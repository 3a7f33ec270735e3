package io.windhover.auth.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.auth.Authentication;
import io.windhover.auth.Authorization;
import io.windhover.auth.RawResponse;
import io.windhover.auth.TestServer;
import io.windhover.auth.apikey.ApiKeyHandler;
import io.windhover.auth.basic.BasicAuthenticationHandler;
import io.windhover.web.AuthorizeData;
import io.windhover.web.Claim;
import io.windhover.web.ClaimsIdentity;
import io.windhover.web.ClaimsPrincipal;
import io.windhover.web.WebApplication;
import io.windhover.web.middleware.ExceptionHandler;
import io.windhover.web.middleware.ForwardedHeaders;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The schemes for machine clients: an API key in a header, and HTTP Basic, which is refused over
 * plain HTTP (never checked, never asked for) and works over https — here as a TLS-ending proxy on
 * loopback says it with {@code X-Forwarded-Proto: https}, which is what {@code WebContext.scheme()}
 * reports, as it reports a TLS connection's own.
 */
class MachineClientSchemesTest {

    private static final String KEY = "k3y-0f-the-billing-service-2026";
    private static final AtomicInteger validations = new AtomicInteger();
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        var apiKeys = ApiKeyHandler.builder()
                .key(KEY, ClaimsPrincipal.of(new ClaimsIdentity("ApiKey", List.of(new Claim("name", "billing")))))
                .key("another-key-for-reports-only", ClaimsPrincipal.of(new ClaimsIdentity("ApiKey", List.of(new Claim("name", "reports")))))
                .build();
        byte[] adaPassword = sha256("correct horse");
        var basic = new BasicAuthenticationHandler("windhover tests", (name, password) -> {
            validations.incrementAndGet();
            boolean ok = name.equals("ada") & MessageDigest.isEqual(sha256(password), adaPassword);
            return ok ? ClaimsPrincipal.of(new ClaimsIdentity("Basic", List.of(new Claim("name", name)))) : null;
        });
        var authentication = Authentication.builder().addScheme(ApiKeyHandler.SCHEME, apiKeys)
                .addScheme(BasicAuthenticationHandler.SCHEME, basic).build();
        var app = WebApplication.create();
        app.use(new ExceptionHandler(false));
        app.use(new ForwardedHeaders(Set.of(InetAddress.getLoopbackAddress())));
        app.use(authentication);
        app.use(Authorization.builder(authentication).build());
        app.get("/key", context -> "hello " + context.user().name()).requireAuthorization(AuthorizeData.schemes(ApiKeyHandler.SCHEME));
        app.get("/basic", context -> "hello " + context.user().name()).requireAuthorization(AuthorizeData.schemes(BasicAuthenticationHandler.SCHEME));
        server = TestServer.start(app);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String basic(String credentials) {
        return "Authorization: Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anIssuedKeyAuthenticatesItsUser() throws Exception {
        RawResponse ok = server.request("GET", "/key", "X-API-Key: " + KEY);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("hello billing");
        assertThat(server.request("GET", "/key", "x-api-key: another-key-for-reports-only").body()).isEqualTo("hello reports");
    }

    @Test
    void noKeyOrAKeyNotIssuedIs401WithTheApiKeyChallenge() throws Exception {
        for (String[] headers : List.of(new String[0], new String[] {"X-API-Key: " + KEY + "x"}, new String[] {"X-API-Key: " + KEY.substring(1)},
                new String[] {"Authorization: Bearer " + KEY})) {
            RawResponse refused = server.request("GET", "/key", headers);
            assertThat(refused.status()).as(String.join(",", headers)).isEqualTo(401);
            assertThat(refused.headers("WWW-Authenticate")).containsExactly("ApiKey header=\"X-API-Key\"");
        }
    }

    @Test
    void aShortKeyOrAnAnonymousUserCannotBeIssued() {
        var user = ClaimsPrincipal.of(new ClaimsIdentity("ApiKey", List.of()));
        assertThatThrownBy(() -> ApiKeyHandler.builder().key("fifteen-chars!!", user)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ApiKeyHandler.builder().key("sixteen-chars!!!", user).build()).isNotNull();
        assertThatThrownBy(() -> ApiKeyHandler.builder().key(KEY, ClaimsPrincipal.anonymous())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void basicOverHttpsAuthenticatesTheRightPasswordOnly() throws Exception {
        RawResponse ok = server.request("GET", "/basic", "X-Forwarded-Proto: https", basic("ada:correct horse"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("hello ada");
        for (String wrong : List.of("ada:correct hors", "ada:", "bob:correct horse", "adacorrect horse")) {
            RawResponse refused = server.request("GET", "/basic", "X-Forwarded-Proto: https", basic(wrong));
            assertThat(refused.status()).as(wrong).isEqualTo(401);
            assertThat(refused.headers("WWW-Authenticate")).containsExactly("Basic realm=\"windhover tests\", charset=\"UTF-8\"");
        }
        RawResponse none = server.request("GET", "/basic", "X-Forwarded-Proto: https");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.headers("WWW-Authenticate")).containsExactly("Basic realm=\"windhover tests\", charset=\"UTF-8\"");
        RawResponse notBase64 = server.request("GET", "/basic", "X-Forwarded-Proto: https", "Authorization: Basic %%%");
        assertThat(notBase64.status()).isEqualTo(401);
        RawResponse notUtf8 = server.request("GET", "/basic", "X-Forwarded-Proto: https",
                "Authorization: Basic " + Base64.getEncoder().encodeToString(new byte[] {'a', ':', (byte) 0xff}));
        assertThat(notUtf8.status()).isEqualTo(401);
    }

    @Test
    void basicOverPlainHttpIsRefusedUncheckedAndNeverAskedFor() throws Exception {
        int before = validations.get();
        RawResponse refused = server.request("GET", "/basic", basic("ada:correct horse"));
        assertThat(refused.status()).isEqualTo(421);
        assertThat(refused.headers("WWW-Authenticate")).as("no client is invited to send a password in the clear").isEmpty();
        RawResponse none = server.request("GET", "/basic");
        assertThat(none.status()).isEqualTo(421);
        assertThat(none.headers("WWW-Authenticate")).isEmpty();
        assertThat(validations.get()).as("the password was not even checked").isEqualTo(before);
    }

    @Test
    void aRealmThatWouldBreakTheChallengeIsRefused() {
        assertThatThrownBy(() -> new BasicAuthenticationHandler("a \"quoted\" realm", (name, password) -> null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BasicAuthenticationHandler("line\r\nSet-Cookie: x=1", (name, password) -> null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
