package io.windhover.auth.jwt;

import io.windhover.auth.AuthenticateResult;
import io.windhover.auth.AuthenticationHandler;
import io.windhover.auth.AuthenticationProperties;
import io.windhover.web.WebContext;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JWT bearer scheme (RFC 6750): a request's {@code Authorization: Bearer <token>} is a signed
 * JWT that {@link JwtBearerOptions} accepts, or the request is anonymous. ASP.NET Core's
 * {@code JwtBearerHandler}. Nimbus JOSE+JWT parses and verifies the token.
 *
 * <pre>{@code
 * var authentication = Authentication.builder()
 *         .addScheme(JwtBearerOptions.SCHEME, new JwtBearerHandler(JwtBearerOptions.SCHEME, JwtBearerOptions.builder()
 *                 .authority(URI.create("https://login.example.com/"))
 *                 .audience("api://todos")
 *                 .build()))
 *         .build();
 * }</pre>
 *
 * <p>Answers, as ASP.NET Core gives them: no token and a request that needs a user — 401 with
 * {@code WWW-Authenticate: Bearer}; a token refused (malformed, {@code alg: none}, an algorithm not
 * allowed, no key for it, a bad signature, expired, not yet valid, another audience or issuer) —
 * 401 with {@code WWW-Authenticate: Bearer error="invalid_token", error_description="..."} (the
 * description only with {@code includeErrorDetails}); a user the endpoint's policy refuses — 403.
 * A refused token on an endpoint that needs no user changes nothing: the request is anonymous.
 *
 * <p>Thread-safe; one instance serves every request.
 */
public final class JwtBearerHandler implements AuthenticationHandler {

    private static final Logger LOG = LoggerFactory.getLogger(JwtBearerHandler.class);
    /** The longest value taken from a token that a description repeats; the rest is cut. */
    private static final int MAX_ECHOED_CHARACTERS = 200;

    private final String scheme;
    private final JwtBearerOptions options;
    private final JwtTokenValidator validator;
    private final SigningKeys keys;

    /** A handler registered as {@code scheme}, whose users' identities say so. */
    public JwtBearerHandler(String scheme, JwtBearerOptions options) {
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.options = Objects.requireNonNull(options, "options");
        this.keys = options.metadataAddress() != null ? new OpenIdSigningKeys(options) : new StaticSigningKeys(options);
        this.validator = new JwtTokenValidator(scheme, options, keys);
    }

    @Override
    public AuthenticateResult authenticate(WebContext context) {
        String authorization = context.header("Authorization");
        // RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token; the scheme's name is case-insensitive (RFC 9110 §11.1).
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return AuthenticateResult.noResult();
        }
        String token = authorization.substring(7).strip();
        if (token.isEmpty()) {
            return AuthenticateResult.noResult();
        }
        try {
            return AuthenticateResult.success(validator.validate(token));
        } catch (TokenRefusedException refused) {
            LOG.debug("{}: bearer token refused for {} {}: {}", scheme, context.request().method(), context.request().path(),
                    refused.getMessage(), refused.getCause());
            return new AuthenticateResult.Failure(refused.getMessage(), refused.getCause());
        }
    }

    @Override
    public void challenge(WebContext context, AuthenticateResult result, AuthenticationProperties properties) {
        context.response().status(401);
        String challenge = "Bearer";
        if (options.includeErrorDetails() && result instanceof AuthenticateResult.Failure failure) {
            challenge = "Bearer error=\"invalid_token\", error_description=\"" + quotedStringContent(failure.message()) + "\"";
        }
        context.response().headers().add("WWW-Authenticate", challenge);
    }

    /**
     * {@code text} fit for a quoted-string (RFC 9110 §5.6.4): a description repeats the token's own
     * issuer and audience, which a client chose, so {@code "} and {@code \} are escaped, anything
     * outside printable ASCII becomes {@code ?} (no CR LF reaches the header), and it is cut short.
     */
    static String quotedStringContent(String text) {
        var out = new StringBuilder(Math.min(text.length(), MAX_ECHOED_CHARACTERS) + 8);
        for (int i = 0; i < text.length() && i < MAX_ECHOED_CHARACTERS; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else {
                out.append(c >= 0x20 && c < 0x7f ? c : '?');
            }
        }
        if (text.length() > MAX_ECHOED_CHARACTERS) {
            out.append("...");
        }
        return out.toString();
    }

    /** How many times the provider's documents were fetched (0 for configured keys), for tests. */
    int metadataFetches() {
        return keys instanceof OpenIdSigningKeys openId ? openId.fetches() : 0;
    }
}
