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
     * Whether the request asks to switch protocols and its protocol can: {@link HttpUpgradeFeature}
     * for short ({@code Connection: upgrade} with an {@code Upgrade} field on HTTP/1.1, RFC 9110 §7.8).
     */
    default boolean isUpgradeRequest() {
        HttpUpgradeFeature upgrade = features().get(HttpUpgradeFeature.class);
        return upgrade != null && upgrade.isUpgradeRequest();
    }

    /**
     * Switches the connection to another protocol: {@link HttpUpgradeFeature#upgrade()} for short.
     *
     * <pre>{@code
     * if (context.isUpgradeRequest()) {
     *     context.response().headers().set("Upgrade", "echo");
     *     UpgradedConnection raw = context.upgrade();
     *     raw.input().transferTo(raw.output());
     * }
     * }</pre>
     *
     * @throws IllegalStateException if the request cannot switch protocols or the response has started
     */
    default UpgradedConnection upgrade() throws java.io.IOException {
        HttpUpgradeFeature upgrade = features().get(HttpUpgradeFeature.class);
        if (upgrade == null) {
            throw new IllegalStateException("this request's protocol cannot switch protocols");
        }
        return upgrade.upgrade();
    }
}
