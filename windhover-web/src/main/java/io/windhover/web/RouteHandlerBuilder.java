package io.windhover.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One mapped route, to which metadata may be added until the application starts: what
 * {@code app.get(...)} and the other mapping methods return. ASP.NET Core's
 * {@code RouteHandlerBuilder} with its conventions.
 *
 * <pre>{@code
 * app.post("/todos", create).requireAuthorization("todos:write");
 * app.get("/status", status).allowAnonymous();
 * app.get("/todos", list).withMetadata(new Summary("every todo"));
 * }</pre>
 *
 * <p>Configured from one thread before {@link WebApplication#start()}; read once when the
 * application is built.
 */
public final class RouteHandlerBuilder {

    private final String method;
    private final String template;
    private final Endpoint endpoint;
    private final RouteGroup group;
    private final List<Object> metadata = new ArrayList<>();

    RouteHandlerBuilder(String method, String template, Endpoint endpoint, RouteGroup group) {
        this.method = method;
        this.template = template;
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.group = group;
    }

    /** The method the route answers, or {@link io.windhover.web.routing.Router#ANY_METHOD}. */
    public String method() {
        return method;
    }

    /** The route's template, its groups' prefixes included. */
    public String template() {
        return template;
    }

    /** Adds metadata items, after those given before and after its groups'. */
    public RouteHandlerBuilder withMetadata(Object... items) {
        for (Object item : items) {
            metadata.add(Objects.requireNonNull(item, "item"));
        }
        return this;
    }

    /**
     * Requires every one of {@code policies} (named policies), or with none the default policy (an
     * authenticated user); adds an {@link AuthorizeData} per policy. An authorization middleware
     * enforces it.
     */
    public RouteHandlerBuilder requireAuthorization(String... policies) {
        return withMetadata(authorizeData(policies));
    }

    /** Requires the default policy (an authenticated user, unless the application says otherwise). */
    public RouteHandlerBuilder requireAuthorization() {
        return withMetadata(AuthorizeData.defaultPolicy());
    }

    /** Requires what each {@link AuthorizeData} says (roles, schemes, a policy). */
    public RouteHandlerBuilder requireAuthorization(AuthorizeData... data) {
        return withMetadata((Object[]) data);
    }

    /** Lets anyone call this endpoint ({@link AllowAnonymousMetadata}). */
    public RouteHandlerBuilder allowAnonymous() {
        return withMetadata(AllowAnonymousMetadata.INSTANCE);
    }

    static Object[] authorizeData(String... policies) {
        if (policies.length == 0) {
            return new Object[] {AuthorizeData.defaultPolicy()};
        }
        Object[] data = new Object[policies.length];
        for (int i = 0; i < policies.length; i++) {
            data[i] = AuthorizeData.policy(policies[i]);
        }
        return data;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    RouteGroup group() {
        return group;
    }

    /** Its groups' metadata, outer first, then its own. */
    EndpointMetadata metadata() {
        List<Object> all = group == null ? new ArrayList<>() : group.metadataChain();
        all.addAll(metadata);
        return new EndpointMetadata(all);
    }
}
