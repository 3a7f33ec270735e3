package io.windhover.auth;

import io.windhover.web.Claim;
import java.util.List;
import java.util.Objects;

/**
 * Met by a user with a claim of {@code claimType} whose value is one of {@code allowedValues}
 * (compared exactly), or with any such claim when no values are given. ASP.NET Core's
 * {@code ClaimsAuthorizationRequirement}.
 *
 * @param claimType the claim's type, compared exactly
 * @param allowedValues the values that meet it; empty for any value
 */
public record ClaimsRequirement(String claimType, List<String> allowedValues) implements AuthorizationRequirement, AuthorizationHandler {

    public ClaimsRequirement {
        Objects.requireNonNull(claimType, "claimType");
        allowedValues = List.copyOf(allowedValues);
    }

    @Override
    public void handle(AuthorizationHandlerContext context) {
        for (Claim claim : context.user().claims()) {
            if (claim.type().equals(claimType) && (allowedValues.isEmpty() || allowedValues.contains(claim.value()))) {
                context.succeed(this);
                return;
            }
        }
    }
}
