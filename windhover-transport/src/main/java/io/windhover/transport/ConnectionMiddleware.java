package io.windhover.transport;

/**
 * One step of a connection pipeline: it sees the connection before the steps after it and may
 * wrap its pipes (TLS does), attach features, refuse it, or log around it. Kestrel's
 * {@code ListenOptions.Use(Func<ConnectionDelegate, ConnectionDelegate>)}.
 *
 * <p><b>The end of a connection</b> is {@link ConnectionContext#closed()}, in either of the host's
 * schedulings, and not the return of {@code next.execute}: on a virtual thread that returns when
 * the rest of the pipeline is done with the connection, but inline it returns as soon as the rest
 * has set itself up, and the connection is then served from the pipes' callbacks for as long as it
 * lasts. So what belongs to the end — a log line, a counter, releasing what the middleware
 * attached — goes on {@code closed()}, never in a {@code finally} around {@code next.execute}.
 * {@code closed()} completes on the transport's thread (an I/O loop): keep its callbacks short.
 *
 * <pre>{@code
 * ConnectionMiddleware logging = (connection, next) -> {
 *     log.debug("{} opened", connection.id());
 *     connection.closed().whenComplete((ignored, error) -> log.debug("{} closed", connection.id()));
 *     next.execute(connection);
 * };
 * }</pre>
 */
@FunctionalInterface
public interface ConnectionMiddleware {

    void invoke(ConnectionContext connection, ConnectionDelegate next) throws Exception;
}
