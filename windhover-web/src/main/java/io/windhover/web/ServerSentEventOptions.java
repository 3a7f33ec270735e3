package io.windhover.web;

import java.time.Duration;
import java.util.Objects;

/**
 * How a server-sent events response keeps its connection alive.
 *
 * <pre>{@code
 * Results.serverSentEvents(ServerSentEventOptions.defaults().withHeartbeatInterval(Duration.ofSeconds(30)), events -> ...);
 * }</pre>
 *
 * @param heartbeatInterval how long the stream may stay silent before a comment line ({@code :})
 *     is sent; null for no heartbeats. Default {@value #DEFAULT_HEARTBEAT_SECONDS} s, the WHATWG
 *     specification's advice ("a comment line ... every 15 seconds or so") against proxies that
 *     close quiet connections. The heartbeat is also how a client that left is noticed while the
 *     producer has nothing to send: the write fails and the producer is stopped.
 * @param scheduler the clock and timer heartbeats run on; {@link TaskScheduler#system()} by default
 */
public record ServerSentEventOptions(Duration heartbeatInterval, TaskScheduler scheduler) {

    /** The default heartbeat interval, in seconds. */
    public static final int DEFAULT_HEARTBEAT_SECONDS = 15;

    private static final ServerSentEventOptions DEFAULTS =
            new ServerSentEventOptions(Duration.ofSeconds(DEFAULT_HEARTBEAT_SECONDS), TaskScheduler.system());

    public ServerSentEventOptions {
        Objects.requireNonNull(scheduler, "scheduler");
        if (heartbeatInterval != null && (heartbeatInterval.isNegative() || heartbeatInterval.isZero())) {
            throw new IllegalArgumentException("a heartbeat interval must be positive (null for none), was " + heartbeatInterval);
        }
    }

    /** A heartbeat every {@value #DEFAULT_HEARTBEAT_SECONDS} s of silence, on the system's scheduler. */
    public static ServerSentEventOptions defaults() {
        return DEFAULTS;
    }

    /** These options with heartbeats after {@code interval} of silence; null for none. */
    public ServerSentEventOptions withHeartbeatInterval(Duration interval) {
        return new ServerSentEventOptions(interval, scheduler);
    }

    /** These options on {@code scheduler}: a test's, whose time it moves by hand. */
    public ServerSentEventOptions withScheduler(TaskScheduler scheduler) {
        return new ServerSentEventOptions(heartbeatInterval, scheduler);
    }
}
