package io.windhover.transport.memory;

import io.windhover.buffers.MemoryPool;
import io.windhover.buffers.Pipe;
import io.windhover.buffers.PipeOptions;
import io.windhover.transport.ConnectionListener;
import io.windhover.transport.ConnectionListenerFactory;
import io.windhover.transport.EndPoint;
import java.io.IOException;
import java.net.BindException;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A transport with no sockets: a client "connects" by creating two pipes whose other ends the
 * listener hands to the server. Fast and deterministic, for functional tests that drive the whole
 * server (Kestrel's {@code InMemoryTransportFactory} in its test suite).
 *
 * <pre>{@code
 * var transport = new InMemoryTransport(pool);
 * var listener = transport.bind(EndPoint.loopback(80));
 * InMemoryConnection client = transport.connect(EndPoint.loopback(80));
 * client.output().write(request); client.output().flush();
 * ConnectionContext server = listener.accept();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class InMemoryTransport implements ConnectionListenerFactory {

    private final MemoryPool pool;
    private final PipeOptions pipeOptions;
    private final Map<EndPoint, InMemoryListener> listeners = new ConcurrentHashMap<>();

    /** Pipes with the default thresholds. */
    public InMemoryTransport(MemoryPool pool) {
        this(PipeOptions.of(pool));
    }

    public InMemoryTransport(PipeOptions pipeOptions) {
        this.pool = pipeOptions.pool();
        this.pipeOptions = pipeOptions;
    }

    public MemoryPool pool() {
        return pool;
    }

    @Override
    public ConnectionListener bind(EndPoint endPoint) throws IOException {
        var listener = new InMemoryListener(endPoint, () -> listeners.remove(endPoint));
        if (listeners.putIfAbsent(endPoint, listener) != null) {
            throw new BindException("cannot bind " + endPoint + ": already bound in memory");
        }
        return listener;
    }

    /**
     * Opens a connection to the listener bound at {@code endPoint}; the server sees it come from
     * {@code in-memory-client:0}, a name and no IP address.
     *
     * @throws IOException if nothing listens there
     */
    public InMemoryConnection connect(EndPoint endPoint) throws IOException {
        return connect(endPoint, InMemoryConnection.CLIENT_ADDRESS);
    }

    /**
     * Opens a connection to the listener bound at {@code endPoint} as if from {@code clientAddress}:
     * the server end reports it as its {@link InMemoryConnection#remoteAddress()}. For tests of what
     * depends on the client's address (trusted proxies, limits per client) without a socket.
     *
     * @throws IOException if nothing listens there
     */
    public InMemoryConnection connect(EndPoint endPoint, SocketAddress clientAddress) throws IOException {
        java.util.Objects.requireNonNull(clientAddress, "clientAddress");
        InMemoryListener listener = listeners.get(endPoint);
        if (listener == null) {
            throw new java.net.ConnectException("nothing listens on " + endPoint + " in memory");
        }
        var toServer = new Pipe(pipeOptions);
        var toClient = new Pipe(pipeOptions);
        var server = new InMemoryConnection(endPoint, clientAddress, toServer.reader(), toClient.writer(), false);
        var client = new InMemoryConnection(endPoint, clientAddress, toClient.reader(), toServer.writer(), true);
        server.pair(client);
        client.pair(server);
        if (!listener.offer(server)) {
            throw new java.net.ConnectException("the listener on " + endPoint + " is closed");
        }
        return client;
    }
}
