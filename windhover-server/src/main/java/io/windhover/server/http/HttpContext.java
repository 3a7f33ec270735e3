package io.windhover.server.http;

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

    /** The connection's features (TLS information, later). */
    FeatureCollection features();
}
