package io.windhover.auth.jwt;

import io.windhover.web.ClaimsPrincipal;
import java.util.Objects;

/**
 * Validates a signed JWT exactly as the bearer scheme does — the algorithm allowed, the signature
 * by a key of the options (configured, or from the provider's JWKS, cached and refreshed for an
 * unknown {@code kid}), the lifetime with the clock skew, the audience and the issuer — for another
 * scheme that receives tokens: the OpenID Connect scheme's ID tokens.
 *
 * <p>Thread-safe; keep one per key source, since it caches the provider's keys.
 */
public final class JwtValidator {

    private final SigningKeys keys;
    private final JwtTokenValidator validator;

    /** @param authenticationType the authentication type of the identities it makes, such as {@code OpenIdConnect} */
    public JwtValidator(String authenticationType, JwtBearerOptions options) {
        Objects.requireNonNull(options, "options");
        this.keys = options.metadataAddress() != null ? new OpenIdSigningKeys(options) : new StaticSigningKeys(options);
        this.validator = new JwtTokenValidator(Objects.requireNonNull(authenticationType, "authenticationType"), options, keys);
    }

    /**
     * The token's claims as a user, each as the token has it (an array as one claim per element).
     *
     * @throws TokenRefusedException saying why, in ASP.NET Core's words
     * @throws IllegalStateException when the provider's keys could not be fetched at all
     */
    public ClaimsPrincipal validate(String token) throws TokenRefusedException {
        return validator.validate(token);
    }
}
