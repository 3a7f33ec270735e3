package io.windhover.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Routes under a common prefix with middleware of their own, which runs after routing and only for
 * them (ASP.NET Core's {@code MapGroup} with endpoint filters). Groups nest.
 *
 * <pre>{@code
 * var admin = app.mapGroup("/admin").use(requireAdmin);
 * admin.post("/reset", context -> { store.clear(); return Results.noContent(); });
 * }</pre>
 */
public final class RouteGroup implements EndpointRouteBuilder {

    private final WebApplication application;
    private final String prefix;
    private final RouteGroup parent;
    private final List<Middleware> middleware = new ArrayList<>();

    RouteGroup(WebApplication application, String prefix, RouteGroup parent) {
        this.application = application;
        this.prefix = prefix;
        this.parent = parent;
    }

    /** Adds middleware that runs, in order, before each of this group's endpoints. */
    public RouteGroup use(Middleware step) {
        middleware.add(Objects.requireNonNull(step, "step"));
        return this;
    }

    public RouteGroup get(String template, Endpoint endpoint) {
        return map("GET", template, endpoint);
    }

    public RouteGroup post(String template, Endpoint endpoint) {
        return map("POST", template, endpoint);
    }

    public RouteGroup put(String template, Endpoint endpoint) {
        return map("PUT", template, endpoint);
    }

    public RouteGroup delete(String template, Endpoint endpoint) {
        return map("DELETE", template, endpoint);
    }

    public RouteGroup patch(String template, Endpoint endpoint) {
        return map("PATCH", template, endpoint);
    }

    public RouteGroup get(String template, Endpoint endpoint, EndpointMetadata metadata) {
        return map("GET", template, endpoint, metadata);
    }

    public RouteGroup post(String template, Endpoint endpoint, EndpointMetadata metadata) {
        return map("POST", template, endpoint, metadata);
    }

    public RouteGroup put(String template, Endpoint endpoint, EndpointMetadata metadata) {
        return map("PUT", template, endpoint, metadata);
    }

    public RouteGroup delete(String template, Endpoint endpoint, EndpointMetadata metadata) {
        return map("DELETE", template, endpoint, metadata);
    }

    /** A route for {@code method}, under this group's prefix. */
    @Override
    public RouteGroup map(String method, String template, Endpoint endpoint) {
        return map(method, template, endpoint, EndpointMetadata.none());
    }

    /** A route for {@code method}, under this group's prefix, with what the OpenAPI document says of it. */
    @Override
    public RouteGroup map(String method, String template, Endpoint endpoint, EndpointMetadata metadata) {
        application.addRoute(method, join(prefix, template), endpoint, this, metadata);
        return this;
    }

    /**
     * Maps controllers under this group's prefix, behind its middleware.
     *
     * <pre>{@code
     * app.mapGroup("/api").use(requireKey).mapControllers(new TodoControllerRoutes());
     * }</pre>
     */
    public RouteGroup mapControllers(io.windhover.web.controller.ControllerRoutes... routes) {
        application.mapControllers(this, routes);
        return this;
    }

    /** A group inside this one. */
    public RouteGroup mapGroup(String subPrefix) {
        return new RouteGroup(application, join(prefix, subPrefix), this);
    }

    /** Outer groups' middleware first, as the groups nest; read when the application is built, so order of calls does not matter. */
    List<Middleware> middlewareChain() {
        List<Middleware> chain = parent == null ? new ArrayList<>() : parent.middlewareChain();
        chain.addAll(middleware);
        return chain;
    }

    static String join(String prefix, String template) {
        String left = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        String right = template.startsWith("/") ? template : "/" + template;
        return right.equals("/") && !left.isEmpty() ? left : left + right;
    }
}
