package io.windhover.server.http;

import io.windhover.tls.TlsInfo;
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

    /**
     * An id for this request, unique in the server while it runs: the connection's id and the
     * request's number on it, {@code "0HN1:00000003"} (Kestrel's {@code TraceIdentifier}). Made
     * when asked for.
     */
    String requestId();

    /**
     * This request's features over its connection's: {@link TlsInfo} on a TLS connection, and what
     * middleware attaches to the request. What is set here ends with the request.
     */
    RequestFeatures features();

    /**
     * Aborts the request: its pending and later reads and writes fail, and the client learns
     * the request failed. HTTP/1.1 closes the connection (nothing more can be framed on it);
     * HTTP/2 will reset only the stream. Kestrel's {@code HttpContext.Abort()}.
     */
    void abort();

    /**
     * Whether the request was aborted: by {@link #abort()}, by the client going away or resetting
     * it, or by the server (a shutdown that ran out of time). A handler doing long work checks it,
     * or registers with {@link #onAborted}, to stop work nobody will receive.
     */
    boolean isAborted();

    /**
     * Runs {@code callback} once if the request is aborted before it is answered in full, at once
     * if it already was; never for a request that was answered. Kestrel's {@code RequestAborted}
     * token. The callback runs on the thread that saw the abort (a transport's I/O loop, the
     * heartbeat), possibly after the handler returned, since a transport may fail the request's
     * reads before it reports the connection closed: keep it short.
     *
     * <pre>{@code
     * context.onAborted(() -> query.cancel()); // the client left: stop the database's work too
     * }</pre>
     */
    void onAborted(Runnable callback);

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
