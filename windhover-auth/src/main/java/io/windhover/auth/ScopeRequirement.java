package io.windhover.auth;

import io.windhover.web.Claim;
import java.util.List;

/**
 * Met by a user granted any one of {@code allowedScopes}: OAuth 2.0 scopes (RFC 8693 §4.2) in
 * {@code scope} claims, or Microsoft's {@code scp}, each a space-separated list (or one scope per
 * claim, when a token carries them as an array). Microsoft.Identity.Web's
 * {@code ScopeAuthorizationRequirement}; ASP.NET Core has none built in.
 *
 * @param allowedScopes at least one scope
 */
public record ScopeRequirement(List<String> allowedScopes) implements AuthorizationRequirement, AuthorizationHandler {

    /** RFC 8693 §4.2's claim; {@code scp} is Microsoft Entra ID's. */
    public static final List<String> CLAIM_TYPES = List.of("scope", "scp");

    public ScopeRequirement {
        allowedScopes = List.copyOf(allowedScopes);
        if (allowedScopes.isEmpty()) {
            throw new IllegalArgumentException("name at least one scope");
        }
        for (String scope : allowedScopes) {
            if (scope.isEmpty() || scope.indexOf(' ') >= 0) {
                throw new IllegalArgumentException("a scope is one non-empty word, not '" + scope + "'");
            }
        }
    }

    @Override
    public void handle(AuthorizationHandlerContext context) {
        for (Claim claim : context.user().claims()) {
            if (CLAIM_TYPES.contains(claim.type()) && grants(claim.value())) {
                context.succeed(this);
                return;
            }
        }
    }

    private boolean grants(String scopes) {
        for (String granted : scopes.split(" ")) {
            if (allowedScopes.contains(granted)) {
                return true;
            }
        }
        return false;
    }
}
