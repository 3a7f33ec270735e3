package io.windhover.server.host;

import io.windhover.server.ServerLimits;

/**
 * Counters of a {@link ConnectionHost}, for metrics and tests.
 *
 * @param openConnections connections being served now
 * @param acceptedConnections connections accepted since start, refused ones included
 * @param refusedConnections connections closed at once because of {@link ServerLimits#maxConcurrentConnections()}
 * @param abortedAtShutdown connections a stop aborted because they had not finished within its
 *     timeout: 0 after a stop whose connections all ended when asked to
 */
public record HostStatistics(long openConnections, long acceptedConnections, long refusedConnections, long abortedAtShutdown) {
}
