package io.windhover.websockets.protocol;

import io.windhover.websockets.WebSocketScheduler;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** {@link WebSocketScheduler#system()}: one daemon platform thread that only starts tasks. */
public final class SystemScheduler implements WebSocketScheduler {

    public static final SystemScheduler INSTANCE = new SystemScheduler();

    private final ScheduledThreadPoolExecutor executor;

    private SystemScheduler() {
        executor = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("windhover-websocket-timer").daemon().factory());
        // A closed socket cancels its keep-alive: the task leaves the queue at once rather than
        // staying until its time (10,000 sockets that come and go within one ping interval).
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }
}
