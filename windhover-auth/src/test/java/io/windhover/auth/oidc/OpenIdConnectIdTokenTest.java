package io.windhover.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.windhover.auth.Authentication;
import io.windhover.auth.Authorization;
import io.windhover.auth.cookies.CookieAuthenticationHandler;
import io.windhover.auth.cookies.CookieAuthenticationOptions;
import io.windhover.auth.cookies.CookieSecurePolicy;
import io.windhover.auth.dataprotection.KeyRing;
import io.windhover.auth.dataprotection.KeyRingOptions;
import io.windhover.web.Results;
import io.windhover.web.WebApplication;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ID token checks at the callback, against a provider the test controls (a Windhover app on
 * loopback serving a discovery document, a JWKS and a token endpoint that answers the ID token the
 * test chose): a good token signs the user in; a token whose nonce is not the one sent, for another
 * audience, of another issuer, signed by a key not in the JWKS, expired, with another {@code azp},
 * without {@code sub}, or missing from the token response, is refused with 400 and no sign-in.
 */
class OpenIdConnectIdTokenTest {

    private static final String CLIENT_ID = "todo-web";

    private final KeyPair providerKey = rsa();
    private final AtomicReference<UnaryOperator<JWTClaimsSet.Builder>> tamper = new AtomicReference<>(UnaryOperator.identity());
    private final AtomicReference<String> nonceSent = new AtomicReference<>();
    private final AtomicReference<KeyPair> signingKey = new AtomicReference<>(providerKey);
    private WebApplication provider;
    private WebApplication client;
    private String issuer;
    private String base;
    private HttpClient browser;

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void start() throws Exception {
        provider = WebApplication.create();
        provider.urls("http://127.0.0.1:0");
        provider.get("/.well-known/openid-configuration", context -> Map.of("issuer", issuer, "authorization_endpoint", issuer + "/authorize",
                "token_endpoint", issuer + "/token", "jwks_uri", issuer + "/jwks"));
        provider.get("/jwks", context -> Results.text(new JWKSet(new RSAKey.Builder((RSAPublicKey) providerKey.getPublic()).keyID("k1").build())
                .toString(true), "application/json"));
        provider.post("/token", context -> {
            Instant now = Instant.now();
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).audience(CLIENT_ID).subject("ada").claim("name", "ada")
                    .claim("nonce", nonceSent.get()).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), tamper.get().apply(claims).build());
            jwt.sign(new RSASSASigner((RSAPrivateKey) signingKey.get().getPrivate()));
            return tamper.get() == DROP_ID_TOKEN ? Map.of("token_type", "Bearer", "access_token", "at")
                    : Map.of("id_token", jwt.serialize(), "token_type", "Bearer", "access_token", "at");
        });
        provider.start();
        issuer = provider.listeningUrls().getFirst();

        KeyRing keys = KeyRing.inMemory(KeyRingOptions.defaults());
        var cookies = new CookieAuthenticationHandler(CookieAuthenticationOptions.SCHEME, CookieAuthenticationOptions.builder(keys)
                .securePolicy(CookieSecurePolicy.SAME_AS_REQUEST).build());
        var oidc = new OpenIdConnectHandler(OpenIdConnectOptions.SCHEME, OpenIdConnectOptions.builder(URI.create(issuer), CLIENT_ID, keys)
                .clientSecret("secret").requireHttpsMetadata(false).build());
        var authentication = Authentication.builder().addScheme(CookieAuthenticationOptions.SCHEME, cookies)
                .addScheme(OpenIdConnectOptions.SCHEME, oidc)
                .defaultScheme(CookieAuthenticationOptions.SCHEME).defaultChallengeScheme(OpenIdConnectOptions.SCHEME).build();
        client = WebApplication.create();
        client.urls("http://127.0.0.1:0");
        client.use(authentication);
        client.use(Authorization.builder(authentication).build());
        client.get("/me", context -> "hello " + context.user().name()).requireAuthorization();
        client.start();
        base = client.listeningUrls().getFirst();
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static final UnaryOperator<JWTClaimsSet.Builder> DROP_ID_TOKEN = claims -> claims;

    @AfterEach
    void stop() {
        browser.close();
        if (client != null) {
            client.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Challenges, answers the callback as the provider would, with the ID token {@code tampering} makes; returns the callback's answer. */
    private HttpResponse<String> signIn(UnaryOperator<JWTClaimsSet.Builder> tampering) throws Exception {
        tamper.set(tampering);
        HttpResponse<String> challenged = get(base + "/me");
        assertThat(challenged.statusCode()).isEqualTo(302);
        String authorize = challenged.headers().firstValue("Location").orElseThrow();
        assertThat(authorize).startsWith(issuer + "/authorize?");
        String state = null;
        for (String pair : URI.create(authorize).getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            String value = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            switch (parts[0]) {
                case "nonce" -> nonceSent.set(value);
                case "state" -> state = value;
                default -> { }
            }
        }
        return get(base + "/signin-oidc?code=c0de&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8));
    }

    private void assertRefused(HttpResponse<String> callback) throws Exception {
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(400);
        assertThat(callback.headers().firstValue("Location")).isEmpty();
        assertThat(callback.headers().allValues("Set-Cookie")).noneMatch(cookie -> cookie.startsWith(".Windhover.Cookies="));
        assertThat(get(base + "/me").statusCode()).as("nobody signed in").isEqualTo(302);
    }

    @Test
    void aGoodIdTokenSignsTheUserIn() throws Exception {
        HttpResponse<String> callback = signIn(UnaryOperator.identity());
        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(callback.headers().firstValue("Location")).hasValue("/me");
        HttpResponse<String> me = get(base + "/me");
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).isEqualTo("hello ada");
    }

    @Test
    void anIdTokenWithAnotherNonceIsRefused() throws Exception {
        assertRefused(signIn(claims -> claims.claim("nonce", "a-nonce-from-another-sign-in")));
        assertRefused(signIn(claims -> claims.claim("nonce", null)));
    }

    @Test
    void anIdTokenForAnotherAudienceOrOfAnotherIssuerIsRefused() throws Exception {
        assertRefused(signIn(claims -> claims.audience("another-client")));
        assertRefused(signIn(claims -> claims.issuer("http://127.0.0.1:1")));
    }

    @Test
    void anIdTokenSignedByAKeyNotInTheJwksIsRefused() throws Exception {
        signingKey.set(rsa());
        assertRefused(signIn(UnaryOperator.identity()));
    }

    @Test
    void anExpiredIdTokenIsRefused() throws Exception {
        Instant longAgo = Instant.now().minusSeconds(3600);
        assertRefused(signIn(claims -> claims.issueTime(Date.from(longAgo)).expirationTime(Date.from(longAgo.plusSeconds(300)))));
    }

    @Test
    void anIdTokenForSeveralAudiencesWithAnotherAzpOrNoneIsRefused() throws Exception {
        assertRefused(signIn(claims -> claims.audience(List.of(CLIENT_ID, "another-client")).claim("azp", "another-client")));
        assertRefused(signIn(claims -> claims.audience(List.of(CLIENT_ID, "another-client"))));
    }

    @Test
    void anIdTokenWithoutSubOrIatOrATokenResponseWithoutOneIsRefused() throws Exception {
        assertRefused(signIn(claims -> claims.subject(null)));
        assertRefused(signIn(claims -> claims.issueTime(null)));
        assertRefused(signIn(DROP_ID_TOKEN));
    }
}
