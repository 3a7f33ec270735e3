package io.windhover.websockets.protocol;

import io.windhover.websockets.WebSocketScheduler;
import java.time.Duration;

/**
 * Keep-alive pings with an idle timeout: after {@code interval} in which the peer sent nothing,
 * send a Ping; if nothing (its Pong, or any frame) comes within {@code timeout}, the peer is
 * gone. A peer that talks is never pinged, and frames cost one volatile write here, no timer.
 *
 * <p>Thread-safe: frames arrive on the receiving thread, the tasks run on the scheduler's.
 */
final class KeepAlive {

    private final WebSocketScheduler scheduler;
    private final Duration interval;
    private final Duration timeout;
    private final Runnable sendPing;
    private final Runnable timedOut;
    private volatile boolean heard;
    private volatile boolean stopped;
    private volatile WebSocketScheduler.Cancellable pending;

    KeepAlive(WebSocketScheduler scheduler, Duration interval, Duration timeout, Runnable sendPing, Runnable timedOut) {
        this.scheduler = scheduler;
        this.interval = interval;
        this.timeout = timeout;
        this.sendPing = sendPing;
        this.timedOut = timedOut;
    }

    void start() {
        pending = scheduler.schedule(this::intervalPassed, interval);
    }

    void frameArrived() {
        if (!heard) {
            heard = true; // PERF: read before written, so a busy socket does not write the field per frame
        }
    }

    void stop() {
        stopped = true;
        WebSocketScheduler.Cancellable task = pending;
        if (task != null) {
            task.cancel();
        }
    }

    private void intervalPassed() {
        if (!stopped && !heardSinceLastCheck()) {
            sendPing.run();
            pending = scheduler.schedule(this::timeoutPassed, timeout);
        }
    }

    private void timeoutPassed() {
        if (!stopped && !heardSinceLastCheck()) {
            timedOut.run();
        }
    }

    /** Whether the peer sent anything since the last check; if so, the next check is an interval away. */
    private boolean heardSinceLastCheck() {
        if (!heard) {
            return false;
        }
        heard = false;
        pending = scheduler.schedule(this::intervalPassed, interval);
        return true;
    }
}
