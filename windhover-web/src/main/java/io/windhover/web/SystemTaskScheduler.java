package io.windhover.web;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** {@link TaskScheduler#system()}: the system's time, one daemon timer thread, each task on a virtual thread. */
final class SystemTaskScheduler implements TaskScheduler {

    static final SystemTaskScheduler INSTANCE = new SystemTaskScheduler();

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().daemon().name("windhover-task-scheduler").factory());

    private SystemTaskScheduler() {
        // Taken out of the queue when cancelled, not when due: every event stream that ends cancels
        // a heartbeat up to 15 s ahead, and a busy server would otherwise hold thousands of them.
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Future<?> schedule(Runnable task, Duration delay) {
        // The timer thread only starts the task: a task that blocks (a write to a slow client) must
        // not hold up the others.
        return timer.schedule(() -> Thread.startVirtualThread(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
