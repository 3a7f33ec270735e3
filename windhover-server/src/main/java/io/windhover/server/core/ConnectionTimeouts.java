package io.windhover.server.core;

import io.windhover.server.HeartbeatHandler;
import io.windhover.server.MonotonicClock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Every live deadline of the server, checked once a heartbeat: no timer per connection or stream.
 * Kestrel's {@code TimeoutControl}, walked by its heartbeat. An HTTP/1.1 connection registers one
 * {@link TimeoutControl}; an HTTP/2 connection one for itself and one per stream that reads a
 * body or writes a response, so that each stream's data rate is held to on its own.
 *
 * <p>Thread-safe: controls register and unregister from their connections' threads while the
 * heartbeat walks them.
 */
public final class ConnectionTimeouts implements HeartbeatHandler {

    private final Set<TimeoutControl> controls = ConcurrentHashMap.newKeySet();
    private final MonotonicClock clock;
    /** Deadlines are kept as offsets from here, so that one fits in a long beside its reason. */
    private final long origin;

    public ConnectionTimeouts(MonotonicClock clock) {
        this.clock = clock;
        this.origin = clock.nanoTime();
    }

    /** The clock deadlines are set and checked in. */
    public MonotonicClock clock() {
        return clock;
    }

    /** A new deadline, disarmed; {@code onTimeout} runs on the heartbeat's thread when an armed one passes. */
    public TimeoutControl register(Consumer<TimeoutReason> onTimeout) {
        var control = new TimeoutControl(this, onTimeout);
        controls.add(control);
        return control;
    }

    void unregister(TimeoutControl control) {
        controls.remove(control);
    }

    long origin() {
        return origin;
    }

    @Override
    public void onHeartbeat(long nowNanos) {
        for (TimeoutControl control : controls) {
            control.check(nowNanos);
        }
    }

    /** Live controls, for tests that check a connection let go of its own. */
    public int registered() {
        return controls.size();
    }
}
