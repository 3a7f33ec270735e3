package io.windhover.server;

import io.windhover.buffers.BlockMemoryPool;
import io.windhover.server.http.HttpApplication;
import io.windhover.server.http1.DateHeader;
import io.windhover.server.http1.Http1Connection;
import io.windhover.server.http1.Http1Timeouts;
import io.windhover.transport.EndPoint;
import io.windhover.transport.nio.NioTransport;
import io.windhover.transport.nio.NioTransportOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server: the NIO transport, the connection host and the HTTP/1.1 engine, serving one
 * {@link HttpApplication} on the listen URLs given. Kestrel's {@code KestrelServer}.
 *
 * <pre>{@code
 * try (var server = WindhoverServer.builder()
 *         .urls("http://localhost:8080")
 *         .application(context -> context.response().body().write("Hello".getBytes(UTF_8)))
 *         .build()) {
 *     server.start();          // logs "Now listening on: http://127.0.0.1:8080" for each end point
 *     server.awaitShutdown();  // until Ctrl-C / SIGTERM, then a graceful stop
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class WindhoverServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WindhoverServer.class);

    private final BlockMemoryPool pool = BlockMemoryPool.create();
    private final NioTransport transport;
    private final ConnectionHost host;
    private final List<ListenAddress> addresses;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private WindhoverServer(Builder builder) {
        this.addresses = List.copyOf(builder.addresses);
        this.transport = new NioTransport(pool, builder.transportOptions);
        var date = new DateHeader();
        var timeouts = new Http1Timeouts();
        var engine = new Http1Connection(builder.application, builder.http1Limits, date, timeouts);
        var hostBuilder = ConnectionHost.builder(transport).pool(pool).limits(builder.limits)
                .heartbeatInterval(builder.heartbeatInterval).onHeartbeat(date).onHeartbeat(timeouts);
        for (ListenAddress address : addresses) {
            hostBuilder.listen(address, UnaryOperator.identity(), engine);
        }
        this.host = hostBuilder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds every URL and starts serving; logs one {@code Now listening on:} line per bound end point. */
    public void start() throws IOException {
        host.start();
        for (String url : listeningUrls()) {
            LOG.info("Now listening on: {}", url);
        }
    }

    /** The URLs actually served, with the ports chosen for port 0. */
    public List<String> listeningUrls() {
        List<String> urls = new ArrayList<>();
        for (EndPoint endPoint : host.endPoints()) {
            urls.add(switch (endPoint) {
                case EndPoint.Inet inet -> "http://" + inet;
                case EndPoint.Unix unix -> "http://unix:" + unix.path();
                case EndPoint.Channel channel -> "http://" + channel;
            });
        }
        return urls;
    }

    public HostStatistics statistics() {
        return host.statistics();
    }

    /**
     * Blocks until the process is asked to stop (Ctrl-C, SIGTERM) or {@link #close()} is called,
     * stopping gracefully in the first case.
     */
    public void awaitShutdown() throws InterruptedException {
        Thread hook = Thread.ofPlatform().name("windhover-shutdown").unstarted(() -> {
            LOG.info("Application is shutting down...");
            close();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
    }

    /** Stops gracefully within the shutdown timeout, then releases the transport and memory. */
    @Override
    public void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        host.stop();
        transport.close();
        pool.close();
        stopped.countDown();
    }

    /** Builds a {@link WindhoverServer}. */
    public static final class Builder {
        private final List<ListenAddress> addresses = new ArrayList<>();
        private HttpApplication application;
        private ServerLimits limits = ServerLimits.defaults();
        private Http1Limits http1Limits = Http1Limits.defaults();
        private NioTransportOptions transportOptions = NioTransportOptions.defaults();
        private Duration heartbeatInterval = Heartbeat.DEFAULT_INTERVAL;

        private Builder() {
        }

        /** Listen URLs such as {@code http://localhost:8080}, {@code http://127.0.0.1:0}, {@code http://unix:/run/app.sock}. */
        public Builder urls(String... urls) {
            for (String url : urls) {
                ListenAddress address = ListenAddress.parse(url.strip());
                if (address.scheme().equals("https")) {
                    throw new IllegalArgumentException("'" + url + "': https is not served yet (it arrives with TLS); use http");
                }
                addresses.add(address);
            }
            return this;
        }

        public Builder application(HttpApplication application) {
            this.application = Objects.requireNonNull(application, "application");
            return this;
        }

        public Builder limits(ServerLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        public Builder http1Limits(Http1Limits limits) {
            this.http1Limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Timeouts are checked once per heartbeat: a shorter interval for tests with short timeouts. */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        public Builder transport(NioTransportOptions options) {
            this.transportOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /** A shutdown timeout shorter than the default 30 s, for tests and tools. */
        public Builder shutdownTimeout(Duration timeout) {
            this.limits = new ServerLimits(limits.maxConcurrentConnections(), timeout);
            return this;
        }

        public WindhoverServer build() {
            if (application == null) {
                throw new IllegalStateException("no application: call application(...)");
            }
            if (addresses.isEmpty()) {
                urls("http://localhost:8080");
            }
            return new WindhoverServer(this);
        }
    }
}
