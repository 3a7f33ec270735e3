package io.windhover.server.http1;

import io.windhover.transport.ConnectionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 engine's log events that operators act on, declared once, so that engine code
 * reads as events rather than string formatting.
 *
 * <p>Rejected requests have a logger of their own, {@value #BAD_REQUESTS}: one INFO line per
 * request, naming the connection, the peer, the status and the reason. A client sending a
 * malformed request is worth knowing about, but it is not the server's fault (so not WARN); when a
 * flood of them is an attack rather than news, that one logger can be turned down without
 * silencing the engine's other events.
 *
 * <p>Requests the client broke off go to the same logger, at the same level, as Kestrel files its
 * "request processing ended abnormally" with its bad requests: a connection lost while the handler
 * ran (a reset in the middle of the body or of the response), and a connection closed in the
 * middle of a request head. The client's doing, not the server's; but many of them say something
 * (clients or a proxy giving up on slow answers).
 *
 * <p>Stateless; thread-safe.
 */
final class Http1Log {

    /** The logger of rejected requests; its name is a contract with operators' logging configuration. */
    static final String BAD_REQUESTS = "io.windhover.server.http1.BadRequests";

    private static final Logger BAD_REQUEST_LOG = LoggerFactory.getLogger(BAD_REQUESTS);

    private Http1Log() {
    }

    /** A request refused with {@link BadRequestException#status()}; the connection closes after the answer. */
    static void badRequest(ConnectionContext connection, BadRequestException error) {
        BAD_REQUEST_LOG.info("connection {} from {}: bad request, answered {} and closed: {}",
                connection.id(), connection.remoteAddress(), error.status(), error.getMessage());
    }

    /**
     * The connection was lost (the peer reset it, or it was aborted) while the handler ran, with
     * {@code reason} the abort's message: the request is abandoned, with no answer or half of one.
     */
    static void requestAbandoned(ConnectionContext connection, String method, String target, String reason) {
        BAD_REQUEST_LOG.info("connection {} from {}: {} {} abandoned, the connection was lost while the handler ran: {}",
                connection.id(), connection.remoteAddress(), method, target, reason);
    }

    /** The client closed its side after part of a request head: the connection closes without an answer. */
    static void headCutShort(ConnectionContext connection) {
        BAD_REQUEST_LOG.info("connection {} from {}: the client closed the connection in the middle of a request head;"
                + " closed without an answer", connection.id(), connection.remoteAddress());
    }

    /** A request found bad after its response had started, too late for a status: the connection is aborted. */
    static void badRequestAfterResponseStarted(ConnectionContext connection, BadRequestException error) {
        BAD_REQUEST_LOG.info("connection {} from {}: bad request after the response started, connection aborted: {}",
                connection.id(), connection.remoteAddress(), error.getMessage());
    }

    /** A cleartext connection opened with the HTTP/2 preface on an end point without HTTP/2: answered GOAWAY and closed. */
    static void http2PrefaceRefused(ConnectionContext connection) {
        BAD_REQUEST_LOG.info("connection {} from {}: the client opened with the HTTP/2 preface on an end point that"
                + " speaks HTTP/1.1 only; answered GOAWAY HTTP_1_1_REQUIRED and closed", connection.id(), connection.remoteAddress());
    }
}
