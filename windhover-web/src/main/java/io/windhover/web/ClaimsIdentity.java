package io.windhover.web;

import java.util.List;
import java.util.Objects;

/**
 * What one authentication scheme established about a user: its claims, and which of their types
 * carry the name and the roles. .NET's {@code ClaimsIdentity}. An identity is authenticated when it
 * says how ({@code authenticationType}, a scheme's name such as {@code Bearer}); the anonymous
 * user's identity has none.
 *
 * <pre>{@code
 * var identity = new ClaimsIdentity("Cookies", List.of(new Claim("name", "ada"), new Claim("role", "admin")));
 * identity.name();            // "ada"
 * }</pre>
 *
 * @param authenticationType how the user was authenticated, or null for the anonymous identity
 * @param claims the claims, in the order the scheme found them
 * @param nameClaimType the claim type {@link #name()} reads; default {@value #NAME}
 * @param roleClaimType the claim type roles are read from; default {@value #ROLE}
 */
public record ClaimsIdentity(String authenticationType, List<Claim> claims, String nameClaimType, String roleClaimType) {

    /** The default name claim type: OpenID Connect's and JWT's {@code name}. */
    public static final String NAME = "name";
    /** The default role claim type: {@code role}, as ASP.NET Core reads JWTs without mapping their claim names. */
    public static final String ROLE = "role";

    public ClaimsIdentity {
        claims = List.copyOf(claims);
        Objects.requireNonNull(nameClaimType, "nameClaimType");
        Objects.requireNonNull(roleClaimType, "roleClaimType");
        if (authenticationType != null && authenticationType.isEmpty()) {
            throw new IllegalArgumentException("an authentication type is null (anonymous) or a name, not empty");
        }
    }

    /** An identity with the default name and role claim types. */
    public ClaimsIdentity(String authenticationType, List<Claim> claims) {
        this(authenticationType, claims, NAME, ROLE);
    }

    /** The anonymous identity: no authentication type, no claims. */
    public static ClaimsIdentity anonymous() {
        return new ClaimsIdentity(null, List.of());
    }

    /** Whether a scheme authenticated this identity. */
    public boolean isAuthenticated() {
        return authenticationType != null;
    }

    /** The value of the first name claim, or null. */
    public String name() {
        Claim claim = findFirst(nameClaimType);
        return claim == null ? null : claim.value();
    }

    /** The first claim of {@code type}, or null. */
    public Claim findFirst(String type) {
        for (Claim claim : claims) {
            if (claim.type().equals(type)) {
                return claim;
            }
        }
        return null;
    }

    /** Whether a role claim has exactly the value {@code role}. */
    public boolean hasRole(String role) {
        for (Claim claim : claims) {
            if (claim.type().equals(roleClaimType) && claim.value().equals(role)) {
                return true;
            }
        }
        return false;
    }
}
