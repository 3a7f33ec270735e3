package io.windhover.server.host;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The live connections of a host, so a shutdown can ask each to finish and wait until all have.
 * Kestrel's {@code ConnectionManager}. A list linked through the connections themselves: tracking
 * one costs no node or map entry.
 */
final class ConnectionManager {

    private HostedConnection head;
    private int count;

    synchronized void add(HostedConnection connection) {
        connection.next = head;
        if (head != null) {
            head.previous = connection;
        }
        head = connection;
        count++;
    }

    synchronized void remove(HostedConnection connection) {
        if (connection.previous != null) {
            connection.previous.next = connection.next;
        } else if (head == connection) {
            head = connection.next;
        } else {
            return; // not in the list (removed already)
        }
        if (connection.next != null) {
            connection.next.previous = connection.previous;
        }
        connection.previous = connection.next = null;
        count--;
        notifyAll();
    }

    synchronized int count() {
        return count;
    }

    /** Runs {@code action} for each connection live now, outside the lock (it may end some). */
    void forEach(Consumer<HostedConnection> action) {
        List<HostedConnection> live = new ArrayList<>();
        synchronized (this) {
            for (HostedConnection c = head; c != null; c = c.next) {
                live.add(c);
            }
        }
        live.forEach(action);
    }

    /** Waits until no connection is left or {@code deadlineNanos} passes; true if none is left. */
    synchronized boolean awaitEmpty(long deadlineNanos) throws InterruptedException {
        while (count > 0) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, Math.min(left / 1_000_000, 50)));
        }
        return true;
    }
}
