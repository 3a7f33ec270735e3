package io.windhover.server.host;

import io.windhover.server.HeartbeatHandler;
import io.windhover.server.MonotonicClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A once-a-second tick on a thread of its own that runs the server's periodic work: Kestrel's
 * {@code Heartbeat}. One thread for the whole server, so timeouts cost no timer per connection.
 *
 * <pre>{@code
 * try (var heartbeat = new Heartbeat(Heartbeat.DEFAULT_INTERVAL)) {
 *     heartbeat.register(now -> dateHeader.update());
 *     heartbeat.start();
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. A handler that throws is logged and keeps its place; a tick that takes longer
 * than the interval is logged, because every timeout of the server is late by that much.
 */
public final class Heartbeat implements AutoCloseable {

    /** One second, Kestrel's heartbeat interval. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final long intervalNanos;
    private final MonotonicClock clock;
    private final List<HeartbeatHandler> handlers = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public Heartbeat(Duration interval) {
        this(interval, MonotonicClock.system());
    }

    /**
     * A heartbeat that ticks every {@code interval} of real time and hands its handlers the time
     * of {@code clock}: with a clock a test moves by hand, timeouts pass when the test says.
     */
    public Heartbeat(Duration interval, MonotonicClock clock) {
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        this.intervalNanos = interval.toNanos();
        this.thread = Thread.ofPlatform().name("windhover-heartbeat").daemon().unstarted(this::loop);
    }

    public void register(HeartbeatHandler handler) {
        handlers.add(handler);
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        long next = System.nanoTime() + intervalNanos;
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue;
            }
            long started = System.nanoTime();
            tick(clock.nanoTime());
            long took = System.nanoTime() - started;
            if (took > intervalNanos) {
                LOG.warn("the heartbeat took {} ms, longer than its {} ms interval; timeouts run late",
                        took / 1_000_000, intervalNanos / 1_000_000);
            }
            next = Math.max(next + intervalNanos, System.nanoTime());
        }
    }

    /** Runs every handler once at {@code nowNanos}; the heartbeat thread does this each interval. */
    void tick(long nowNanos) {
        for (HeartbeatHandler handler : handlers) {
            try {
                handler.onHeartbeat(nowNanos);
            } catch (RuntimeException e) {
                LOG.error("a heartbeat handler failed", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
