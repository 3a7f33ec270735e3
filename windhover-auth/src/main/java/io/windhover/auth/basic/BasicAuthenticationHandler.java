package io.windhover.auth.basic;

import io.windhover.auth.AuthenticateResult;
import io.windhover.auth.AuthenticationHandler;
import io.windhover.auth.AuthenticationProperties;
import io.windhover.web.ClaimsPrincipal;
import io.windhover.web.WebContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP Basic authentication (RFC 7617) for machine clients, over https only: a password sent over
 * plain HTTP has already been exposed, so it is neither checked nor asked for.
 *
 * <pre>{@code
 * Authentication.builder().addScheme(BasicAuthenticationHandler.SCHEME,
 *         new BasicAuthenticationHandler("todo", (name, password) -> users.verify(name, password)));
 * }</pre>
 *
 * <p>Answers: no {@code Authorization: Basic} — anonymous; over plain HTTP (as {@code WebContext.scheme()}
 * says, a trusted proxy's forwarded scheme included) — a failure "Basic credentials are refused over
 * plain HTTP", the validator never called; credentials that are not base64 of UTF-8
 * {@code name:password} — "Malformed Basic credentials"; credentials the validator refuses — "Invalid
 * user name or password". A challenge over https is 401 with
 * {@code WWW-Authenticate: Basic realm="<realm>", charset="UTF-8"} (RFC 7617 §2.1); over plain HTTP it
 * is 421 Misdirected Request with no Basic challenge, so no client is invited to send a password in
 * the clear (RFC 9110 §15.5.20: the request went to a server not able to answer it there).
 *
 * <p>Thread-safe if the validator is.
 */
public final class BasicAuthenticationHandler implements AuthenticationHandler {

    private static final Logger LOG = LoggerFactory.getLogger(BasicAuthenticationHandler.class);
    /** The scheme's usual name. */
    public static final String SCHEME = "Basic";

    private final String realm;
    private final BasicCredentialsValidator validator;

    /**
     * @param realm the protection space named in the challenge (printable ASCII without {@code "} or {@code \})
     * @param validator decides whether a name and password prove a user
     */
    public BasicAuthenticationHandler(String realm, BasicCredentialsValidator validator) {
        if (realm == null || !realm.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\')) {
            throw new IllegalArgumentException("a realm is printable ASCII without '\"' or '\\'");
        }
        this.realm = realm;
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    @Override
    public AuthenticateResult authenticate(WebContext context) throws Exception {
        String authorization = context.header("Authorization");
        // RFC 9110 §11.1: the scheme's name is case-insensitive.
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return AuthenticateResult.noResult();
        }
        if (!"https".equalsIgnoreCase(context.scheme())) {
            LOG.warn("{}: Basic credentials refused over plain HTTP for {} {}; the password they carry has been sent in the clear",
                    SCHEME, context.request().method(), context.request().path());
            return AuthenticateResult.fail("Basic credentials are refused over plain HTTP");
        }
        String decoded = decode(authorization.substring(6).strip());
        int colon = decoded == null ? -1 : decoded.indexOf(':');
        if (colon < 0) {
            return AuthenticateResult.fail("Malformed Basic credentials");
        }
        ClaimsPrincipal user = validator.validate(decoded.substring(0, colon), decoded.substring(colon + 1));
        return user != null && user.isAuthenticated() ? AuthenticateResult.success(user) : AuthenticateResult.fail("Invalid user name or password");
    }

    @Override
    public void challenge(WebContext context, AuthenticateResult result, AuthenticationProperties properties) {
        if (!"https".equalsIgnoreCase(context.scheme())) {
            context.response().status(421);
            return;
        }
        context.response().status(401);
        context.response().headers().add("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
    }

    /** The base64 of UTF-8 text (RFC 7617 §2.1 with charset="UTF-8"), or null when it is neither. */
    private static String decode(String credentials) {
        try {
            byte[] bytes = Base64.getDecoder().decode(credentials);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException malformed) {
            return null;
        }
    }
}
