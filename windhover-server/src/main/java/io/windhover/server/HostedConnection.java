package io.windhover.server;

import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionLifetime;

/** A connection as the host tracks it: the context and its lifetime feature. */
record HostedConnection(ConnectionContext connection, ConnectionLifetime lifetime) {
}
