package io.windhover.auth;

import java.time.Instant;
import java.util.Map;

/**
 * What goes with a sign-in, a challenge or a sign-out besides the user: where to send the browser
 * afterwards, when the session was issued and ends, whether it outlives the browser, and items a
 * scheme keeps for itself. ASP.NET Core's {@code AuthenticationProperties}.
 *
 * <pre>{@code
 * authentication.challenge(context, "oidc", AuthenticationProperties.redirectTo("/todos"));
 * }</pre>
 *
 * @param redirectUri where the browser goes after the challenge or sign-in completes, or null
 * @param items values a scheme keeps with the ticket (unmodifiable)
 * @param issuedAt when the ticket was issued, or null
 * @param expiresAt when the ticket ends, or null for the scheme's default
 * @param persistent whether a cookie outlives the browser session
 */
public record AuthenticationProperties(String redirectUri, Map<String, String> items, Instant issuedAt, Instant expiresAt,
        boolean persistent) {

    private static final AuthenticationProperties EMPTY = new AuthenticationProperties(null, Map.of(), null, null, false);

    public AuthenticationProperties {
        items = Map.copyOf(items);
    }

    /** Nothing said. */
    public static AuthenticationProperties empty() {
        return EMPTY;
    }

    /** Only a redirect target. */
    public static AuthenticationProperties redirectTo(String redirectUri) {
        return new AuthenticationProperties(redirectUri, Map.of(), null, null, false);
    }

    /** These properties with another redirect target. */
    public AuthenticationProperties withRedirectUri(String uri) {
        return new AuthenticationProperties(uri, items, issuedAt, expiresAt, persistent);
    }

    /** These properties with another issue and end. */
    public AuthenticationProperties withLifetime(Instant issued, Instant expires) {
        return new AuthenticationProperties(redirectUri, items, issued, expires, persistent);
    }
}
