package io.windhover.web;

import java.util.List;
import java.util.Objects;

/**
 * Endpoint metadata saying that the endpoint needs authorization: a named policy, roles (any one
 * of them suffices), the authentication schemes to ask, or none of these for the default policy
 * (an authenticated user). ASP.NET Core's {@code IAuthorizeData}, what {@code [Authorize]} and
 * {@code RequireAuthorization()} put on an endpoint. An authorization middleware (the
 * {@code windhover-auth} module's) combines every {@code AuthorizeData} of the endpoint: all must
 * be met.
 *
 * <pre>{@code
 * app.post("/todos", create).requireAuthorization("todos:write");               // a named policy
 * app.delete("/todos", purge).requireAuthorization(AuthorizeData.roles("admin", "owner"));
 * app.get("/me", me).requireAuthorization();                                      // the default policy
 * }</pre>
 *
 * <p>A controller's {@code @Authorize("p")} ({@code roles}, {@code schemes}), on its class or method, is one of these,
 * written into the endpoint's metadata by the annotation processor.
 *
 * @param policy a policy's name, or null
 * @param roles roles of which the user needs one; empty for none
 * @param schemes the schemes that authenticate the user for this endpoint (instead of the default
 *     one); empty for the default
 */
public record AuthorizeData(String policy, List<String> roles, List<String> schemes) {

    private static final AuthorizeData DEFAULT = new AuthorizeData(null, List.of(), List.of());

    public AuthorizeData {
        roles = List.copyOf(roles);
        schemes = List.copyOf(schemes);
        if (policy != null && policy.isBlank()) {
            throw new IllegalArgumentException("a policy's name is null (the default policy) or a name, not blank");
        }
    }

    /** The default policy: an authenticated user unless the application says otherwise. */
    public static AuthorizeData defaultPolicy() {
        return DEFAULT;
    }

    /** The policy named {@code policy}. */
    public static AuthorizeData policy(String policy) {
        return new AuthorizeData(Objects.requireNonNull(policy, "policy"), List.of(), List.of());
    }

    /** A user in any one of {@code roles}. */
    public static AuthorizeData roles(String... roles) {
        if (roles.length == 0) {
            throw new IllegalArgumentException("name at least one role");
        }
        return new AuthorizeData(null, List.of(roles), List.of());
    }

    /** The default policy, with the user authenticated by {@code schemes}. */
    public static AuthorizeData schemes(String... schemes) {
        return new AuthorizeData(null, List.of(), List.of(schemes));
    }
}
