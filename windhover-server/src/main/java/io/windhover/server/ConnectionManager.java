package io.windhover.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The live connections of a host by id, so the heartbeat can walk them (timeouts) and a shutdown
 * can ask each to finish and wait until all have. Kestrel's {@code ConnectionManager}.
 */
final class ConnectionManager {

    private final Map<String, HostedConnection> connections = new ConcurrentHashMap<>();

    void add(HostedConnection connection) {
        connections.put(connection.connection().id(), connection);
    }

    void remove(HostedConnection connection) {
        connections.remove(connection.connection().id());
        synchronized (this) {
            notifyAll();
        }
    }

    int count() {
        return connections.size();
    }

    void forEach(Consumer<HostedConnection> action) {
        connections.values().forEach(action);
    }

    /** Waits until no connection is left or {@code deadlineNanos} passes; true if none is left. */
    boolean awaitEmpty(long deadlineNanos) throws InterruptedException {
        synchronized (this) {
            while (!connections.isEmpty()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                // Capped so a removal that raced past the check is seen within 50 ms.
                wait(Math.max(1, Math.min(left / 1_000_000, 50)));
            }
            return true;
        }
    }
}
