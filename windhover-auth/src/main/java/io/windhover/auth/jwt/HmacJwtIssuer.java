package io.windhover.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Issues HS256 tokens with a shared key, for development and tests: what
 * {@code dotnet user-jwts create} does for ASP.NET Core. A production API takes its tokens from
 * an identity provider instead. Nimbus signs.
 *
 * <pre>{@code
 * var issuer = new HmacJwtIssuer(key, "windhover-todo", "todos", InstantSource.system());
 * String token = issuer.issue("ada", List.of("todos:write"), List.of(), Duration.ofHours(1));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class HmacJwtIssuer {

    private final byte[] key;
    private final String issuer;
    private final String audience;
    private final InstantSource clock;

    /**
     * @param key at least {@value JwtBearerOptions#MIN_HMAC_KEY_BYTES} bytes
     * @throws IllegalArgumentException for a shorter key
     */
    public HmacJwtIssuer(byte[] key, String issuer, String audience, InstantSource clock) {
        if (key.length < JwtBearerOptions.MIN_HMAC_KEY_BYTES) {
            throw new IllegalArgumentException("an HMAC key needs at least " + JwtBearerOptions.MIN_HMAC_KEY_BYTES + " bytes (RFC 7518 §3.2), not "
                    + key.length);
        }
        this.key = key.clone();
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A token for {@code subject} (also its {@code name}), granting {@code scopes} (one
     * space-separated {@code scope} claim, RFC 8693 §4.2) and {@code roles} ({@code role} claims),
     * valid from now for {@code lifetime}, with a fresh {@code jti}.
     */
    public String issue(String subject, List<String> scopes, List<String> roles, Duration lifetime) {
        Instant now = clock.instant();
        var claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject(subject).claim("name", subject)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString());
        if (!scopes.isEmpty()) {
            claims.claim("scope", String.join(" ", scopes));
        }
        if (!roles.isEmpty()) {
            claims.claim("role", roles.size() == 1 ? roles.getFirst() : roles);
        }
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(com.nimbusds.jose.JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(new MACSigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
