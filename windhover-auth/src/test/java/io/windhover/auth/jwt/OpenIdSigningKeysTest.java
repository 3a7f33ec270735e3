package io.windhover.auth.jwt;

import static io.windhover.auth.jwt.TestTokens.AUDIENCE;
import static io.windhover.auth.jwt.TestTokens.claims;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.windhover.auth.Authentication;
import io.windhover.auth.Authorization;
import io.windhover.auth.RawResponse;
import io.windhover.auth.TestServer;
import io.windhover.web.Results;
import io.windhover.web.WebApplication;
import io.windhover.web.middleware.ExceptionHandler;
import java.net.URI;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keys from an OpenID provider's discovery document and JWK set, served by a provider on loopback
 * that counts its answers: fetched once, fetched again for a rotated key, never more than once a
 * minute for unknown key ids, every 12 hours anyway, kept when the provider fails. Time is the
 * test's clock, never a sleep.
 */
class OpenIdSigningKeysTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final AtomicInteger discoveryHits = new AtomicInteger();
    private final AtomicInteger keyHits = new AtomicInteger();
    private final AtomicReference<String> published = new AtomicReference<>();
    private final AtomicReference<Integer> failWith = new AtomicReference<>();
    private static KeyPair first;
    private static KeyPair second;
    private TestServer provider;
    private TestServer api;
    private JwtBearerHandler handler;
    private String issuer;

    @org.junit.jupiter.api.BeforeAll
    static void keys() throws Exception {
        first = JwtBearerTest.generate("RSA", 2048);
        second = JwtBearerTest.generate("RSA", 2048);
    }

    @BeforeEach
    void start() throws Exception {
        published.set(keySet(key(first, "k1")));
        var providerApp = WebApplication.create();
        providerApp.get("/.well-known/openid-configuration", context -> {
            discoveryHits.incrementAndGet();
            if (failWith.get() != null) {
                return Results.status(failWith.get());
            }
            int port = Integer.parseInt(context.host().substring(context.host().lastIndexOf(':') + 1));
            return Results.text("{\"issuer\":\"http://127.0.0.1:" + port + "\",\"jwks_uri\":\"http://127.0.0.1:" + port + "/jwks\"}", "application/json");
        });
        providerApp.get("/jwks", context -> {
            keyHits.incrementAndGet();
            return Results.text(published.get(), "application/json");
        });
        provider = TestServer.start(providerApp);
        issuer = "http://127.0.0.1:" + provider.port();
        handler = new JwtBearerHandler("Bearer", JwtBearerOptions.builder().authority(URI.create(issuer)).requireHttpsMetadata(false)
                .audience(AUDIENCE).clock(clock).build());
        var authentication = Authentication.builder().addScheme("Bearer", handler).build();
        var app = WebApplication.create();
        app.use(new ExceptionHandler(false));
        app.use(authentication);
        app.use(Authorization.builder(authentication).build());
        app.get("/me", context -> "hello " + context.user().name()).requireAuthorization();
        api = TestServer.start(app);
    }

    @AfterEach
    void stop() {
        api.close();
        provider.close();
    }

    private RawResponse me(KeyPair pair, String kid) throws Exception {
        return api.getWithBearer("/me", TestTokens.rsa(JWSAlgorithm.RS256, pair, kid, claims(clock.instant()).issuer(issuer).build()));
    }

    @Test
    void theKeysAreFetchedOnFirstNeedAndKept() throws Exception {
        assertThat(keyHits.get()).isZero();
        assertThat(me(first, "k1").body()).isEqualTo("hello ada");
        assertThat(me(first, "k1").body()).isEqualTo("hello ada");
        assertThat(discoveryHits.get()).isEqualTo(1);
        assertThat(keyHits.get()).isEqualTo(1);
        assertThat(handler.metadataFetches()).isEqualTo(1);
    }

    @Test
    void aTokenSignedWithARotatedKeyFetchesTheNewSetOnce() throws Exception {
        assertThat(me(first, "k1").status()).isEqualTo(200);
        published.set(keySet(key(first, "k1"), key(second, "k2")));
        clock.advance(Duration.ofMinutes(1));
        assertThat(me(second, "k2").status()).isEqualTo(200);
        assertThat(me(second, "k2").status()).isEqualTo(200);
        assertThat(keyHits.get()).isEqualTo(2);
    }

    @Test
    void unknownKeyIdsFetchAtMostOnceAMinute() throws Exception {
        assertThat(me(first, "k1").status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
        var refused = me(first, "made-up-1");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\", error_description=\"The signature key was not found\"");
        assertThat(keyHits.get()).isEqualTo(2);
        for (int i = 2; i <= 5; i++) {
            assertThat(me(first, "made-up-" + i).status()).isEqualTo(401);
        }
        clock.advance(Duration.ofSeconds(59));
        assertThat(me(first, "made-up-6").status()).isEqualTo(401);
        assertThat(keyHits.get()).as("within the minute: no fetch").isEqualTo(2);
        published.set(keySet(key(first, "k1"), key(second, "k2")));
        assertThat(me(second, "k2").status()).as("a real rotation within the minute waits too").isEqualTo(401);
        clock.advance(Duration.ofSeconds(1));
        assertThat(me(second, "k2").status()).isEqualTo(200);
        assertThat(keyHits.get()).isEqualTo(3);
    }

    @Test
    void theSetIsFetchedAgainAfterTwelveHours() throws Exception {
        assertThat(me(first, "k1").status()).isEqualTo(200);
        clock.advance(Duration.ofHours(12).minusSeconds(1));
        assertThat(me(first, "k1").status()).isEqualTo(200);
        assertThat(keyHits.get()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        published.set(keySet(key(second, "k2")));
        assertThat(me(first, "k1").status()).as("the provider retired k1").isEqualTo(401);
        assertThat(keyHits.get()).isEqualTo(2);
    }

    @Test
    void aProviderThatFailsLaterLeavesTheKeysItGaveInUse() throws Exception {
        assertThat(me(first, "k1").status()).isEqualTo(200);
        failWith.set(503);
        clock.advance(Duration.ofHours(13));
        assertThat(me(first, "k1").status()).isEqualTo(200);
        assertThat(discoveryHits.get()).isEqualTo(2);
    }

    @Test
    void aProviderUnreachableAtFirstNeedIsAServerErrorAndIsNotAskedAgainWithinTheMinute() throws Exception {
        failWith.set(503);
        assertThat(me(first, "k1").status()).isEqualTo(500);
        assertThat(me(first, "k1").status()).isEqualTo(500);
        assertThat(discoveryHits.get()).isEqualTo(1);
        failWith.set(null);
        clock.advance(Duration.ofMinutes(1));
        assertThat(me(first, "k1").status()).isEqualTo(200);
        assertThat(discoveryHits.get()).isEqualTo(2);
    }

    @Test
    void aKeySetOverItsSizeLimitIsRefused() throws Exception {
        String set = keySet(key(first, "k1"));
        String padded = set.substring(0, set.length() - 1) + ",\"padding\":\"" + "x".repeat(OpenIdSigningKeys.MAX_DOCUMENT_BYTES - set.length() - 13) + "\"}";
        assertThat(padded.length()).isEqualTo(OpenIdSigningKeys.MAX_DOCUMENT_BYTES);
        published.set(padded);
        assertThat(me(first, "k1").status()).as("exactly at the limit").isEqualTo(200);
        published.set(padded.replace("\"padding\":\"", "\"padding\":\"x"));
        clock.advance(Duration.ofHours(12));
        failWith.set(null);
        assertThat(me(first, "k1").status()).as("one byte over: refused, the old set kept").isEqualTo(200);
        assertThat(keyHits.get()).isEqualTo(2);
    }

    @Test
    void aKeySetOverItsSizeLimitAtFirstNeedIsAServerError() throws Exception {
        published.set("{\"keys\":[],\"padding\":\"" + "x".repeat(OpenIdSigningKeys.MAX_DOCUMENT_BYTES) + "\"}");
        assertThat(me(first, "k1").status()).isEqualTo(500);
    }

    private static RSAKey key(KeyPair pair, String kid) {
        return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid).build();
    }

    private static String keySet(RSAKey... keys) {
        return new JWKSet(List.of(keys)).toString();
    }
}
