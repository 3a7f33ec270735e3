package io.windhover.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * A {@link TaskScheduler} whose time moves only when a test says: {@link #advance} runs every task
 * that falls due, in order of its time, on the test's thread, so when it returns their work is done.
 */
final class ManualTaskScheduler implements TaskScheduler {

    private record Task(long due, Runnable work, CompletableFuture<Void> future) {
    }

    private final List<Task> tasks = new ArrayList<>();
    private long now = 1_000_000_000L; // not zero: code must not take zero for "never"

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized Future<?> schedule(Runnable work, Duration delay) {
        var task = new Task(now + delay.toNanos(), work, new CompletableFuture<>());
        tasks.add(task);
        return task.future();
    }

    /** Moves time on by {@code step}, running each task when its time comes (tasks it schedules too, if due). */
    void advance(Duration step) {
        long until;
        synchronized (this) {
            until = now + step.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                tasks.removeIf(task -> task.future().isCancelled());
                next = tasks.stream().filter(task -> task.due() <= until)
                        .min(java.util.Comparator.comparingLong(Task::due)).orElse(null);
                if (next == null) {
                    now = until;
                    return;
                }
                tasks.remove(next);
                now = Math.max(now, next.due());
            }
            next.work().run();
            next.future().complete(null);
        }
    }

    /** Tasks scheduled and neither run nor cancelled. */
    synchronized int pending() {
        tasks.removeIf(task -> task.future().isCancelled());
        return tasks.size();
    }
}
