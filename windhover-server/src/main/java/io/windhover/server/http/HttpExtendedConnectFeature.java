package io.windhover.server.http;

import java.io.IOException;

/**
 * An HTTP/2 extended CONNECT (RFC 8441): a request whose {@code :method} is {@code CONNECT} with
 * a {@code :protocol} pseudo-header, asking to carry another protocol (WebSockets) over its
 * stream. Kestrel's {@code IHttpExtendedConnectFeature}. The HTTP/2 engine offers it on every
 * stream and advertises {@code SETTINGS_ENABLE_CONNECT_PROTOCOL}; HTTP/1.1 never offers it (its
 * upgrades are {@link HttpUpgradeFeature}), so an endpoint that handles both asks for this one
 * first.
 *
 * <pre>{@code
 * HttpExtendedConnectFeature connect = context.features().get(HttpExtendedConnectFeature.class);
 * if (connect != null && connect.isExtendedConnect() && "websocket".equals(connect.protocol())) {
 *     UpgradedConnection stream = connect.accept();   // 200, the stream stays open both ways
 *     stream.input().transferTo(stream.output());
 * }
 * }</pre>
 *
 * <p>Used by the request's thread.
 */
public interface HttpExtendedConnectFeature {

    /** Whether this request is an extended CONNECT. */
    boolean isExtendedConnect();

    /** The {@code :protocol} asked for, as sent (RFC 8441 §4), or null when not an extended CONNECT. */
    String protocol();

    /**
     * Accepts: sends {@code 200} with the response headers set so far and no end of stream, then
     * hands over the stream's bytes both ways as DATA frames. Closing the output ends the stream
     * (END_STREAM); the stream is reset if the application returns without closing it.
     *
     * @throws IllegalStateException if the request is not an extended CONNECT or the response has started
     */
    UpgradedConnection accept() throws IOException;
}
