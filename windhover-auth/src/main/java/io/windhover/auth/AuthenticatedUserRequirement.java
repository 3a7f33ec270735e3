package io.windhover.auth;

/**
 * Met by a user that some scheme authenticated (any of its identities). ASP.NET Core's
 * {@code DenyAnonymousAuthorizationRequirement}, what the default policy holds.
 */
public record AuthenticatedUserRequirement() implements AuthorizationRequirement, AuthorizationHandler {

    @Override
    public void handle(AuthorizationHandlerContext context) {
        if (context.user().identities().stream().anyMatch(identity -> identity.isAuthenticated())) {
            context.succeed(this);
        }
    }
}
