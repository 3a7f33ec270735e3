/**
 * The Windhover server: the host that binds end points on a transport, runs each accepted
 * connection through its end point's connection pipeline on a virtual thread (or inline on the I/O
 * loop), enforces connection limits, ticks a heartbeat once a second and shuts down gracefully;
 * the HTTP engines behind it; the protocol-neutral application contract in front of them.
 * Kestrel's {@code Kestrel.Core}.
 *
 * <p>Packages, from the top: {@code io.windhover.server} (the public API: the server, its options
 * and limits), {@code io.windhover.server.host} (connections below HTTP), {@code
 * io.windhover.server.http} (the contract applications implement); not exported:
 * {@code connection} (protocol selection), {@code core} (what every engine shares), {@code http1},
 * {@code hpack} (RFC 7541) and {@code http2} (HTTP/2's frames), for the HTTP/2 engine to come.
 */
module io.windhover.server {
    requires transitive io.windhover.transport;
    requires transitive io.windhover.tls;
    requires org.slf4j;

    exports io.windhover.server;
    exports io.windhover.server.host;
    exports io.windhover.server.http;
}
