package io.windhover.server;

import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionLifetime;

/** A connection as the host tracks it: the context, its lifetime feature and when it started. */
record HostedConnection(ConnectionContext connection, ConnectionLifetime lifetime, long startNanos) {
}
