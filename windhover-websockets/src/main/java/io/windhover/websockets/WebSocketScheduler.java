package io.windhover.websockets;

import java.time.Duration;

/**
 * Where a socket's timeouts wait: the keep-alive ping, the wait for its pong, the wait for the
 * peer's Close. Injected so that tests move time themselves instead of sleeping. A task must not
 * block: the socket hands anything that might (a send) to a virtual thread of its own.
 *
 * <pre>{@code
 * var options = WebSocketOptions.builder().scheduler(testScheduler).build();
 * testScheduler.advance(Duration.ofSeconds(30));   // the ping is sent now
 * }</pre>
 */
@FunctionalInterface
public interface WebSocketScheduler {

    /** Runs {@code task} once after {@code delay}, unless cancelled first. */
    Cancellable schedule(Runnable task, Duration delay);

    /** A scheduled task; cancelling one that ran or was cancelled does nothing. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }

    /**
     * The shared scheduler: one daemon platform thread for every socket of the process, which only
     * starts tasks (a socket hands anything that may block to a virtual thread). 10,000 idle
     * sockets keep 10,000 tasks in its queue, about 100 bytes each.
     */
    static WebSocketScheduler system() {
        return io.windhover.websockets.protocol.SystemScheduler.INSTANCE;
    }
}
