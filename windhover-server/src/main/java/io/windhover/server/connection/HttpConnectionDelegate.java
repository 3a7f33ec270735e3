package io.windhover.server.connection;

import io.windhover.server.Scheduling;
import io.windhover.server.core.ServiceContext;
import io.windhover.server.http1.Http1Connection;
import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionDelegate;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of an HTTP end point's connection pipeline: it serves each connection with the
 * protocol engine it speaks. Kestrel's {@code HttpConnectionMiddleware} and {@code HttpConnection}.
 *
 * <p>Its {@link Scheduling} must match the host's: with {@link Scheduling#VIRTUAL_THREAD} it serves
 * the connection on the thread it is called on and returns when the connection ends; with
 * {@link Scheduling#INLINE} it returns at once and the engine serves from the pipes' callbacks.
 */
public final class HttpConnectionDelegate implements ConnectionDelegate {

    private static final Logger LOG = LoggerFactory.getLogger(HttpConnectionDelegate.class);

    private final ServiceContext services;

    public HttpConnectionDelegate(ServiceContext services) {
        this.services = Objects.requireNonNull(services, "services");
    }

    @Override
    public void execute(ConnectionContext connection) {
        var http1 = new Http1Connection(connection, services);
        if (services.scheduling() == Scheduling.INLINE) {
            http1.startInline();
            return;
        }
        try {
            http1.runBlocking();
        } catch (IOException e) {
            // The peer went away or reset while we wrote: the end of this connection, not a bug.
            LOG.debug("connection {} ended: {}", connection.id(), e.getMessage());
        }
    }
}
