package io.windhover.auth;

import io.windhover.web.WebContext;

/**
 * One authentication scheme's behaviour: how it finds a user in a request, and how it answers when
 * an endpoint needs a user it did not find (challenge) or found one who may not (forbid).
 * ASP.NET Core's {@code IAuthenticationHandler}. Registered under a name with
 * {@link Authentication.Builder#addScheme}.
 *
 * <pre>{@code
 * AuthenticationHandler apiKey = new AuthenticationHandler() {
 *     public AuthenticateResult authenticate(WebContext context) { ... }
 *     public void challenge(WebContext context, AuthenticateResult result, AuthenticationProperties properties) {
 *         context.response().status(401);
 *     }
 * };
 * }</pre>
 *
 * <p>One instance serves every request at once: it must be thread-safe. {@link Authentication}
 * calls {@link #authenticate} at most once per request and scheme, and hands its result to
 * {@link #challenge}.
 */
public interface AuthenticationHandler {

    /** The user this scheme finds in the request, nothing, or a refusal; never null. */
    AuthenticateResult authenticate(WebContext context) throws Exception;

    /**
     * Answers a request that needs a user this scheme did not authenticate: 401 with
     * {@code WWW-Authenticate} for an API, a redirect to a login page for a browser.
     *
     * @param result what {@link #authenticate} found for this request (a failure's message may go to the client)
     */
    void challenge(WebContext context, AuthenticateResult result, AuthenticationProperties properties) throws Exception;

    /** Answers a request whose user may not do what it asked: 403 unless the scheme does more (a redirect to an access-denied page). */
    default void forbid(WebContext context, AuthenticationProperties properties) throws Exception {
        context.response().status(403);
    }
}
