package io.windhover.auth;

import io.windhover.web.ClaimsPrincipal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * One authorization check as its handlers see it: the user, the resource (the request's
 * {@code WebContext} for an endpoint, the object a handler checks for a resource-based check), the
 * requirements and which are still pending. ASP.NET Core's {@code AuthorizationHandlerContext}.
 * The check succeeds when every requirement was marked met and no handler failed it.
 *
 * <p>Not thread-safe: one check runs its handlers one after another.
 */
public final class AuthorizationHandlerContext {

    private final ClaimsPrincipal user;
    private final Object resource;
    private final List<AuthorizationRequirement> requirements;
    /** By identity: two equal records in one policy are two conditions to meet. */
    private final Set<AuthorizationRequirement> pending = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<String> failureReasons = new ArrayList<>();
    private boolean succeedCalled;
    private boolean failCalled;

    AuthorizationHandlerContext(List<AuthorizationRequirement> requirements, ClaimsPrincipal user, Object resource) {
        this.requirements = List.copyOf(requirements);
        this.user = user;
        this.resource = resource;
        this.pending.addAll(this.requirements);
    }

    public ClaimsPrincipal user() {
        return user;
    }

    /** What is being accessed: the request's {@code WebContext} for an endpoint, or what a resource-based check passed; may be null. */
    public Object resource() {
        return resource;
    }

    /** Every requirement of the check, in the policy's order. */
    public List<AuthorizationRequirement> requirements() {
        return requirements;
    }

    /** The requirements not yet met, in the policy's order. */
    public List<AuthorizationRequirement> pending() {
        return requirements.stream().filter(pending::contains).toList();
    }

    /** The pending requirements of {@code type}: what a handler for that type looks at. */
    public <T extends AuthorizationRequirement> List<T> pending(Class<T> type) {
        return requirements.stream().filter(pending::contains).filter(type::isInstance).map(type::cast).toList();
    }

    /** Marks {@code requirement} met. */
    public void succeed(AuthorizationRequirement requirement) {
        succeedCalled = true;
        pending.remove(requirement);
    }

    /** Fails the whole check, whatever else succeeds. */
    public void fail() {
        failCalled = true;
    }

    /** Fails the whole check, saying why (for the log; never sent to the client). */
    public void fail(String reason) {
        failCalled = true;
        failureReasons.add(reason);
    }

    public boolean hasFailed() {
        return failCalled;
    }

    /** Every requirement met and no failure. */
    public boolean hasSucceeded() {
        return !failCalled && succeedCalled && pending.isEmpty();
    }

    AuthorizationResult result() {
        return hasSucceeded() ? AuthorizationResult.success()
                : new AuthorizationResult(false, failCalled, pending(), List.copyOf(failureReasons));
    }
}
