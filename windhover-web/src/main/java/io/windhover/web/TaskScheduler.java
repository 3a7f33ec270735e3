package io.windhover.web;

import io.windhover.server.MonotonicClock;
import java.time.Duration;
import java.util.concurrent.Future;

/**
 * Runs tasks after a delay, on the time of its own {@link MonotonicClock}: what the web layer's
 * timed work (the heartbeats of server-sent events) is driven by, so that a test gives a scheduler of
 * its own and moves time by hand instead of sleeping. Reactor's and RxJava's {@code Scheduler}, a
 * clock and a timer in one.
 *
 * <pre>{@code
 * var options = ServerSentEventOptions.defaults().withScheduler(testScheduler);
 * testScheduler.advance(Duration.ofSeconds(15));   // a test's scheduler: runs what fell due, on this thread
 * }</pre>
 *
 * <p>Implementations are thread-safe. A task may block (it writes to a client): {@link #system()}
 * runs each on a virtual thread of its own, so a slow client holds up no other task.
 */
public interface TaskScheduler extends MonotonicClock {

    /**
     * Runs {@code task} once, {@code delay} from now; cancelling the future before then means it
     * never runs.
     */
    Future<?> schedule(Runnable task, Duration delay);

    /** {@link System#nanoTime()}, and one daemon timer thread that starts each task on a virtual thread. */
    static TaskScheduler system() {
        return SystemTaskScheduler.INSTANCE;
    }
}
