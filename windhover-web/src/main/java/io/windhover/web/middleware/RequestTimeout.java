package io.windhover.web.middleware;

import io.windhover.web.Middleware;
import io.windhover.web.ProblemDetails;
import io.windhover.web.RequestDelegate;
import io.windhover.web.RequestTimeoutFeature;
import io.windhover.web.Results;
import io.windhover.web.TaskScheduler;
import io.windhover.web.WebContext;
import java.time.Duration;
import java.util.concurrent.Future;

/**
 * Gives the rest of the pipeline a time limit. When it passes, the request's thread is
 * interrupted — a handler waiting in I/O, a lock or a sleep stops there — and, if nothing was sent
 * yet, the client gets {@code 504 Gateway Timeout} (or the status given) with problem details. A handler that ignores
 * interrupts runs on; what it then sends is sent. Only requests on virtual threads are timed: a
 * handler running inline on an I/O loop promised not to wait, and interrupting a loop would close
 * its sockets. ASP.NET Core's request timeouts middleware, with the thread's interrupt in the part
 * of its cancellation token.
 *
 * <p>While it watches a request it sets a {@link RequestTimeoutFeature} on the request's features,
 * through which a response meant to last turns the limit off: a stream of server-sent events does,
 * so it is not cut off after the timeout.
 *
 * <pre>{@code
 * app.use(new RequestTimeout(Duration.ofSeconds(10)));
 * }</pre>
 */
public final class RequestTimeout implements Middleware {

    private final Duration timeout;
    private final int status;
    private final TaskScheduler scheduler;

    /** Answers 504 Gateway Timeout when the time is up. */
    public RequestTimeout(Duration timeout) {
        this(timeout, 504);
    }

    /** @param status the answer when the time is up: 504 Gateway Timeout, or 503 Service Unavailable as some prefer */
    public RequestTimeout(Duration timeout, int status) {
        this(timeout, status, TaskScheduler.system());
    }

    /** As {@link #RequestTimeout(Duration, int)}, timed by {@code scheduler}: a test's, whose time it moves by hand. */
    public RequestTimeout(Duration timeout, int status, TaskScheduler scheduler) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a request timeout must be positive, was " + timeout);
        }
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a timeout's answer must be a 4xx or 5xx status, was " + status);
        }
        this.timeout = timeout;
        this.status = status;
        this.scheduler = java.util.Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    public void invoke(WebContext context, RequestDelegate next) throws Exception {
        Thread thread = Thread.currentThread();
        if (!thread.isVirtual()) {
            next.handle(context);
            return;
        }
        var watch = new Watch(thread);
        Future<?> alarm = scheduler.schedule(watch::expire, timeout);
        RequestTimeoutFeature outer = context.http().features().get(RequestTimeoutFeature.class);
        context.http().features().set(RequestTimeoutFeature.class, () -> {
            alarm.cancel(false);
            watch.disable();
            if (outer != null) {
                outer.disableTimeout(); // a limit set further out goes too
            }
        });
        try {
            next.handle(context);
        } catch (Exception e) {
            if (!watch.expired()) {
                throw e;
            }
        } finally {
            context.http().features().set(RequestTimeoutFeature.class, outer);
            alarm.cancel(false);
            watch.finish(); // after this no interrupt can land on the thread, which serves the next request
        }
        if (watch.expired() && !context.response().hasStarted()) {
            ProblemDetails.clearRepresentation(context.response().headers());
            Results.problem(ProblemDetails.of(status, "the request took longer than " + timeout.toMillis() + " ms")).execute(context);
        }
    }

    /** The interrupt and the end of the request, ordered by one lock so the interrupt cannot come late. */
    private static final class Watch {
        private final Thread thread;
        private boolean finished;
        private boolean expired;

        Watch(Thread thread) {
            this.thread = thread;
        }

        /** The request turned its limit off ({@link RequestTimeoutFeature}): an alarm already on its way is ignored. */
        synchronized void disable() {
            finished = true;
        }

        synchronized void expire() {
            if (!finished) {
                expired = true;
                thread.interrupt();
            }
        }

        synchronized boolean expired() {
            return expired;
        }

        void finish() {
            synchronized (this) {
                finished = true;
            }
            Thread.interrupted(); // an interrupt that arrived as the pipeline returned is not the next request's
        }
    }
}
