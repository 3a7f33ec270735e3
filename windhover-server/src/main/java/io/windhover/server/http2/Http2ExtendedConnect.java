package io.windhover.server.http2;

import io.windhover.server.http.HttpExtendedConnectFeature;
import io.windhover.server.http.UpgradedConnection;
import java.io.IOException;

/**
 * The extended CONNECT of one stream (RFC 8441), offered only on a stream whose request carried
 * {@code :protocol}. Kestrel's {@code Http2Stream} as {@code IHttpExtendedConnectFeature}; a class
 * of its own because the request's {@code protocol()} already means "HTTP/2".
 */
final class Http2ExtendedConnect implements HttpExtendedConnectFeature {

    private final Http2Stream stream;
    private final String protocol;

    Http2ExtendedConnect(Http2Stream stream, String protocol) {
        this.stream = stream;
        this.protocol = protocol;
    }

    @Override
    public boolean isExtendedConnect() {
        return true;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public UpgradedConnection accept() throws IOException {
        return stream.acceptTunnel();
    }
}
