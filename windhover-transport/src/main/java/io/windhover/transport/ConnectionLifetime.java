package io.windhover.transport;

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
 * <p>Thread-safe.
 */
public final class ConnectionLifetime {

    private volatile boolean requested;
    /** Made on first use: most connections are never asked, and an idle connection should cost little. */
    private CompletableFuture<Void> closeRequested;

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
