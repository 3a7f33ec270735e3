package io.windhover.auth.jwt;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.windhover.web.Claim;
import io.windhover.web.ClaimsIdentity;
import io.windhover.web.ClaimsPrincipal;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Validates a compact JWS JWT in ASP.NET Core's order — the signature, then the lifetime, the
 * audience and the issuer — and makes its claims the user. Nimbus parses and verifies; this class
 * decides which keys may verify and which claims are acceptable.
 *
 * <p>Thread-safe.
 */
final class JwtTokenValidator {

    /** RSA keys below 2048 bits are refused (NIST SP 800-131A; Nimbus's own RSA signer requires as much). */
    static final int MIN_RSA_BITS = 2048;

    private final JwtBearerOptions options;
    private final SigningKeys keys;
    private final String scheme;

    JwtTokenValidator(String scheme, JwtBearerOptions options, SigningKeys keys) {
        this.scheme = scheme;
        this.options = options;
        this.keys = keys;
    }

    ClaimsPrincipal validate(String token) throws TokenRefusedException {
        SignedJWT jwt = parse(token);
        JWSHeader header = jwt.getHeader();
        String algorithm = header.getAlgorithm().getName();
        if (!options.algorithms().contains(algorithm)) {
            throw new TokenRefusedException("The algorithm '" + algorithm + "' is not allowed");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenRefusedException("The token is malformed", e);
        }
        verifySignature(jwt, header);
        validateLifetime(claims);
        validateAudience(claims);
        validateIssuer(claims);
        return principal(claims);
    }

    private static SignedJWT parse(String token) throws TokenRefusedException {
        Header header;
        try {
            header = Header.parse(com.nimbusds.jose.util.Base64URL.from(token.substring(0, Math.max(0, token.indexOf('.')))));
        } catch (ParseException e) {
            throw new TokenRefusedException("The token is malformed", e);
        }
        // RFC 8725 §3.1: "alg": "none" is never accepted where a signature is expected. ASP.NET
        // Core says the same of an unsigned token.
        if (!(header instanceof JWSHeader)) {
            throw new TokenRefusedException(header.getAlgorithm() == com.nimbusds.jose.Algorithm.NONE
                    ? "The signature is invalid" : "The token is not a signed JWT");
        }
        try {
            return SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new TokenRefusedException("The token is malformed", e);
        }
    }

    private void verifySignature(SignedJWT jwt, JWSHeader header) throws TokenRefusedException {
        List<JWK> candidates = keys.candidates(header);
        if (candidates.isEmpty()) {
            throw new TokenRefusedException("The signature key was not found");
        }
        for (JWK key : candidates) {
            try {
                JWSVerifier verifier = verifier(key);
                if (verifier != null && jwt.verify(verifier)) {
                    return;
                }
            } catch (JOSEException | IllegalStateException wrongKey) {
                // A key of the right type that cannot verify this header (an EC key on another
                // curve): the next candidate may.
            }
        }
        throw new TokenRefusedException("The signature is invalid");
    }

    private static JWSVerifier verifier(JWK key) throws JOSEException {
        return switch (key) {
            // MACVerifier compares in constant time and refuses secrets under 256 bits.
            case OctetSequenceKey secret -> new MACVerifier(secret);
            case RSAKey rsa -> rsa.size() < MIN_RSA_BITS ? null : new RSASSAVerifier(rsa);
            case ECKey ec -> new ECDSAVerifier(ec);
            case OctetKeyPair okp -> new Ed25519JdkVerifier(okp);
            default -> null;
        };
    }

    private void validateLifetime(JWTClaimsSet claims) throws TokenRefusedException {
        Instant now = options.clock().instant();
        Date expires = claims.getExpirationTime();
        Date notBefore = claims.getNotBeforeTime();
        if (expires == null) {
            if (options.requireExpirationTime()) {
                throw new TokenRefusedException("The token has no expiration");
            }
        } else if (now.isAfter(expires.toInstant().plus(options.clockSkew()))) {
            throw new TokenRefusedException("The token expired at '" + expires.toInstant() + "'");
        }
        if (notBefore != null && now.plus(options.clockSkew()).isBefore(notBefore.toInstant())) {
            throw new TokenRefusedException("The token is not valid before '" + notBefore.toInstant() + "'");
        }
    }

    private void validateAudience(JWTClaimsSet claims) throws TokenRefusedException {
        if (!options.validateAudience()) {
            return;
        }
        List<String> audiences = claims.getAudience();
        for (String audience : audiences) {
            if (options.audiences().contains(audience)) {
                return;
            }
        }
        throw new TokenRefusedException("The audience '" + (audiences.isEmpty() ? "(null)" : String.join(", ", audiences)) + "' is invalid");
    }

    private void validateIssuer(JWTClaimsSet claims) throws TokenRefusedException {
        if (!options.validateIssuer()) {
            return;
        }
        String issuer = claims.getIssuer();
        if (issuer == null || !options.issuers().contains(issuer)) {
            throw new TokenRefusedException("The issuer '" + (issuer == null ? "(null)" : issuer) + "' is invalid");
        }
    }

    /** Each claim as the token has it; an array as one claim per element, an object as its JSON. */
    private ClaimsPrincipal principal(JWTClaimsSet set) {
        String issuer = set.getIssuer() != null ? set.getIssuer() : Claim.LOCAL_AUTHORITY;
        List<Claim> claims = new ArrayList<>();
        for (Map.Entry<String, Object> claim : set.getClaims().entrySet()) {
            if (claim.getValue() instanceof Collection<?> values) {
                values.forEach(value -> claims.add(new Claim(claim.getKey(), text(value), issuer)));
            } else if (claim.getValue() != null) {
                claims.add(new Claim(claim.getKey(), text(claim.getValue()), issuer));
            }
        }
        return ClaimsPrincipal.of(new ClaimsIdentity(scheme, claims, options.nameClaimType(), options.roleClaimType()));
    }

    @SuppressWarnings("unchecked")
    private static String text(Object value) {
        return switch (value) {
            case Date date -> Long.toString(date.toInstant().getEpochSecond());
            case Map<?, ?> object -> JSONObjectUtils.toJSONString((Map<String, ?>) object);
            default -> String.valueOf(value);
        };
    }
}
