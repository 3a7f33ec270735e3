package io.windhover.server;

/** Work the {@link Heartbeat} does once per tick: timeouts, the {@code Date} header, pool eviction. */
@FunctionalInterface
public interface HeartbeatHandler {

    /**
     * Called on the heartbeat thread; must be quick and must not block.
     *
     * @param nowNanos the tick's time, from {@link System#nanoTime()}
     */
    void onHeartbeat(long nowNanos);
}
