package io.windhover.auth;

import io.windhover.web.AllowAnonymousMetadata;
import io.windhover.web.AuthorizeData;
import io.windhover.web.ClaimsPrincipal;
import io.windhover.web.EndpointMetadataCollection;
import io.windhover.web.Middleware;
import io.windhover.web.RequestDelegate;
import io.windhover.web.WebContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Named policies, the handlers that decide requirements, and the middleware that enforces on each
 * request what its endpoint's metadata requires. ASP.NET Core's {@code AddAuthorization} (with
 * {@code IAuthorizationService}) and {@code UseAuthorization}.
 *
 * <pre>{@code
 * var authorization = Authorization.builder(authentication)
 *         .policy("todos:write", policy -> policy.requireAuthenticatedUser().requireScope("todos:write"))
 *         .fallbackPolicy(AuthorizationPolicy.authenticatedUser())    // endpoints that say nothing
 *         .build();
 * app.use(authentication);
 * app.use(authorization);
 * app.post("/todos", create).requireAuthorization("todos:write");
 * app.get("/healthz", health).allowAnonymous();
 * }</pre>
 *
 * <p>Per request, as ASP.NET Core's {@code AuthorizationMiddleware} does: the endpoint's
 * {@link AuthorizeData} and {@link AuthorizationPolicy} metadata are combined into one policy (a
 * named policy, roles, schemes; the default policy for an {@code AuthorizeData} that names no
 * policy or roles); an endpoint with none, or a request no route matches, gets the fallback
 * policy, and with no fallback policy goes on unchecked. The policy's schemes, if it names any,
 * authenticate the user (their users merged into {@link WebContext#user()}). An endpoint with
 * {@link AllowAnonymousMetadata} then goes on. Otherwise the requirements are checked: met, the
 * request goes on; not met and the user authenticated, each of the policy's schemes (or the
 * default forbid scheme) forbids — 403; not met and the user anonymous, each challenges (or the
 * default challenge scheme) — 401, or a login redirect. An unknown policy name is an
 * {@link IllegalStateException} when a request reaches the endpoint (500).
 *
 * <p>Thread-safe once built; the policy combined for an endpoint is kept.
 */
public final class Authorization implements Middleware {

    private final Authentication authentication;
    private final Map<String, AuthorizationPolicy> policies;
    private final AuthorizationPolicy defaultPolicy;
    private final AuthorizationPolicy fallbackPolicy;
    private final List<AuthorizationHandler> handlers;
    private final boolean invokeHandlersAfterFailure;
    private final Map<EndpointMetadataCollection, Optional<AuthorizationPolicy>> combined = new ConcurrentHashMap<>();

    private Authorization(Builder builder) {
        this.authentication = builder.authentication;
        this.policies = Map.copyOf(builder.policies);
        this.defaultPolicy = builder.defaultPolicy;
        this.fallbackPolicy = builder.fallbackPolicy;
        this.handlers = List.copyOf(builder.handlers);
        this.invokeHandlersAfterFailure = builder.invokeHandlersAfterFailure;
    }

    /** Policies enforced with {@code authentication}'s schemes. */
    public static Builder builder(Authentication authentication) {
        return new Builder(authentication);
    }

    @Override
    public void invoke(WebContext context, RequestDelegate next) throws Exception {
        EndpointMetadataCollection metadata = context.endpointMetadata();
        AuthorizationPolicy policy = policyFor(metadata);
        if (policy == null) {
            next.handle(context);
            return;
        }
        AuthenticateResult authenticated = authenticateFor(policy, context);
        // As ASP.NET Core: anonymous access still authenticates the policy's schemes, so the
        // endpoint sees the user, and skips only the refusal.
        if (metadata.has(AllowAnonymousMetadata.class)) {
            next.handle(context);
            return;
        }
        if (authorize(context.user(), context, policy).succeeded()) {
            next.handle(context);
        } else if (authenticated.succeeded()) {
            forbid(context, policy);
        } else {
            challenge(context, policy);
        }
    }

    /**
     * Checks the named policy's requirements for {@code user} and {@code resource} — a
     * resource-based check inside a handler — without answering the request.
     *
     * @throws IllegalStateException for a policy name that is not registered
     */
    public AuthorizationResult authorize(ClaimsPrincipal user, Object resource, String policyName) throws Exception {
        return authorize(user, resource, namedPolicy(policyName));
    }

    /** Checks {@code policy}'s requirements for {@code user} and {@code resource}. */
    public AuthorizationResult authorize(ClaimsPrincipal user, Object resource, AuthorizationPolicy policy) throws Exception {
        return authorize(user, resource, policy.requirements());
    }

    /** Checks {@code requirements} for {@code user} and {@code resource}. */
    public AuthorizationResult authorize(ClaimsPrincipal user, Object resource, List<AuthorizationRequirement> requirements) throws Exception {
        var check = new AuthorizationHandlerContext(requirements, user, resource);
        // The requirements that decide themselves first, as ASP.NET Core's PassThroughAuthorizationHandler.
        for (AuthorizationRequirement requirement : requirements) {
            if (!invokeHandlersAfterFailure && check.hasFailed()) {
                break;
            }
            if (requirement instanceof AuthorizationHandler self) {
                self.handle(check);
            }
        }
        for (AuthorizationHandler handler : handlers) {
            if (!invokeHandlersAfterFailure && check.hasFailed()) {
                break;
            }
            handler.handle(check);
        }
        return check.result();
    }

    /**
     * Answers a request whose resource-based check failed as the middleware would: forbids an
     * authenticated user (403), challenges an anonymous one (401 or a login redirect), with the
     * default schemes.
     */
    public void refuse(WebContext context) throws Exception {
        if (context.user().isAuthenticated()) {
            authentication.forbid(context);
        } else {
            authentication.challenge(context);
        }
    }

    /** The policy for an endpoint with {@code metadata}, or null when nothing is to be checked. */
    AuthorizationPolicy policyFor(EndpointMetadataCollection metadata) {
        if (metadata.items().isEmpty()) {
            return fallbackPolicy;
        }
        return combined.computeIfAbsent(metadata, this::combine).orElse(null);
    }

    /** ASP.NET Core's {@code AuthorizationPolicy.CombineAsync}. */
    private Optional<AuthorizationPolicy> combine(EndpointMetadataCollection metadata) {
        var builder = AuthorizationPolicy.builder();
        boolean any = false;
        for (AuthorizeData data : metadata.all(AuthorizeData.class)) {
            any = true;
            boolean useDefault = true;
            if (data.policy() != null) {
                builder.combine(namedPolicy(data.policy()));
                useDefault = false;
            }
            if (!data.roles().isEmpty()) {
                builder.requireRole(data.roles().toArray(String[]::new));
                useDefault = false;
            }
            builder.addAuthenticationSchemes(data.schemes().toArray(String[]::new));
            if (useDefault) {
                builder.combine(defaultPolicy);
            }
        }
        for (AuthorizationPolicy policy : metadata.all(AuthorizationPolicy.class)) {
            any = true;
            builder.combine(policy);
        }
        return Optional.ofNullable(any ? builder.build() : fallbackPolicy);
    }

    private AuthorizationPolicy namedPolicy(String name) {
        AuthorizationPolicy policy = policies.get(name);
        if (policy == null) {
            throw new IllegalStateException("no authorization policy named '" + name + "' is registered; registered: " + policies.keySet());
        }
        return policy;
    }

    /** ASP.NET Core's {@code PolicyEvaluator.AuthenticateAsync}. */
    private AuthenticateResult authenticateFor(AuthorizationPolicy policy, WebContext context) throws Exception {
        if (policy.schemes().isEmpty()) {
            return context.user().isAuthenticated() ? AuthenticateResult.success(context.user()) : AuthenticateResult.noResult();
        }
        ClaimsPrincipal merged = null;
        for (String scheme : policy.schemes()) {
            if (authentication.authenticate(context, scheme) instanceof AuthenticateResult.Success success) {
                merged = merged == null ? success.principal() : merged.merge(success.principal());
            }
        }
        context.user(merged != null ? merged : ClaimsPrincipal.anonymous());
        return merged != null ? AuthenticateResult.success(merged) : AuthenticateResult.noResult();
    }

    private void challenge(WebContext context, AuthorizationPolicy policy) throws Exception {
        if (policy.schemes().isEmpty()) {
            authentication.challenge(context);
        }
        for (String scheme : policy.schemes()) {
            authentication.challenge(context, scheme, AuthenticationProperties.empty());
        }
    }

    private void forbid(WebContext context, AuthorizationPolicy policy) throws Exception {
        if (policy.schemes().isEmpty()) {
            authentication.forbid(context);
        }
        for (String scheme : policy.schemes()) {
            authentication.forbid(context, scheme, AuthenticationProperties.empty());
        }
    }

    /** Registers policies and handlers. Not thread-safe. */
    public static final class Builder {
        private final Authentication authentication;
        private final Map<String, AuthorizationPolicy> policies = new LinkedHashMap<>();
        private final List<AuthorizationHandler> handlers = new ArrayList<>();
        private AuthorizationPolicy defaultPolicy = AuthorizationPolicy.authenticatedUser();
        private AuthorizationPolicy fallbackPolicy;
        private boolean invokeHandlersAfterFailure = true;

        private Builder(Authentication authentication) {
            this.authentication = Objects.requireNonNull(authentication, "authentication");
        }

        /** Registers {@code policy} as {@code name}. */
        public Builder policy(String name, AuthorizationPolicy policy) {
            if (policies.putIfAbsent(Objects.requireNonNull(name, "name"), Objects.requireNonNull(policy, "policy")) != null) {
                throw new IllegalArgumentException("the policy '" + name + "' is registered already");
            }
            return this;
        }

        /** Registers the policy {@code configure} builds as {@code name}. */
        public Builder policy(String name, Consumer<AuthorizationPolicy.Builder> configure) {
            var builder = AuthorizationPolicy.builder();
            configure.accept(builder);
            return policy(name, builder.build());
        }

        /** The policy for {@code requireAuthorization()} without a name; default: an authenticated user. */
        public Builder defaultPolicy(AuthorizationPolicy policy) {
            this.defaultPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The policy for endpoints without authorization metadata and for requests no route
         * matches; default none (they go on unchecked).
         */
        public Builder fallbackPolicy(AuthorizationPolicy policy) {
            this.fallbackPolicy = policy;
            return this;
        }

        /** A handler for the application's own requirements; runs in every check. */
        public Builder handler(AuthorizationHandler handler) {
            handlers.add(Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** Whether handlers still run once one has failed the check; default true, as in ASP.NET Core. */
        public Builder invokeHandlersAfterFailure(boolean invoke) {
            this.invokeHandlersAfterFailure = invoke;
            return this;
        }

        public Authorization build() {
            return new Authorization(this);
        }
    }
}
