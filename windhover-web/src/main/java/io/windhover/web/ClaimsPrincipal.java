package io.windhover.web;

import java.util.ArrayList;
import java.util.List;

/**
 * The request's user: one identity per scheme that authenticated it. .NET's
 * {@code ClaimsPrincipal}. {@link WebContext#user()} is {@link #anonymous()} until an authentication
 * middleware replaces it.
 *
 * <pre>{@code
 * app.get("/me", context -> {
 *     ClaimsPrincipal user = context.user();
 *     return user.isAuthenticated() ? "hello " + user.name() : "hello stranger";
 * });
 * }</pre>
 *
 * @param identities the identities, the primary one first (its name is the user's name)
 */
public record ClaimsPrincipal(List<ClaimsIdentity> identities) {

    private static final ClaimsPrincipal ANONYMOUS = new ClaimsPrincipal(List.of(ClaimsIdentity.anonymous()));

    public ClaimsPrincipal {
        identities = List.copyOf(identities);
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("a principal has at least one identity; the anonymous one has an unauthenticated identity");
        }
    }

    /** A principal of one identity. */
    public static ClaimsPrincipal of(ClaimsIdentity identity) {
        return new ClaimsPrincipal(List.of(identity));
    }

    /** The user nobody authenticated: one identity with no authentication type and no claims. */
    public static ClaimsPrincipal anonymous() {
        return ANONYMOUS;
    }

    /** The primary identity: the first. */
    public ClaimsIdentity identity() {
        return identities.getFirst();
    }

    /**
     * Whether the primary identity is authenticated, which is what ASP.NET Core's authorization
     * asks ({@code User.Identity.IsAuthenticated}) to choose between 401 and 403.
     */
    public boolean isAuthenticated() {
        return identity().isAuthenticated();
    }

    /** The primary identity's name, or null. */
    public String name() {
        return identity().name();
    }

    /** Whether any identity has {@code role}. */
    public boolean isInRole(String role) {
        for (ClaimsIdentity identity : identities) {
            if (identity.hasRole(role)) {
                return true;
            }
        }
        return false;
    }

    /** Every identity's claims, in order. */
    public List<Claim> claims() {
        if (identities.size() == 1) {
            return identity().claims();
        }
        List<Claim> all = new ArrayList<>();
        identities.forEach(identity -> all.addAll(identity.claims()));
        return all;
    }

    /** The first claim of {@code type} in any identity, or null. */
    public Claim findFirst(String type) {
        for (ClaimsIdentity identity : identities) {
            Claim claim = identity.findFirst(type);
            if (claim != null) {
                return claim;
            }
        }
        return null;
    }

    /** Every claim of {@code type}, in order. */
    public List<Claim> findAll(String type) {
        return claims().stream().filter(claim -> claim.type().equals(type)).toList();
    }

    /**
     * {@code additional}'s identities, then those of this principal that are authenticated or have
     * claims: how ASP.NET Core merges the users of a policy's several schemes
     * ({@code SecurityHelper.MergeUserPrincipal}), so the latest scheme's identity is primary and
     * an anonymous one is dropped.
     */
    public ClaimsPrincipal merge(ClaimsPrincipal additional) {
        List<ClaimsIdentity> merged = new ArrayList<>(additional.identities());
        for (ClaimsIdentity identity : identities) {
            if (identity.isAuthenticated() || !identity.claims().isEmpty()) {
                merged.add(identity);
            }
        }
        return new ClaimsPrincipal(merged);
    }
}
