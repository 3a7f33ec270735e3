package io.windhover.auth;

import io.windhover.web.ClaimsPrincipal;
import io.windhover.web.WebContext;

/**
 * A scheme that keeps a user between requests, and so can be told to start keeping one (sign-in) and
 * to stop (sign-out): the cookie scheme. ASP.NET Core's {@code IAuthenticationSignInHandler}. Called
 * through {@link Authentication#signIn} and {@link Authentication#signOut}.
 *
 * <pre>{@code
 * app.post("/account/login", context -> {
 *     ClaimsPrincipal user = ...;                             // after checking a password
 *     authentication.signIn(context, "Cookies", user, AuthenticationProperties.redirectTo("/"));
 *     return null;                                            // the scheme answered (a cookie and a redirect)
 * });
 * }</pre>
 */
public interface SignInHandler extends AuthenticationHandler {

    /**
     * Makes the client carry {@code user} from now on (a cookie), and may answer the request (a
     * redirect to where the sign-in was asked from).
     *
     * @throws IllegalArgumentException when {@code user} is not authenticated (its identity has no authentication type)
     */
    void signIn(WebContext context, ClaimsPrincipal user, AuthenticationProperties properties) throws Exception;

    /** Makes the client forget the user (the cookie deleted), and may answer the request. */
    void signOut(WebContext context, AuthenticationProperties properties) throws Exception;
}
