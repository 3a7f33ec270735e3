package io.windhover.web;

/**
 * Endpoint metadata saying that anyone may call the endpoint, whatever its groups require and
 * whatever the fallback policy is. ASP.NET Core's {@code IAllowAnonymous}, what
 * {@code [AllowAnonymous]} and {@code AllowAnonymous()} put on an endpoint. As in ASP.NET Core, it
 * wins wherever it appears among an endpoint's metadata: a group's {@code allowAnonymous()} is not
 * undone by a route's {@code requireAuthorization()}. The user is still authenticated (a valid
 * token still sets {@link WebContext#user()}); only the refusal is skipped.
 *
 * <pre>{@code
 * var api = app.mapGroup("/api").requireAuthorization();
 * api.get("/status", status).allowAnonymous();
 * }</pre>
 */
public enum AllowAnonymousMetadata {
    /** The one instance. */
    INSTANCE
}
