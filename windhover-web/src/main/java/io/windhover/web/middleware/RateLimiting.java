package io.windhover.web.middleware;

import io.windhover.web.Middleware;
import io.windhover.web.ProblemDetails;
import io.windhover.web.RequestDelegate;
import io.windhover.web.Results;
import io.windhover.web.WebContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Limits how many requests each client (by IP address, as {@link WebContext#remoteAddress()} says)
 * may make: a fixed window ({@code permits} per {@code window}) or a token bucket ({@code capacity}
 * tokens, refilled at a steady rate). A request over the limit is answered {@code 429 Too Many
 * Requests} with {@code Retry-After} (seconds) and problem details, and the rest of the pipeline
 * does not run. ASP.NET Core's rate limiter middleware with its two simplest algorithms.
 *
 * <pre>{@code
 * app.use(RateLimiting.fixedWindow(100, Duration.ofMinutes(1)));
 * app.use(RateLimiting.tokenBucket(20, 5, Duration.ofSeconds(1)));   // bursts of 20, 5 per second
 * }</pre>
 */
public final class RateLimiting implements Middleware {

    /** Clients whose state is kept before idle ones are dropped. */
    private static final int SWEEP_ABOVE = 10_000;

    private volatile Algorithm algorithm;
    private final LongSupplier clock;
    private final Map<String, Partition> partitions = new ConcurrentHashMap<>();

    private RateLimiting(Algorithm algorithm, LongSupplier clock) {
        this.algorithm = algorithm;
        this.clock = clock;
    }

    /** At most {@code permits} requests per client in each {@code window}. */
    public static RateLimiting fixedWindow(int permits, Duration window) {
        return fixedWindow(permits, window, System::nanoTime);
    }

    static RateLimiting fixedWindow(int permits, Duration window, LongSupplier clock) {
        if (permits < 1 || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("a fixed window needs at least one permit and a positive length");
        }
        return new RateLimiting(new Algorithm(permits, window.toNanos(), permits, true), clock);
    }

    /** A bucket of {@code capacity} tokens per client, {@code tokens} added each {@code period}; a request takes one. */
    public static RateLimiting tokenBucket(int capacity, int tokens, Duration period) {
        return tokenBucket(capacity, tokens, period, System::nanoTime);
    }

    static RateLimiting tokenBucket(int capacity, int tokens, Duration period, LongSupplier clock) {
        if (capacity < 1 || tokens < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a token bucket needs a capacity, tokens and a positive period");
        }
        return new RateLimiting(new Algorithm(capacity, period.toNanos(), tokens, false), clock);
    }

    /**
     * Takes {@code replacement}'s limits from now on, as a reloaded configuration asks: every client
     * starts afresh under them.
     *
     * <pre>{@code
     * var limiter = RateLimiting.fixedWindow(100, Duration.ofMinutes(1));
     * app.use(limiter);
     * app.onReload("RateLimit", RateLimitOptions.class,
     *         options -> limiter.update(RateLimiting.fixedWindow(options.permits(), Duration.ofMinutes(1))));
     * }</pre>
     */
    public void update(RateLimiting replacement) {
        this.algorithm = replacement.algorithm;
        partitions.clear();
    }

    /** {@code fixed}: the count resets each period; else tokens trickle in at {@code refill} per period. */
    private record Algorithm(int capacity, long periodNanos, int refill, boolean fixed) {
    }

    @Override
    public void invoke(WebContext context, RequestDelegate next) throws Exception {
        String client = context.remoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(context.remoteAddress());
        long now = clock.getAsLong();
        Algorithm algorithm = this.algorithm; // one set of limits for the whole request, even during an update
        if (partitions.size() > SWEEP_ABOVE) {
            partitions.values().removeIf(partition -> partition.idleSince(now, algorithm));
        }
        long waitNanos = partitions.computeIfAbsent(client, key -> new Partition(algorithm, now)).acquire(now, algorithm);
        if (waitNanos > 0) {
            long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            context.response().headers().set("Retry-After", Long.toString(seconds));
            Results.problem(ProblemDetails.of(429, "too many requests; retry after " + seconds + " s")).execute(context);
            return;
        }
        next.handle(context);
    }

    /** One client's count. */
    private static final class Partition {
        private long periodStart;
        private double available;

        Partition(Algorithm algorithm, long now) {
            this.periodStart = now;
            this.available = algorithm.capacity();
        }

        /** Takes a permit: 0 if granted, else how long until one is available. */
        synchronized long acquire(long now, Algorithm algorithm) {
            if (algorithm.fixed()) {
                if (now - periodStart >= algorithm.periodNanos()) {
                    periodStart += (now - periodStart) / algorithm.periodNanos() * algorithm.periodNanos();
                    available = algorithm.capacity();
                }
                if (available >= 1) {
                    available--;
                    return 0;
                }
                return periodStart + algorithm.periodNanos() - now;
            }
            double perNano = (double) algorithm.refill() / algorithm.periodNanos();
            available = Math.min(algorithm.capacity(), available + (now - periodStart) * perNano);
            periodStart = now;
            if (available >= 1) {
                available--;
                return 0;
            }
            return (long) Math.ceil((1 - available) / perNano);
        }

        synchronized boolean idleSince(long now, Algorithm algorithm) {
            return now - periodStart > 2 * algorithm.periodNanos();
        }
    }
}
