package io.windhover.web;

/**
 * Endpoint metadata that leaves the endpoint out of the OpenAPI document: ASP.NET Core's
 * {@code IExcludeFromDescriptionMetadata}, what {@code ExcludeFromDescription()} puts on an
 * endpoint. The document's own route and Swagger UI's carry it.
 *
 * <pre>{@code
 * app.get("/internal/metrics", metrics).excludeFromDescription();
 * }</pre>
 */
public enum ExcludeFromDescriptionMetadata {
    /** The one instance. */
    INSTANCE
}
