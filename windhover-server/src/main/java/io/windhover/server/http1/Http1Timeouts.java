package io.windhover.server.http1;

import io.windhover.server.HeartbeatHandler;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The HTTP/1.1 engine's timeouts, checked once a heartbeat for every live connection: no timer per
 * connection. Kestrel's {@code TimeoutControl} walked by its heartbeat.
 */
public final class Http1Timeouts implements HeartbeatHandler {

    /** What a connection is waiting for when its deadline passes. */
    enum Reason { NONE, KEEP_ALIVE, REQUEST_HEADERS, REQUEST_BODY_RATE, RESPONSE_RATE }

    private final Set<Control> controls = ConcurrentHashMap.newKeySet();

    Control register(Consumer<Reason> onTimeout) {
        var control = new Control(onTimeout);
        controls.add(control);
        return control;
    }

    @Override
    public void onHeartbeat(long nowNanos) {
        for (Control control : controls) {
            control.check(nowNanos);
        }
    }

    /** One connection's deadline. Set by the connection's thread, checked by the heartbeat's. */
    final class Control {
        private final Consumer<Reason> onTimeout;
        private volatile long deadline = Long.MAX_VALUE;
        private volatile Reason reason = Reason.NONE;
        private volatile Reason fired = Reason.NONE;

        private Control(Consumer<Reason> onTimeout) {
            this.onTimeout = onTimeout;
        }

        /** Arms the deadline {@code timeoutNanos} from now for {@code why}. */
        void start(Reason why, long timeoutNanos) {
            startAt(why, System.nanoTime() + timeoutNanos);
        }

        /** Arms an absolute deadline, in {@link System#nanoTime()} units. */
        void startAt(Reason why, long deadlineNanos) {
            fired = Reason.NONE;
            reason = why;
            deadline = deadlineNanos;
        }

        /** Disarms the deadline; PERF: when none is armed (between pipelined requests), a volatile read and no writes. */
        void cancel() {
            if (reason != Reason.NONE) {
                reason = Reason.NONE;
                deadline = Long.MAX_VALUE;
            }
        }

        Reason reason() {
            return reason;
        }

        /** Which timeout fired since the last call, if any; clears it. */
        Reason takeFired() {
            Reason what = fired;
            fired = Reason.NONE;
            return what;
        }

        private void check(long nowNanos) {
            Reason why = reason;
            if (why != Reason.NONE && nowNanos - deadline >= 0) {
                fired = why;
                cancel();
                onTimeout.accept(why);
            }
        }

        void unregister() {
            controls.remove(this);
        }
    }
}
