package io.windhover.auth.antiforgery;

/**
 * Endpoint metadata that says whether {@link Antiforgery}'s middleware checks the endpoint's unsafe
 * requests. ASP.NET Core's {@code IAntiforgeryMetadata}; {@link #DISABLED} is its
 * {@code DisableAntiforgery()}, for an endpoint that only machine clients call with credentials a
 * browser does not send by itself.
 *
 * <pre>{@code
 * app.post("/webhooks/payment", handler).withMetadata(AntiforgeryMetadata.DISABLED);
 * }</pre>
 *
 * @param requiresValidation false to skip the check
 */
public record AntiforgeryMetadata(boolean requiresValidation) {

    public static final AntiforgeryMetadata DISABLED = new AntiforgeryMetadata(false);
    public static final AntiforgeryMetadata REQUIRED = new AntiforgeryMetadata(true);
}
