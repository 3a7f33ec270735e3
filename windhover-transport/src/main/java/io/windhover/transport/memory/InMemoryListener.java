package io.windhover.transport.memory;

import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionListener;
import io.windhover.transport.EndPoint;
import java.util.concurrent.LinkedBlockingQueue;

/** A queue of connections made by {@link InMemoryTransport#connect}. */
final class InMemoryListener implements ConnectionListener {

    /** Put in the queue by {@link #close()} to wake a blocked accept. */
    private static final InMemoryConnection CLOSED = new InMemoryConnection(null, null, null, null, false);

    private final EndPoint endPoint;
    private final Runnable onClose;
    private final LinkedBlockingQueue<InMemoryConnection> pending = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    InMemoryListener(EndPoint endPoint, Runnable onClose) {
        this.endPoint = endPoint;
        this.onClose = onClose;
    }

    boolean offer(InMemoryConnection connection) {
        return !closed && pending.offer(connection);
    }

    @Override
    public EndPoint endPoint() {
        return endPoint;
    }

    @Override
    public ConnectionContext accept() throws java.io.InterruptedIOException {
        try {
            InMemoryConnection next = pending.take();
            if (next == CLOSED) {
                pending.offer(CLOSED); // for any other waiter
                return null;
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while accepting");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.run();
            pending.offer(CLOSED);
        }
    }
}
