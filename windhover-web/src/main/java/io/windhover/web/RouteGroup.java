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
 * var writes = app.mapGroup("/todos").requireAuthorization("todos:write");    // every route in it
 * }</pre>
 */
public final class RouteGroup implements EndpointRouteBuilder {

    private final WebApplication application;
    private final String prefix;
    private final RouteGroup parent;
    private final List<Middleware> middleware = new ArrayList<>();
    private final List<Object> metadata = new ArrayList<>();

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

    /**
     * Adds metadata to every route of this group and of the groups inside it, before each route's
     * own; read when the application is built, so routes mapped earlier get it too.
     */
    public RouteGroup withMetadata(Object... items) {
        for (Object item : items) {
            metadata.add(Objects.requireNonNull(item, "item"));
        }
        return this;
    }

    /**
     * Requires {@code policies} (or the default policy, with none) on every route of the group:
     * {@link RouteHandlerBuilder#requireAuthorization(String...)} for each.
     */
    public RouteGroup requireAuthorization(String... policies) {
        return withMetadata(RouteHandlerBuilder.authorizeData(policies));
    }

    /** Requires the default policy (an authenticated user, unless the application says otherwise). */
    public RouteGroup requireAuthorization() {
        return withMetadata(AuthorizeData.defaultPolicy());
    }

    /** Requires what each {@link AuthorizeData} says on every route of the group. */
    public RouteGroup requireAuthorization(AuthorizeData... data) {
        return withMetadata((Object[]) data);
    }

    /** Lets anyone call every route of the group ({@link AllowAnonymousMetadata}). */
    public RouteGroup allowAnonymous() {
        return withMetadata(AllowAnonymousMetadata.INSTANCE);
    }

    /** Lists every route of the group under {@code tags} in the OpenAPI document, as ASP.NET's group {@code WithTags}. */
    public RouteGroup withTags(String... tags) {
        return withMetadata(EndpointDescription.builder().tags(tags).build());
    }

    /** A WebSocket endpoint under the group's prefix, behind its middleware: {@link WebApplication#webSocket}. */
    public RouteHandlerBuilder webSocket(String template, WebSocketHandler handler) {
        return webSocket(template, WebSocketEndpointOptions.defaults(), handler);
    }

    public RouteHandlerBuilder webSocket(String template, WebSocketEndpointOptions options, WebSocketHandler handler) {
        java.util.Objects.requireNonNull(handler, "handler");
        return webSocket(template, options, (context, socket) -> handler.handle(socket));
    }

    /** A WebSocket endpoint whose handler also sees the request: {@link WebApplication#webSocket}. */
    public RouteHandlerBuilder webSocket(String template, WebSocketEndpointOptions options, WebSocketRequestHandler handler) {
        return map(io.windhover.web.routing.Router.ANY_METHOD, template, new WebSocketEndpoint(options, handler))
                .excludeFromDescription();
    }

    public RouteHandlerBuilder get(String template, Endpoint endpoint) {
        return map("GET", template, endpoint);
    }

    public RouteHandlerBuilder post(String template, Endpoint endpoint) {
        return map("POST", template, endpoint);
    }

    public RouteHandlerBuilder put(String template, Endpoint endpoint) {
        return map("PUT", template, endpoint);
    }

    public RouteHandlerBuilder delete(String template, Endpoint endpoint) {
        return map("DELETE", template, endpoint);
    }

    public RouteHandlerBuilder patch(String template, Endpoint endpoint) {
        return map("PATCH", template, endpoint);
    }

    /** A route for {@code method}, under this group's prefix; its metadata comes after the group's. */
    @Override
    public RouteHandlerBuilder map(String method, String template, Endpoint endpoint) {
        return application.addRoute(method, join(prefix, template), endpoint, this);
    }

    /**
     * Maps controllers under this group's prefix, behind its middleware and with its metadata
     * (a group's {@code requireAuthorization()} covers its controllers' endpoints too).
     *
     * <pre>{@code
     * app.mapGroup("/api").use(requireKey).requireAuthorization().mapControllers(new TodoControllerRoutes());
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

    /** Outer groups' metadata first. */
    List<Object> metadataChain() {
        List<Object> chain = parent == null ? new ArrayList<>() : parent.metadataChain();
        chain.addAll(metadata);
        return chain;
    }

    static String join(String prefix, String template) {
        String left = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        String right = template.startsWith("/") ? template : "/" + template;
        return right.equals("/") && !left.isEmpty() ? left : left + right;
    }
}
