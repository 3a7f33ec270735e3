/**
 * The Windhover server host: it binds end points on a transport, runs each accepted connection
 * through its end point's connection pipeline on a virtual thread (or inline on the I/O loop),
 * enforces connection limits, ticks a heartbeat once a second and shuts down gracefully.
 * Kestrel's {@code Kestrel.Core}; the HTTP engines join it in later issues.
 */
module io.windhover.server {
    requires transitive io.windhover.transport;
    requires transitive io.windhover.tls;
    requires org.slf4j;

    exports io.windhover.server;
    exports io.windhover.server.http;
}
