package io.windhover.server;

import java.time.Duration;

/**
 * A minimum transfer rate: after {@code gracePeriod}, the bytes moved must keep up with
 * {@code bytesPerSecond} on average since the transfer began. Kestrel's {@code MinDataRate}.
 *
 * <pre>{@code
 * new MinDataRate(240, Duration.ofSeconds(5)) // Kestrel's default for request bodies and responses
 * }</pre>
 */
public record MinDataRate(double bytesPerSecond, Duration gracePeriod) {

    public MinDataRate {
        if (bytesPerSecond <= 0 || gracePeriod.isNegative()) {
            throw new IllegalArgumentException("a minimum data rate needs a positive rate and a grace period");
        }
    }

    /** The latest time the {@code bytes}-th byte may arrive, for a transfer started at {@code startNanos}. */
    public long deadlineFor(long startNanos, long bytes) {
        return startNanos + gracePeriod.toNanos() + (long) (bytes * 1e9 / bytesPerSecond);
    }
}
