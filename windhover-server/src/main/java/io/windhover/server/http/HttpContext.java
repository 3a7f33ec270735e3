package io.windhover.server.http;

import io.windhover.tls.TlsInfo;
import io.windhover.transport.FeatureCollection;
import java.net.SocketAddress;

/**
 * One request and its response, as an {@link HttpApplication} sees them whatever the protocol.
 * Valid only while the application processes it.
 */
public interface HttpContext {

    HttpRequest request();

    HttpResponse response();

    /** The connection's id, for log lines. */
    String connectionId();

    SocketAddress remoteAddress();

    SocketAddress localAddress();

    /** The connection's features: {@link TlsInfo} on a TLS connection, and what other layers attach. */
    FeatureCollection features();

    /** {@code https} when the connection speaks TLS, else {@code http}. */
    default String scheme() {
        return features().get(TlsInfo.class) != null ? "https" : "http";
    }

    /**
     * Whether the request asks to switch protocols ({@code Connection: upgrade} with an
     * {@code Upgrade} field, RFC 9110 §7.8) and this protocol can (HTTP/1.1 can; HTTP/2 and 3 cannot).
     */
    boolean isUpgradeRequest();

    /**
     * Switches the connection to another protocol: sends {@code 101 Switching Protocols} with the
     * response headers set so far (set {@code Upgrade} to the protocol chosen), then hands over the
     * connection's raw bytes. The connection closes when the application returns.
     *
     * <pre>{@code
     * if (context.isUpgradeRequest()) {
     *     context.response().headers().set("Upgrade", "echo");
     *     UpgradedConnection raw = context.upgrade();
     *     raw.input().transferTo(raw.output());
     * }
     * }</pre>
     *
     * @throws IllegalStateException if the request is not an upgrade request or the response has started
     */
    UpgradedConnection upgrade() throws java.io.IOException;
}
