package io.windhover.server.http1;

import io.windhover.server.Http1Limits;
import io.windhover.server.Scheduling;
import io.windhover.server.http.HttpApplication;
import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionDelegate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 engine: the last step of a connection pipeline, serving each connection with an
 * {@link Http1Session}. Kestrel's {@code Http1Connection}.
 *
 * <p>Its {@link Scheduling} must match the host's: with {@link Scheduling#VIRTUAL_THREAD} it serves
 * the connection on the thread it is called on and returns when the connection ends; with
 * {@link Scheduling#INLINE} it returns at once and serves from the pipes' callbacks, moving a
 * request to a virtual thread only when it would wait for the peer (a body still on its way).
 */
public final class Http1Connection implements ConnectionDelegate {

    private static final Logger LOG = LoggerFactory.getLogger(Http1Connection.class);
    private static final byte[] SERVER_LINE = "Server: Windhover\r\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpApplication application;
    private final Http1Limits limits;
    private final DateHeader date;
    private final Http1Timeouts timeouts;
    private final Scheduling scheduling;
    private final byte[] serverLine;

    /** An engine for the default scheduling, {@link Scheduling#VIRTUAL_THREAD}. */
    public Http1Connection(HttpApplication application, Http1Limits limits, DateHeader date, Http1Timeouts timeouts) {
        this(application, limits, date, timeouts, Scheduling.VIRTUAL_THREAD);
    }

    public Http1Connection(HttpApplication application, Http1Limits limits, DateHeader date, Http1Timeouts timeouts,
            Scheduling scheduling) {
        this(application, limits, date, timeouts, scheduling, true);
    }

    /**
     * @param addServerHeader whether responses carry {@code Server: Windhover} unless the handler
     *     set a {@code Server} field (Kestrel's {@code AddServerHeader}, on by default there too)
     */
    public Http1Connection(HttpApplication application, Http1Limits limits, DateHeader date, Http1Timeouts timeouts,
            Scheduling scheduling, boolean addServerHeader) {
        this.application = Objects.requireNonNull(application, "application");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.date = Objects.requireNonNull(date, "date");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.scheduling = Objects.requireNonNull(scheduling, "scheduling");
        this.serverLine = addServerHeader ? SERVER_LINE : null;
    }

    @Override
    public void execute(ConnectionContext connection) {
        var session = new Http1Session(connection, application, limits, date, serverLine, timeouts);
        if (scheduling == Scheduling.INLINE) {
            session.startInline();
            return;
        }
        try {
            session.runBlocking();
        } catch (IOException e) {
            // The peer went away or reset while we wrote: the end of this connection, not a bug.
            LOG.debug("connection {} ended: {}", connection.id(), e.getMessage());
        }
    }
}
