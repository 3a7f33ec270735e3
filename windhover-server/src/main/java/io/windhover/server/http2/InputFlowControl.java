package io.windhover.server.http2;

/**
 * One receive window (RFC 9113 §6.9), the connection's or a stream's: what the peer may still send,
 * charged as DATA arrives and credited as the application consumes it. A WINDOW_UPDATE goes out
 * once half the window has been consumed, as in Kestrel's {@code InputFlowControl}: one frame per
 * half window rather than one per read.
 *
 * <p>Thread-safe: charged by the frame loop, credited by the request's thread.
 */
final class InputFlowControl {

    private final int size;
    private long available;
    private long unacknowledged;

    /** A window of {@code size} octets, all available. */
    InputFlowControl(int size) {
        this.size = size;
        this.available = size;
    }

    /** Takes {@code bytes} of window for arriving DATA; false, taking nothing, when the peer sent more than it may. */
    synchronized boolean tryCharge(int bytes) {
        if (bytes > available) {
            return false;
        }
        available -= bytes;
        return true;
    }

    /**
     * Gives back {@code bytes} consumed (or discarded).
     *
     * @return the WINDOW_UPDATE increment to send now, or 0 while less than half the window waits
     */
    synchronized int credit(long bytes) {
        unacknowledged += bytes;
        if (unacknowledged < size / 2) {
            return 0;
        }
        int increment = (int) unacknowledged;
        available += increment;
        unacknowledged = 0;
        return increment;
    }

    /**
     * Whether the peer may send less than half the window: what it sent waits for the application
     * to consume it, so a slow upload is then the application's doing (Kestrel's
     * {@code IsAvailabilityLow}).
     */
    synchronized boolean isAvailabilityLow() {
        return available < size / 2;
    }
}
