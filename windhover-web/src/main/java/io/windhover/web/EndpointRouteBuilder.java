package io.windhover.web;

/**
 * Where routes are mapped: the application, or a {@link RouteGroup} with its prefix, middleware
 * and metadata (ASP.NET Core's {@code IEndpointRouteBuilder}). Generated controller routes map
 * through it, into the same router as {@code app.get(...)}, and put their descriptions and
 * authorization on the {@link RouteHandlerBuilder} it returns.
 *
 * <pre>{@code
 * routes.map("GET", "/todos/{id:int}", find).withMetadata(description).requireAuthorization("todos:read");
 * }</pre>
 */
public interface EndpointRouteBuilder {

    /**
     * A route for {@code method}, or for every method with {@link io.windhover.web.routing.Router#ANY_METHOD};
     * what it returns takes the route's metadata until the application starts.
     */
    RouteHandlerBuilder map(String method, String template, Endpoint endpoint);
}
