package io.windhover.server.connection;

import io.windhover.server.HttpProtocols;
import io.windhover.server.Scheduling;
import io.windhover.server.core.ServiceContext;
import io.windhover.server.http1.Http1Connection;
import io.windhover.tls.TlsInfo;
import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionDelegate;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of an HTTP end point's connection pipeline: it picks the protocol engine each
 * connection speaks and serves the connection with it. Kestrel's {@code HttpConnectionMiddleware}
 * and {@code HttpConnection.SelectProtocol}.
 *
 * <ul>
 *   <li>Over TLS, by what ALPN chose ({@link TlsInfo#applicationProtocol()}): {@code h2} is HTTP/2,
 *       anything else (or nothing) HTTP/1.1. An HTTP/2-only end point offers only {@code h2}, so a
 *       client offering other protocols gets TLS's {@code no_application_protocol} alert; one that
 *       offers none is closed here, as Kestrel does.
 *   <li>In cleartext, an HTTP/2-only end point hands every connection to HTTP/2, which expects the
 *       preface. Otherwise HTTP/1.1 serves it, and a connection whose first bytes are the HTTP/2
 *       preface (RFC 9113 §3.4, prior knowledge) goes on to HTTP/2 where the end point speaks it,
 *       or is told HTTP_1_1_REQUIRED where it does not.
 * </ul>
 *
 * <p>It returns at once, in either {@link Scheduling}: the engines serve the connection from the
 * pipes' callbacks, on virtual threads they start, and complete the pipes when it ends. So the host
 * calls it as it calls an inline pipeline ({@code ConnectionHost.Builder.scheduling(Scheduling.INLINE)}),
 * on the connection's I/O loop; a connection waiting for its next request then holds no thread.
 */
public final class HttpConnectionDelegate implements ConnectionDelegate {

    private static final Logger LOG = LoggerFactory.getLogger(HttpConnectionDelegate.class);

    /** Which engine a connection goes to first. */
    enum Selection { HTTP1, HTTP2, NONE }

    private final ServiceContext services;
    private final HttpProtocols protocols;
    private final ConnectionDelegate http2;

    /** An HTTP/1.1-only end point. */
    public HttpConnectionDelegate(ServiceContext services) {
        this(services, HttpProtocols.HTTP1, null);
    }

    /**
     * @param http2 the HTTP/2 engine; required when {@code protocols} include HTTP/2, else ignored
     */
    public HttpConnectionDelegate(ServiceContext services, HttpProtocols protocols, ConnectionDelegate http2) {
        this.services = Objects.requireNonNull(services, "services");
        this.protocols = Objects.requireNonNull(protocols, "protocols");
        if (protocols.http2() && http2 == null) {
            throw new IllegalArgumentException("an end point that speaks " + protocols + " needs an HTTP/2 engine");
        }
        this.http2 = protocols.http2() ? http2 : null;
    }

    /** The end point's protocols. */
    public HttpProtocols protocols() {
        return protocols;
    }

    /** The choice for a connection with {@code tls} (null in cleartext), before any byte is read. */
    static Selection select(HttpProtocols protocols, TlsInfo tls) {
        if (tls == null) {
            return protocols.http1() ? Selection.HTTP1 : Selection.HTTP2;
        }
        if ("h2".equals(tls.applicationProtocol()) && protocols.http2()) {
            return Selection.HTTP2;
        }
        // RFC 9113 §3.2: HTTP/2 over TLS is chosen by ALPN, never by a preface on an HTTP/1.1 connection.
        return protocols.http1() ? Selection.HTTP1 : Selection.NONE;
    }

    @Override
    public void execute(ConnectionContext connection) throws Exception {
        TlsInfo tls = connection.features().get(TlsInfo.class);
        switch (select(protocols, tls)) {
            case HTTP2 -> http2.execute(connection);
            // A cleartext connection may still turn out HTTP/2 (preface or h2c upgrade): the HTTP/1.1 engine hands it over.
            case HTTP1 -> new Http1Connection(connection, services, tls == null ? http2 : null).start();
            case NONE -> {
                LOG.info("connection {} from {}: HTTP/2 over TLS was not negotiated (ALPN chose {}) on an HTTP/2-only"
                        + " end point; closed", connection.id(), connection.remoteAddress(), tls.applicationProtocol());
                connection.input().complete();
                connection.output().complete();
            }
        }
    }
}
