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
        return Long.toString(NEXT.getAndIncrement(), 32).toUpperCase(java.util.Locale.ROOT);
    }
}
