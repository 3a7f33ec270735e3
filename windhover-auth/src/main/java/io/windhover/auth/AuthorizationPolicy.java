package io.windhover.auth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Requirements that must all be met, and the schemes that authenticate the user for them (none:
 * the user the default scheme found). ASP.NET Core's {@code AuthorizationPolicy}. Named policies
 * are registered with {@link Authorization.Builder#policy}; a policy object may also be put on an
 * endpoint as metadata ({@code .withMetadata(policy)}).
 *
 * <pre>{@code
 * AuthorizationPolicy writers = AuthorizationPolicy.builder()
 *         .requireAuthenticatedUser()
 *         .requireScope("todos:write")
 *         .build();
 * }</pre>
 *
 * @param requirements at least one
 * @param schemes the schemes to authenticate with for this policy; empty for the default
 */
public record AuthorizationPolicy(List<AuthorizationRequirement> requirements, List<String> schemes) {

    public AuthorizationPolicy {
        requirements = List.copyOf(requirements);
        schemes = List.copyOf(schemes);
        if (requirements.isEmpty()) {
            // ASP.NET Core refuses it too: a policy that requires nothing would allow everyone.
            throw new IllegalArgumentException("a policy needs at least one requirement");
        }
    }

    /** ASP.NET Core's default policy: an authenticated user. */
    public static AuthorizationPolicy authenticatedUser() {
        return builder().requireAuthenticatedUser().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a policy. Not thread-safe. */
    public static final class Builder {
        private final List<AuthorizationRequirement> requirements = new ArrayList<>();
        private final LinkedHashSet<String> schemes = new LinkedHashSet<>();

        Builder() {
        }

        /** A user some scheme authenticated. */
        public Builder requireAuthenticatedUser() {
            return addRequirements(new AuthenticatedUserRequirement());
        }

        /** A user in any one of {@code roles}. */
        public Builder requireRole(String... roles) {
            return addRequirements(new RolesRequirement(List.of(roles)));
        }

        /** A claim of {@code type} with one of {@code values}, or any value when none are given. */
        public Builder requireClaim(String type, String... values) {
            return addRequirements(new ClaimsRequirement(type, List.of(values)));
        }

        /** A user granted any one of {@code scopes} ({@code scope} or {@code scp} claims). */
        public Builder requireScope(String... scopes) {
            return addRequirements(new ScopeRequirement(List.of(scopes)));
        }

        /** A user whose name is {@code name}. */
        public Builder requireUserName(String name) {
            Objects.requireNonNull(name, "name");
            return requireAssertion(check -> name.equals(check.user().name()));
        }

        /** What {@code assertion} says. */
        public Builder requireAssertion(Predicate<AuthorizationHandlerContext> assertion) {
            return addRequirements(new AssertionRequirement(assertion));
        }

        /** The application's own requirements, met by its handlers. */
        public Builder addRequirements(AuthorizationRequirement... more) {
            for (AuthorizationRequirement requirement : more) {
                requirements.add(Objects.requireNonNull(requirement, "requirement"));
            }
            return this;
        }

        /** Authenticate the user with these schemes for this policy (their users merged), instead of the default. */
        public Builder addAuthenticationSchemes(String... names) {
            schemes.addAll(List.of(names));
            return this;
        }

        /** Adds {@code policy}'s requirements and schemes. */
        public Builder combine(AuthorizationPolicy policy) {
            requirements.addAll(policy.requirements());
            schemes.addAll(policy.schemes());
            return this;
        }

        /** @throws IllegalArgumentException when no requirement was added */
        public AuthorizationPolicy build() {
            return new AuthorizationPolicy(requirements, List.copyOf(schemes));
        }

        boolean isEmpty() {
            return requirements.isEmpty() && schemes.isEmpty();
        }
    }
}
