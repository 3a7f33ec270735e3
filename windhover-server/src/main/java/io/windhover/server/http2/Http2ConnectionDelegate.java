package io.windhover.server.http2;

import io.windhover.buffers.MemoryPool;
import io.windhover.server.Scheduling;
import io.windhover.server.core.ServiceContext;
import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionDelegate;
import io.windhover.transport.ConnectionLifetime;
import java.util.Objects;

/**
 * The HTTP/2 engine as a connection's last step: serves a connection whose next bytes are the
 * client's connection preface (RFC 9113 §3.4) — one ALPN chose {@code h2} for, one an HTTP/2-only
 * cleartext end point took, or one the HTTP/1.1 engine found opening with the preface.
 *
 * <p>It returns at once, in either {@link Scheduling}: the frame loop runs on virtual threads
 * started as input arrives, none while the connection is idle (a handler's output may hold one back
 * through the connection's flow control); the last completes the pipes when the connection ends.
 * Each request runs on a virtual thread of its own.
 *
 * <p>Stateless and thread-safe: one per server, shared by its connections.
 */
public final class Http2ConnectionDelegate implements ConnectionDelegate {

    private final ServiceContext services;
    private final MemoryPool pool;

    /** @param pool where request bodies are buffered between the frame loop and the handlers */
    public Http2ConnectionDelegate(ServiceContext services, MemoryPool pool) {
        this.services = Objects.requireNonNull(services, "services");
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    @Override
    public void execute(ConnectionContext connection) {
        var http2 = new Http2Connection(connection, services, pool);
        var lifetime = connection.features().get(ConnectionLifetime.class);
        boolean held = lifetime != null && lifetime.hold(); // until the frame loop is done, not only the socket
        http2.start(() -> {
            try {
                connection.input().complete();
                connection.output().complete();
            } finally {
                if (held) {
                    lifetime.release();
                }
            }
        });
    }
}
