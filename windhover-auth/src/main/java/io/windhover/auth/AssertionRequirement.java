package io.windhover.auth;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * Met when {@code assertion} holds for the check. ASP.NET Core's {@code AssertionRequirement}.
 *
 * <pre>{@code
 * policy.requireAssertion(check -> check.user().isInRole("admin") || check.user().findFirst("employee") != null)
 * }</pre>
 *
 * @param assertion tested once per check; must be thread-safe
 */
public record AssertionRequirement(Predicate<AuthorizationHandlerContext> assertion) implements AuthorizationRequirement, AuthorizationHandler {

    public AssertionRequirement {
        Objects.requireNonNull(assertion, "assertion");
    }

    @Override
    public void handle(AuthorizationHandlerContext context) {
        if (assertion.test(context)) {
            context.succeed(this);
        }
    }
}
