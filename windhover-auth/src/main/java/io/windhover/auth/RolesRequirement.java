package io.windhover.auth;

import java.util.List;

/**
 * Met by a user in any one of {@code allowedRoles} (a role claim of the identity's role claim
 * type, compared exactly). ASP.NET Core's {@code RolesAuthorizationRequirement}.
 *
 * @param allowedRoles at least one role
 */
public record RolesRequirement(List<String> allowedRoles) implements AuthorizationRequirement, AuthorizationHandler {

    public RolesRequirement {
        allowedRoles = List.copyOf(allowedRoles);
        if (allowedRoles.isEmpty()) {
            throw new IllegalArgumentException("name at least one role");
        }
    }

    @Override
    public void handle(AuthorizationHandlerContext context) {
        if (allowedRoles.stream().anyMatch(context.user()::isInRole)) {
            context.succeed(this);
        }
    }
}
