package io.windhover.server;

/**
 * Counters of a {@link ConnectionHost}, for metrics and tests.
 *
 * @param openConnections connections being served now
 * @param acceptedConnections connections accepted since start, refused ones included
 * @param refusedConnections connections closed at once because of {@link ServerLimits#maxConcurrentConnections()}
 */
public record HostStatistics(long openConnections, long acceptedConnections, long refusedConnections) {
}
