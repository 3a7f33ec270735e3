package io.windhover.web;

/**
 * Where routes are mapped: the application, or a {@link RouteGroup} with its prefix and middleware
 * (ASP.NET Core's {@code IEndpointRouteBuilder}). Generated controller routes map through it, into
 * the same router as {@code app.get(...)}.
 */
public interface EndpointRouteBuilder {

    /** A route for {@code method}, or for every method with {@link io.windhover.web.routing.Router#ANY_METHOD}. */
    EndpointRouteBuilder map(String method, String template, Endpoint endpoint);

    /** A route for {@code method}, with what the OpenAPI document says of it. */
    EndpointRouteBuilder map(String method, String template, Endpoint endpoint, EndpointMetadata metadata);
}
