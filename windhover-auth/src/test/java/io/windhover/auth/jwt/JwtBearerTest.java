package io.windhover.auth.jwt;

import static io.windhover.auth.jwt.TestTokens.AUDIENCE;
import static io.windhover.auth.jwt.TestTokens.ISSUER;
import static io.windhover.auth.jwt.TestTokens.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import io.windhover.auth.Authentication;
import io.windhover.auth.Authorization;
import io.windhover.auth.RawResponse;
import io.windhover.auth.TestServer;
import io.windhover.web.AuthorizeData;
import io.windhover.web.WebApplication;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JWT bearer scheme over a loopback socket: every algorithm it accepts, and every refusal by
 * name with its exact status and {@code WWW-Authenticate} — no token, malformed, {@code alg:
 * none}, an algorithm not allowed, HS/RS confusion, an unknown {@code kid}, a bad signature,
 * expired, not yet valid (each at the skew's edge), no expiry, another issuer or audience.
 */
class JwtBearerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final MutableClock clock = new MutableClock(NOW);
    private static final byte[] SECRET = random(64);
    private static KeyPair rsa;
    private static KeyPair ec;
    private static KeyPair ed25519;
    private static TestServer server;
    private static TestServer rsaOnly;

    @BeforeAll
    static void start() throws Exception {
        rsa = generate("RSA", 2048);
        var ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        ec = ecGenerator.generateKeyPair();
        ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        var edJwk = new OctetKeyPair.Builder(Curve.Ed25519, TestTokens.ed25519X(ed25519)).keyID("ed1").build();
        var weakRsa = generate("RSA", 1024);
        var options = JwtBearerOptions.builder().issuer(ISSUER).audience(AUDIENCE, "api://other-app").clock(clock)
                .hmacKey(SECRET)
                .publicKey("rsa1", rsa.getPublic())
                .publicKey("ec1", ec.getPublic())
                .jsonWebKeys(new JWKSet(List.of(edJwk, new RSAKey.Builder((java.security.interfaces.RSAPublicKey) weakRsa.getPublic()).keyID("weak").build())).toString())
                .build();
        server = TestServer.start(app(options));
        var rsaOptions = JwtBearerOptions.builder().issuer(ISSUER).audience(AUDIENCE).clock(clock).publicKey("", rsa.getPublic()).build();
        rsaOnly = TestServer.start(app(rsaOptions));
        weak = weakRsa;
    }

    private static KeyPair weak;

    private static WebApplication app(JwtBearerOptions options) {
        var authentication = Authentication.builder().addScheme(JwtBearerOptions.SCHEME, new JwtBearerHandler(JwtBearerOptions.SCHEME, options)).build();
        var authorization = Authorization.builder(authentication).policy("writer", policy -> policy.requireScope("todos:write")).build();
        var app = WebApplication.create();
        app.use(authentication);
        app.use(authorization);
        app.get("/me", context -> context.user().name() + " " + context.user().isInRole("admin") + " " + context.user().findAll("scope").size())
                .requireAuthorization();
        app.get("/write", context -> "written").requireAuthorization("writer");
        app.get("/admin", context -> "admin").requireAuthorization(AuthorizeData.roles("admin"));
        app.get("/open", context -> "open " + context.user().isAuthenticated());
        return app;
    }

    @AfterAll
    static void stop() {
        server.close();
        rsaOnly.close();
    }

    private static RawResponse me(String token) throws Exception {
        return server.getWithBearer("/me", token);
    }

    private static void assertRefused(RawResponse response, String description) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers("WWW-Authenticate"))
                .containsExactly("Bearer error=\"invalid_token\", error_description=\"" + description + "\"");
    }

    @Test
    void eachSupportedAlgorithmWithItsKeyAuthenticates() throws Exception {
        JWTClaimsSet valid = claims(NOW).build();
        for (var algorithm : List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512)) {
            assertThat(me(TestTokens.hmac(algorithm, SECRET, null, valid)).body()).as(algorithm.getName()).isEqualTo("ada false 0");
        }
        for (var algorithm : List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384)) {
            assertThat(me(TestTokens.rsa(algorithm, rsa, "rsa1", valid)).body()).as(algorithm.getName()).isEqualTo("ada false 0");
        }
        assertThat(me(TestTokens.ec(JWSAlgorithm.ES256, ec, "ec1", valid)).body()).isEqualTo("ada false 0");
        assertThat(me(TestTokens.ed25519(ed25519.getPrivate(), "ed1", valid)).body()).isEqualTo("ada false 0");
    }

    @Test
    void noTokenIsChallengedWithBearerAlone() throws Exception {
        var response = server.request("GET", "/me");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers("WWW-Authenticate")).containsExactly("Bearer");
        var basic = server.request("GET", "/me", "Authorization: Basic YWRhOnNlY3JldA==");
        assertThat(basic.headers("WWW-Authenticate")).as("another scheme's credentials are not a bearer token").containsExactly("Bearer");
    }

    @Test
    void theSchemesNameIsCaseInsensitive() throws Exception {
        String token = TestTokens.hmac(JWSAlgorithm.HS256, SECRET, null, claims(NOW).build());
        assertThat(server.request("GET", "/me", "Authorization: bearer " + token).status()).isEqualTo(200);
    }

    @Test
    void aMalformedTokenIsRefused() throws Exception {
        assertRefused(me("not-a-token"), "The token is malformed");
        assertRefused(me("eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln"), "The token is malformed");
    }

    @Test
    void anUnsignedTokenIsRefused() throws Exception {
        String header = Base64URL.encode("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)).toString();
        String payload = Base64URL.encode(claims(NOW).build().toString().getBytes(StandardCharsets.UTF_8)).toString();
        assertRefused(me(header + "." + payload + "."), "The signature is invalid");
    }

    @Test
    void anAlgorithmTheOptionsDoNotAllowIsRefused() throws Exception {
        var options = JwtBearerOptions.builder().issuer(ISSUER).audience(AUDIENCE).clock(clock).hmacKey(SECRET).algorithms("RS256").build();
        try (var restricted = TestServer.start(app(options))) {
            var response = restricted.getWithBearer("/me", TestTokens.hmac(JWSAlgorithm.HS256, SECRET, null, claims(NOW).build()));
            assertRefused(response, "The algorithm 'HS256' is not allowed");
        }
    }

    @Test
    void anHmacTokenKeyedWithTheRsaPublicKeyFindsNoKeyToVerifyIt() throws Exception {
        // The algorithm-confusion attack: the attacker knows the public key and uses its bytes as
        // the HMAC secret. An RSA key never verifies an HS256 signature.
        byte[] publicKeyBytes = rsa.getPublic().getEncoded();
        assertRefused(rsaOnly.getWithBearer("/me", TestTokens.hmac(JWSAlgorithm.HS256, publicKeyBytes, null, claims(NOW).build())),
                "The signature key was not found");
        assertThat(rsaOnly.getWithBearer("/me", TestTokens.rsa(JWSAlgorithm.RS256, rsa, null, claims(NOW).build())).status()).isEqualTo(200);
    }

    @Test
    void aTokenNamingAKeyIdNoKeyHasIsRefused() throws Exception {
        assertRefused(me(TestTokens.rsa(JWSAlgorithm.RS256, rsa, "rsa-unknown", claims(NOW).build())), "The signature key was not found");
    }

    @Test
    void aWrongSignatureIsRefused() throws Exception {
        assertRefused(me(TestTokens.hmac(JWSAlgorithm.HS256, random(32), null, claims(NOW).build())), "The signature is invalid");
        var otherRsa = generate("RSA", 2048);
        assertRefused(me(TestTokens.rsa(JWSAlgorithm.RS256, otherRsa, "rsa1", claims(NOW).build())), "The signature is invalid");
    }

    @Test
    void aTamperedPayloadIsRefused() throws Exception {
        String[] parts = TestTokens.hmac(JWSAlgorithm.HS256, SECRET, null, claims(NOW).build()).split("\\.");
        String admin = Base64URL.encode(claims(NOW).claim("role", "admin").build().toString().getBytes(StandardCharsets.UTF_8)).toString();
        assertRefused(server.getWithBearer("/admin", parts[0] + "." + admin + "." + parts[2]), "The signature is invalid");
    }

    @Test
    void anRsaKeyUnder2048BitsVerifiesNothing() throws Exception {
        assertRefused(me(TestTokens.rsa(JWSAlgorithm.RS256, weak, "weak", claims(NOW).build())), "The signature is invalid");
    }

    @Test
    void anExpiredTokenIsRefusedOnlyPastTheFiveMinuteSkew() throws Exception {
        Instant expiry = NOW.minus(Duration.ofMinutes(5));
        String atTheEdge = TestTokens.hmac(JWSAlgorithm.HS256, SECRET, null, claims(NOW).expirationTime(Date.from(expiry)).build());
        assertThat(me(atTheEdge).status()).isEqualTo(200);
        Instant past = expiry.minusSeconds(1);
        String expired = TestTokens.hmac(JWSAlgorithm.HS256, SECRET, null, claims(NOW).expirationTime(Date.from(past)).build());
        assertRefused(me(expired), "The token expired at '2026-03-01T11:54:59Z'");
    }

    @Test
    void aTokenNotYetValidIsRefusedOnlyPastTheSkew() throws Exception {
        String atTheEdge = TestTokens.hmac(JWSAlgorithm.HS256, SECRET, null, claims(NOW).notBeforeTime(Date.from(NOW.plus(Duration.ofMinutes(5)))).build());
        assertThat(me(atTheEdge).status()).isEqualTo(200);
        Instant later = NOW.plus(Duration.ofMinutes(5)).plusSeconds(1);
        String early = TestTokens.hmac(JWSAlgorithm.HS256, SECRET, null, claims(NOW).notBeforeTime(Date.from(later)).build());
        assertRefused(me(early), "The token is not valid before '2026-03-01T12:05:01Z'");
    }

    @Test
    void aTokenWithoutExpiryIsRefused() throws Exception {
        String forever = TestTokens.hmac(JWSAlgorithm.HS256, SECRET, null, claims(NOW).expirationTime(null).build());
        assertRefused(me(forever), "The token has no expiration");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        assertRefused(me(TestTokens.hmac(JWSAlgorithm.HS256, SECRET, null, claims(NOW).audience(List.of("api://billing", "api://mail")).build())),
                "The audience 'api://billing, api://mail' is invalid");
        assertRefused(me(TestTokens.hmac(JWSAlgorithm.HS256, SECRET, null, claims(NOW).audience((String) null).build())),
                "The audience '(null)' is invalid");
        assertThat(me(TestTokens.hmac(JWSAlgorithm.HS256, SECRET, null, claims(NOW).audience(List.of("x", "api://other-app")).build())).status())
                .as("one accepted audience suffices").isEqualTo(200);
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() throws Exception {
        assertRefused(me(TestTokens.hmac(JWSAlgorithm.HS256, SECRET, null, claims(NOW).issuer("https://evil.test/").build())),
                "The issuer 'https://evil.test/' is invalid");
        assertRefused(me(TestTokens.hmac(JWSAlgorithm.HS256, SECRET, null, claims(NOW).issuer(null).build())),
                "The issuer '(null)' is invalid");
    }

    @Test
    void whatTheTokenSaysIsMadeSafeBeforeTheChallengeRepeatsIt() throws Exception {
        String issuer = "https://evil.test/\"\r\nSet-Cookie: session=stolen\\" + "x".repeat(300);
        var response = me(TestTokens.hmac(JWSAlgorithm.HS256, SECRET, null, claims(NOW).issuer(issuer).build()));
        assertThat(response.header("Set-Cookie")).isNull();
        String first200 = ("The issuer '" + issuer + "' is invalid").substring(0, 200);
        assertThat(first200).startsWith("The issuer 'https://evil.test/\"\r\nSet-Cookie: session=stolen\\xxx");
        String escaped = first200.replace("\\", "\\\\").replace("\"", "\\\"").replace('\r', '?').replace('\n', '?');
        assertRefused(response, escaped + "...");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\", error_description=\"The issuer 'https://evil.test/\\\"??Set-Cookie: session=stolen\\\\xxx");
    }

    @Test
    void aRefusedTokenOnAnEndpointThatNeedsNoUserChangesNothing() throws Exception {
        var response = server.getWithBearer("/open", "not-a-token");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("open false");
    }

    @Test
    void aValidUserThePolicyRefusesIsForbiddenWithoutAChallenge() throws Exception {
        String reader = TestTokens.hmac(JWSAlgorithm.HS256, SECRET, null, claims(NOW).claim("scope", "todos:read").build());
        var response = server.getWithBearer("/write", reader);
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("WWW-Authenticate")).isNull();
        String writer = TestTokens.hmac(JWSAlgorithm.HS256, SECRET, null, claims(NOW).claim("scope", "todos:read todos:write").build());
        assertThat(server.getWithBearer("/write", writer).body()).isEqualTo("written");
    }

    @Test
    void arrayClaimsBecomeOneClaimPerElement() throws Exception {
        String token = TestTokens.hmac(JWSAlgorithm.HS256, SECRET, null,
                claims(NOW).claim("role", List.of("user", "admin")).claim("scope", List.of("a", "b", "c")).build());
        assertThat(me(token).body()).isEqualTo("ada true 3");
        assertThat(server.getWithBearer("/admin", token).status()).isEqualTo(200);
    }

    @Test
    void withoutErrorDetailsARefusalIsChallengedWithBearerAlone() throws Exception {
        var options = JwtBearerOptions.builder().issuer(ISSUER).audience(AUDIENCE).clock(clock).hmacKey(SECRET).includeErrorDetails(false).build();
        try (var quiet = TestServer.start(app(options))) {
            var response = quiet.getWithBearer("/me", "not-a-token");
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.headers("WWW-Authenticate")).containsExactly("Bearer");
        }
    }

    @Test
    void optionsThatWouldAcceptTooMuchAreRefusedWhenBuilt() {
        assertThatThrownBy(() -> JwtBearerOptions.builder().audience(AUDIENCE).hmacKey(SECRET).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("issuer");
        assertThatThrownBy(() -> JwtBearerOptions.builder().issuer(ISSUER).hmacKey(SECRET).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("audience");
        assertThatThrownBy(() -> JwtBearerOptions.builder().issuer(ISSUER).audience(AUDIENCE).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signing keys");
        assertThatThrownBy(() -> JwtBearerOptions.builder().issuer(ISSUER).audience(AUDIENCE).hmacKey(random(31)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("an HMAC key needs at least 32 bytes (RFC 7518 §3.2); key '' has 31");
        assertThat(JwtBearerOptions.builder().issuer(ISSUER).audience(AUDIENCE).hmacKey(random(32)).build().hmacKeys()).hasSize(1);
        assertThatThrownBy(() -> JwtBearerOptions.builder().issuer(ISSUER).audience(AUDIENCE).hmacKey(SECRET).algorithms("none").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported algorithm 'none'");
        assertThatThrownBy(() -> JwtBearerOptions.builder().audience(AUDIENCE).authority(java.net.URI.create("http://127.0.0.1:1/")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must use https");
    }

    static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return value;
    }

    static KeyPair generate(String algorithm, int bits) throws Exception {
        var generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(bits);
        return generator.generateKeyPair();
    }
}
