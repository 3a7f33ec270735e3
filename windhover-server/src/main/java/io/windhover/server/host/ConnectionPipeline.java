package io.windhover.server.host;

import io.windhover.transport.ConnectionDelegate;
import io.windhover.transport.ConnectionMiddleware;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the chain of connection middleware for one listen end point, ending in the protocol
 * engine: Kestrel's {@code ListenOptions.Use} and {@code Run}. Middleware runs in the order it was
 * added.
 *
 * <pre>{@code
 * ConnectionDelegate pipeline = new ConnectionPipeline()
 *         .use(connectionLogging)
 *         .use(tls)
 *         .run(http1Engine);
 * }</pre>
 *
 * <p>Not thread-safe; build it once at startup.
 */
public final class ConnectionPipeline {

    private final List<ConnectionMiddleware> steps = new ArrayList<>();

    /** Adds {@code middleware} after the steps added so far. */
    public ConnectionPipeline use(ConnectionMiddleware middleware) {
        steps.add(Objects.requireNonNull(middleware, "middleware"));
        return this;
    }

    /** The finished chain: every step in order, then {@code terminal}. */
    public ConnectionDelegate run(ConnectionDelegate terminal) {
        ConnectionDelegate next = Objects.requireNonNull(terminal, "terminal");
        for (int i = steps.size() - 1; i >= 0; i--) {
            ConnectionMiddleware step = steps.get(i);
            ConnectionDelegate after = next;
            next = connection -> step.invoke(connection, after);
        }
        return next;
    }
}
