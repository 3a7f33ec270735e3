package io.windhover.transport;

/**
 * One step of a connection pipeline: it sees the connection before the steps after it and may
 * wrap its pipes (TLS does), attach features, refuse it, or log around it. Kestrel's
 * {@code ListenOptions.Use(Func<ConnectionDelegate, ConnectionDelegate>)}.
 *
 * <pre>{@code
 * ConnectionMiddleware logging = (connection, next) -> {
 *     log.debug("{} opened", connection.id());
 *     try {
 *         next.execute(connection);
 *     } finally {
 *         log.debug("{} ended", connection.id());
 *     }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface ConnectionMiddleware {

    void invoke(ConnectionContext connection, ConnectionDelegate next) throws Exception;
}
