package io.windhover.server.host;

import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionLifetime;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A connection as the host tracks it: the context, its lifetime feature, and what must end before
 * the host lets it go. One object per connection with no lambdas or atomics of its own beside it:
 * an idle connection's whole cost is what its objects hold.
 */
final class HostedConnection implements BiConsumer<Void, Throwable>, ConnectionLifetime.Holds {

    private static final AtomicIntegerFieldUpdater<HostedConnection> ENDS =
            AtomicIntegerFieldUpdater.newUpdater(HostedConnection.class, "ends");

    private final ConnectionContext connection;
    private final ConnectionLifetime lifetime;
    private final Consumer<HostedConnection> onEnded;
    /** Left to end: the transport's close, with a thread of its own the pipeline's return, and the engines' holds. */
    private volatile int ends;
    /** Links in the connection manager's list, guarded by the manager. */
    HostedConnection previous;
    HostedConnection next;

    /** @param ends what must end before the host lets it go, besides the engines' holds */
    HostedConnection(ConnectionContext connection, int ends, Consumer<HostedConnection> onEnded) {
        this.connection = connection;
        this.lifetime = new ConnectionLifetime(this);
        this.ends = ends;
        this.onEnded = onEnded;
    }

    ConnectionContext connection() {
        return connection;
    }

    ConnectionLifetime lifetime() {
        return lifetime;
    }

    @Override
    public boolean hold() {
        int left;
        do {
            left = ends;
            if (left == 0) {
                return false; // let go already: a hold now would end it twice
            }
        } while (!ENDS.compareAndSet(this, left, left + 1));
        return true;
    }

    @Override
    public void release() {
        end();
    }

    /** One of the ends happened; after the last, the host is told. */
    void end() {
        if (ENDS.decrementAndGet(this) == 0) {
            onEnded.accept(this);
        }
    }

    /** The transport closed the connection. */
    @Override
    public void accept(Void ignored, Throwable error) {
        end();
    }
}
