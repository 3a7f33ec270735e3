package io.windhover.server.http;

import java.io.IOException;

/**
 * An HTTP/2 extended CONNECT (RFC 8441): a request whose {@code :method} is {@code CONNECT} with
 * a {@code :protocol} pseudo-header, asking to carry another protocol (WebSockets) over its
 * stream. Kestrel's {@code IHttpExtendedConnectFeature}. The HTTP/2 engine advertises
 * {@code SETTINGS_ENABLE_CONNECT_PROTOCOL} and offers this feature on each stream whose request is
 * an extended CONNECT (elsewhere {@code features().get(HttpExtendedConnectFeature.class)} is null);
 * HTTP/1.1 never offers it (its upgrades are {@link HttpUpgradeFeature}), so an endpoint that
 * handles both asks for this one first. The request's method stays {@code CONNECT} and its path is
 * the {@code :path} asked for.
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
     * hands over the stream's bytes both ways as DATA frames. The input ends when the client ends
     * its side (END_STREAM); closing the output, or returning from the application, ends ours. The
     * tunnel has no body size limit and no minimum data rate for what it receives.
     *
     * @throws IllegalStateException if the request is not an extended CONNECT or the response has started
     */
    UpgradedConnection accept() throws IOException;
}
