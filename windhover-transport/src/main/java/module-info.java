/**
 * Windhover's transport layer: the connection abstractions every protocol engine works on, the
 * NIO socket transport (accept, I/O loops on {@link java.nio.channels.Selector}s, TCP and Unix
 * domain sockets) and an in-memory transport for fast deterministic tests. Kestrel's
 * {@code Connections.Abstractions} and {@code Transport.Sockets}.
 *
 * <p>This module knows bytes, not HTTP: a connection is two pipes and some metadata.
 */
module io.windhover.transport {
    requires transitive io.windhover.buffers;
    requires org.slf4j;

    exports io.windhover.transport;
    exports io.windhover.transport.nio;
    exports io.windhover.transport.memory;
}
