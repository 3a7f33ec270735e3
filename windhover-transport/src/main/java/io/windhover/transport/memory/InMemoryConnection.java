package io.windhover.transport.memory;

import io.windhover.buffers.PipeReader;
import io.windhover.buffers.PipeWriter;
import io.windhover.transport.ConnectionAbortedException;
import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionIds;
import io.windhover.transport.EndPoint;
import io.windhover.transport.FeatureCollection;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One end of an in-memory connection: the server's ({@link io.windhover.transport.ConnectionListener#accept()})
 * or the client's ({@link InMemoryTransport#connect}). Each end reads what the other writes.
 * Aborting either end fails both ends' pipes, as a reset socket would. {@link #closed()}
 * completes when this end completes its output, or on an abort.
 */
public final class InMemoryConnection implements ConnectionContext {

    /** Where a client comes from unless it says otherwise: a name, no IP address. */
    static final SocketAddress CLIENT_ADDRESS = InetSocketAddress.createUnresolved("in-memory-client", 0);

    private final String id = ConnectionIds.next();
    private final EndPoint endPoint;
    private final SocketAddress clientAddress;
    private final PipeReader input;
    private final PipeWriter output;
    private final FeatureCollection features = new FeatureCollection();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private InMemoryConnection peer;
    /** The connecting end, whose pipe ends stand where a socket transport's would for the server. */
    private final boolean client;

    InMemoryConnection(EndPoint endPoint, SocketAddress clientAddress, PipeReader input, PipeWriter output, boolean client) {
        this.client = client;
        this.endPoint = endPoint;
        this.clientAddress = clientAddress;
        this.input = input;
        // An end that has nothing more to send is closed, as a socket whose owner completed its output.
        this.output = output == null ? null : new ClosingPipeWriter(output, () -> closed.complete(null));
    }

    void pair(InMemoryConnection other) {
        this.peer = other;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public SocketAddress localAddress() {
        return endPoint instanceof EndPoint.Inet inet ? inet.address() : InetSocketAddress.createUnresolved(endPoint.toString(), 0);
    }

    @Override
    public SocketAddress remoteAddress() {
        return clientAddress;
    }

    @Override
    public PipeReader input() {
        return input;
    }

    @Override
    public PipeWriter output() {
        return output;
    }

    @Override
    public FeatureCollection features() {
        return features;
    }

    @Override
    public CompletionStage<Void> closed() {
        return closed;
    }

    @Override
    public void abort(String reason) {
        var error = new ConnectionAbortedException(reason);
        // Like a reset, failed where a socket transport fails the server's pipes: the client's ends
        // are the server's transport. The writer that feeds the server completes with the error, so
        // a waiting read or a readable callback wakes with it; the reader that drains the server
        // completes, so its flushes fail, and so do the client's reads. The server's own ends are
        // left to its threads to complete.
        InMemoryConnection clientEnd = client ? this : peer;
        clientEnd.output.complete(error);
        clientEnd.input.complete(error);
        closed.complete(null);
        peer.closed.complete(null);
    }
}
