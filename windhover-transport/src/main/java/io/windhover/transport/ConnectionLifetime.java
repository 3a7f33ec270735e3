package io.windhover.transport;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A feature through which the host asks a connection to wind down, as in a graceful shutdown: the
 * protocol engine finishes its current work (an HTTP/1.1 engine, the request in flight) and then
 * ends the connection. Kestrel's {@code IConnectionLifetimeNotificationFeature}.
 *
 * <pre>{@code
 * ConnectionLifetime lifetime = connection.features().get(ConnectionLifetime.class);
 * lifetime.closeRequested().thenRun(() -> connection.input().cancelPendingRead());
 * }</pre>
 *
 * <p>An engine that serves the connection on threads of its own {@link #hold() holds} it, so that
 * the host counts it as open until those threads are done, not only until its socket closes: the
 * host's stop then waits for a handler still writing on a connection the peer reset.
 *
 * <p>Thread-safe.
 */
public final class ConnectionLifetime {

    /** The host's side of {@link #hold()} and {@link #release()}. */
    public interface Holds {

        /** Counts one more hold; false when the connection is already let go. */
        boolean hold();

        /** Ends a hold that {@link #hold()} counted. */
        void release();
    }

    private static final Holds UNTRACKED = new Holds() {
        @Override
        public boolean hold() {
            return false;
        }

        @Override
        public void release() {
        }
    };

    private final Holds holds;
    private volatile boolean requested;
    /** Made on first use: most connections are never asked, and an idle connection should cost little. */
    private CompletableFuture<Void> closeRequested;

    /** A lifetime whose holds count for nothing: for hosts that track no more than the socket. */
    public ConnectionLifetime() {
        this(UNTRACKED);
    }

    /** @param holds where the host counts the engine's holds */
    public ConnectionLifetime(Holds holds) {
        this.holds = Objects.requireNonNull(holds, "holds");
    }

    /**
     * Keeps the connection counted as open by the host, beyond its socket's close, until
     * {@link #release()}. An engine takes one hold for as long as it serves the connection.
     *
     * @return whether the hold counts: false when the host has already let the connection go (its
     *     socket closed and nothing held it), and then {@link #release()} must not follow
     */
    public boolean hold() {
        return holds.hold();
    }

    /** Ends a hold that {@link #hold()} took. */
    public void release() {
        holds.release();
    }

    /** Completes when the host asks the connection to close. */
    public CompletionStage<Void> closeRequested() {
        synchronized (this) {
            if (closeRequested == null) {
                closeRequested = new CompletableFuture<>();
                if (requested) {
                    closeRequested.complete(null);
                }
            }
            return closeRequested;
        }
    }

    public boolean isCloseRequested() {
        return requested;
    }

    /** Asks the connection to finish its current work and close; repeated calls do nothing. */
    public void requestClose() {
        CompletableFuture<Void> listeners;
        synchronized (this) {
            if (requested) {
                return;
            }
            requested = true;
            listeners = closeRequested;
        }
        if (listeners != null) {
            listeners.complete(null); // outside the lock: dependents run here
        }
    }
}
