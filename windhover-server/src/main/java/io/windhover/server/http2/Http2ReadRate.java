package io.windhover.server.http2;

import io.windhover.server.MinDataRate;
import io.windhover.server.core.ConnectionTimeouts;
import io.windhover.server.core.TimeoutControl;
import io.windhover.server.core.TimeoutReason;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The minimum request body rate on an HTTP/2 connection, held on the connection as a whole, as
 * Kestrel holds it: while any stream's handler waits for body bytes, the DATA of every stream counts
 * toward the rate. A client that multiplexes uploads sends each stream's body in turns; timed stream
 * by stream, a stream waiting its turn would look slow while the connection is busy.
 *
 * <p>A busy period begins when a handler starts waiting and none was; within it, the {@code n}-th
 * octet of DATA is due {@code grace + n / rate} after its start ({@link MinDataRate#deadlineFor}).
 * When the deadline passes, the handlers waiting then fail with 408 — unless the client cannot send
 * because the server has not given back half of the connection's receive window (its handlers read
 * slowly, not the client): then a new period begins, as Kestrel does not count such time.
 *
 * <p>Thread-safe: handlers begin and end waits, the frame loop counts octets, the heartbeat fires.
 */
final class Http2ReadRate {

    private final MinDataRate rate;
    private final InputFlowControl connectionWindow;
    private final Consumer<Http2RequestBody> tooSlow;
    private final TimeoutControl timer;
    private final Set<Http2RequestBody> waiting = new LinkedHashSet<>();
    private long periodStart;
    private long octets;

    /**
     * @param rate the minimum rate, or null for none
     * @param tooSlow told of each body whose handler waited when the rate was not met
     */
    Http2ReadRate(MinDataRate rate, ConnectionTimeouts timeouts, InputFlowControl connectionWindow,
            Consumer<Http2RequestBody> tooSlow) {
        this.rate = rate;
        this.connectionWindow = connectionWindow;
        this.tooSlow = tooSlow;
        this.timer = rate == null ? null : timeouts.register(reason -> deadlinePassed());
    }

    /** A handler waits for {@code body}'s next octets. */
    synchronized void beginWait(Http2RequestBody body) {
        if (timer == null) {
            return;
        }
        if (waiting.isEmpty()) {
            periodStart = timer.now();
            octets = 0;
        }
        waiting.add(body);
        arm();
    }

    /** The wait is over: octets came, or the body ended or failed. */
    synchronized void endWait(Http2RequestBody body) {
        if (timer != null && waiting.remove(body) && waiting.isEmpty()) {
            timer.cancel();
        }
    }

    /** DATA octets arrived on any stream. */
    synchronized void received(int length) {
        if (timer != null && !waiting.isEmpty()) {
            octets += length;
            arm();
        }
    }

    /** The connection ended. */
    void close() {
        if (timer != null) {
            timer.unregister();
        }
    }

    private void arm() {
        timer.startAt(TimeoutReason.REQUEST_BODY_RATE, rate.deadlineFor(periodStart, octets + 1));
    }

    private void deadlinePassed() {
        List<Http2RequestBody> late;
        synchronized (this) {
            if (waiting.isEmpty()) {
                return;
            }
            if (connectionWindow.isAvailabilityLow()) {
                periodStart = timer.now();
                octets = 0;
                arm();
                return;
            }
            late = new ArrayList<>(waiting);
            waiting.clear();
        }
        late.forEach(tooSlow);
    }
}
