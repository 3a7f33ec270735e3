/**
 * The test host: runs an application's {@code WebApplication} for JUnit 5 tests on the in-memory
 * transport, or on a loopback port, and hands tests a client (ASP.NET Core's
 * {@code WebApplicationFactory}). One exported package.
 */
module io.windhover.test {
    requires transitive io.windhover.web;
    requires transitive org.junit.jupiter.api;
    requires transitive java.net.http;
    requires io.windhover.buffers;
    requires io.windhover.transport;
    requires com.fasterxml.jackson.databind;

    exports io.windhover.test;
}
