package io.windhover.server;

/**
 * The time the server's timeouts and data rates are measured in: nanoseconds from an arbitrary
 * origin that only moves forward, as {@link System#nanoTime()} (.NET's {@code TimeProvider}, for
 * monotonic time). The heartbeat reads it once per tick and every deadline is compared against
 * that reading, so a test that gives the server a clock of its own decides when a timeout passes,
 * instead of sleeping for it.
 *
 * <pre>{@code
 * var clock = new AtomicLong();                       // a test's clock, moved by hand
 * var server = WindhoverServer.builder().clock(clock::get)...build();
 * clock.addAndGet(Duration.ofSeconds(131).toNanos()); // past the keep-alive timeout
 * }</pre>
 *
 * <p>Implementations must be thread-safe and cheap: engines read the clock where a wait begins.
 */
@FunctionalInterface
public interface MonotonicClock {

    /** Now, in nanoseconds from this clock's origin. */
    long nanoTime();

    /** {@link System#nanoTime()}: the clock a server uses unless it is given another. */
    static MonotonicClock system() {
        return SystemClock.INSTANCE;
    }

    /** One instance, so that the engines' calls see a single implementation and inline it. */
    enum SystemClock implements MonotonicClock {
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    }
}
