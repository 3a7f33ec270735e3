package io.windhover.auth;

import java.util.List;

/**
 * The outcome of an authorization check. ASP.NET Core's {@code AuthorizationResult}.
 *
 * <pre>{@code
 * AuthorizationResult result = authorization.authorize(context.user(), todo, "owner");
 * if (!result.succeeded()) {
 *     authorization.refuse(context);     // 403 for a signed-in user, else the challenge
 *     return null;
 * }
 * }</pre>
 *
 * @param succeeded whether every requirement was met and no handler failed the check
 * @param failCalled whether a handler failed the check explicitly
 * @param unmet the requirements no handler marked met
 * @param failureReasons what failing handlers said
 */
public record AuthorizationResult(boolean succeeded, boolean failCalled, List<AuthorizationRequirement> unmet,
        List<String> failureReasons) {

    private static final AuthorizationResult SUCCESS = new AuthorizationResult(true, false, List.of(), List.of());

    public AuthorizationResult {
        unmet = List.copyOf(unmet);
        failureReasons = List.copyOf(failureReasons);
    }

    public static AuthorizationResult success() {
        return SUCCESS;
    }
}
