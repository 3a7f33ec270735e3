package io.windhover.transport;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Process-wide connection ids: a counter seeded from the start time, in base 32, like Kestrel's
 * {@code CorrelationIdGenerator}, so ids from two runs of a server rarely collide in merged logs.
 */
public final class ConnectionIds {

    private static final AtomicLong NEXT = new AtomicLong(System.currentTimeMillis() << 12);

    private ConnectionIds() {
    }

    /** A new id, such as {@code "1JQ8C3K5S0001"}. */
    public static String next() {
        return format(nextNumber());
    }

    /** A new id as a number, for a connection that makes its string only when asked ({@link #format}). */
    public static long nextNumber() {
        return NEXT.getAndIncrement();
    }

    /** The string form of an id number. */
    public static String format(long id) {
        return Long.toString(id, 32).toUpperCase(java.util.Locale.ROOT);
    }
}
