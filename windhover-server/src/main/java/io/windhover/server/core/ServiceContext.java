package io.windhover.server.core;

import io.windhover.server.Http1Limits;
import io.windhover.server.Http2Limits;
import io.windhover.server.HttpLimits;
import io.windhover.server.Scheduling;
import io.windhover.server.http.HttpApplication;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What every connection of a server shares, whichever protocol it speaks: the application, the
 * limits, the {@code Date} header, the timeouts, the scheduling. Kestrel's {@code ServiceContext}.
 * Made once per server; immutable.
 */
public final class ServiceContext {

    private static final byte[] SERVER_LINE = "Server: Windhover\r\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpApplication application;
    private final HttpLimits limits;
    private final Http1Limits http1Limits;
    private final Http2Limits http2Limits;
    private final DateHeader date;
    private final ConnectionTimeouts timeouts;
    private final Scheduling scheduling;
    private final boolean addServerHeader;

    /**
     * @param addServerHeader whether responses carry {@code Server: Windhover} unless the handler
     *     set a {@code Server} field (Kestrel's {@code AddServerHeader}, on by default there too)
     */
    public ServiceContext(HttpApplication application, HttpLimits limits, Http1Limits http1Limits, Http2Limits http2Limits,
            DateHeader date, ConnectionTimeouts timeouts, Scheduling scheduling, boolean addServerHeader) {
        this.application = Objects.requireNonNull(application, "application");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.http1Limits = Objects.requireNonNull(http1Limits, "http1Limits");
        this.http2Limits = Objects.requireNonNull(http2Limits, "http2Limits");
        this.date = Objects.requireNonNull(date, "date");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.scheduling = Objects.requireNonNull(scheduling, "scheduling");
        this.addServerHeader = addServerHeader;
    }

    public HttpApplication application() {
        return application;
    }

    /** What every HTTP version applies. */
    public HttpLimits limits() {
        return limits;
    }

    public Http1Limits http1Limits() {
        return http1Limits;
    }

    public Http2Limits http2Limits() {
        return http2Limits;
    }

    public DateHeader date() {
        return date;
    }

    public ConnectionTimeouts timeouts() {
        return timeouts;
    }

    public Scheduling scheduling() {
        return scheduling;
    }

    /** {@code Server: Windhover CRLF}, or null when the server is configured not to name itself. */
    public byte[] serverLine() {
        return addServerHeader ? SERVER_LINE : null;
    }
}
