package io.windhover.auth;

import io.windhover.web.WebContext;

/**
 * A scheme that answers some requests itself before any endpoint: the OpenID Connect scheme's
 * callback, where the provider sends the browser back with a code. ASP.NET Core's
 * {@code IAuthenticationRequestHandler}: {@link Authentication}'s middleware offers every request
 * to each such scheme, in the order they were registered, before it authenticates the request.
 */
public interface AuthenticationRequestHandler extends AuthenticationHandler {

    /**
     * Answers {@code context} when it is this scheme's to answer (its callback path), signing the
     * user in through {@code authentication}.
     *
     * @return true when the request was answered and goes no further down the pipeline
     */
    boolean handleRequest(WebContext context, Authentication authentication) throws Exception;
}
