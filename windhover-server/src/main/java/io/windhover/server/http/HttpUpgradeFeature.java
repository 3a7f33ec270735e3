package io.windhover.server.http;

import java.io.IOException;

/**
 * Switching a request's connection (or stream) to another protocol, where the request's HTTP
 * version can: Kestrel's {@code IHttpUpgradeFeature}. HTTP/1.1 offers it for requests with
 * {@code Connection: upgrade} and an {@code Upgrade} field (RFC 9110 §7.8); HTTP/2 will offer the
 * same for extended CONNECT (RFC 8441), so a WebSocket endpoint is written once. A request that
 * came some other way has no such feature: {@code features().get(HttpUpgradeFeature.class)} is
 * null, and {@link HttpContext#isUpgradeRequest()} false.
 *
 * <pre>{@code
 * HttpUpgradeFeature upgrade = context.features().get(HttpUpgradeFeature.class);
 * if (upgrade != null && upgrade.isUpgradeRequest()) {
 *     context.response().headers().set("Upgrade", "echo");
 *     UpgradedConnection raw = upgrade.upgrade();
 *     raw.input().transferTo(raw.output());
 * }
 * }</pre>
 *
 * <p>Used by the request's thread.
 */
public interface HttpUpgradeFeature {

    /** Whether this request asks to switch protocols and can. */
    boolean isUpgradeRequest();

    /**
     * Switches: sends the protocol's acceptance with the response headers set so far (HTTP/1.1:
     * {@code 101 Switching Protocols}; set {@code Upgrade} to the protocol chosen), then hands over
     * the raw bytes. The connection (stream) ends when the application returns.
     *
     * @throws IllegalStateException if the request is not an upgrade request or the response has started
     */
    UpgradedConnection upgrade() throws IOException;
}
