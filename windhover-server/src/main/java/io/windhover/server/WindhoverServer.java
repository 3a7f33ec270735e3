package io.windhover.server;

import io.windhover.buffers.BlockMemoryPool;
import io.windhover.buffers.PoolStatistics;
import io.windhover.server.http.HttpApplication;
import io.windhover.server.connection.HttpConnectionDelegate;
import io.windhover.server.core.ConnectionTimeouts;
import io.windhover.server.core.DateHeader;
import io.windhover.server.core.ServiceContext;
import io.windhover.server.http2.Http2ConnectionDelegate;
import io.windhover.server.host.ConnectionHost;
import io.windhover.server.host.Heartbeat;
import io.windhover.server.host.HostStatistics;
import io.windhover.tls.DevelopmentCertificate;
import io.windhover.tls.TlsConnectionMiddleware;
import io.windhover.tls.TlsOptions;
import io.windhover.transport.ConnectionListenerFactory;
import io.windhover.transport.EndPoint;
import io.windhover.transport.nio.NioTransport;
import io.windhover.transport.nio.NioTransportOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
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
    /** The NIO transport it made, to close at the end; null when another transport was given. */
    private final NioTransport ownTransport;
    private final ConnectionHost host;
    private final List<Listen> listens;
    /** Set by the first close: a second, concurrent one must not release what the first still uses. */
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** A listen address, for https the TLS it speaks, and its HTTP versions (null: the builder's default). */
    private record Listen(ListenAddress address, TlsOptions tls, HttpProtocols protocols) {
        Listen(ListenAddress address, TlsOptions tls) {
            this(address, tls, null);
        }
    }

    /** One TLS middleware per TLS options and protocol set: its ALPN list comes from the set. */
    private record TlsKey(TlsOptions tls, HttpProtocols protocols) {
    }

    private WindhoverServer(Builder builder, List<Listen> listens) {
        this.listens = List.copyOf(listens);
        this.ownTransport = builder.listenerFactory == null ? new NioTransport(pool,
                builder.transportOptions.withVirtualThreadLoops(builder.scheduling == Scheduling.VIRTUAL_THREAD)) : null;
        ConnectionListenerFactory transport = builder.listenerFactory != null ? builder.listenerFactory : ownTransport;
        var date = new DateHeader();
        var timeouts = new ConnectionTimeouts(builder.clock);
        var services = new ServiceContext(builder.application, builder.httpLimits, builder.http1Limits, builder.http2Limits,
                date, timeouts, builder.scheduling, builder.addServerHeader);
        // The HTTP engines never block the thread that calls them, in either scheduling: the host
        // calls them on the I/O loop, and they start virtual threads for what may wait.
        var hostBuilder = ConnectionHost.builder(transport).pool(pool).limits(builder.limits).scheduling(Scheduling.INLINE)
                .clock(builder.clock).heartbeatInterval(builder.heartbeatInterval).onHeartbeat(date).onHeartbeat(timeouts);
        var http2 = new Http2ConnectionDelegate(services, pool);
        Map<HttpProtocols, HttpConnectionDelegate> engines = new EnumMap<>(HttpProtocols.class);
        Map<TlsKey, TlsConnectionMiddleware> tlsMiddleware = new HashMap<>();
        for (Listen listen : this.listens) {
            HttpConnectionDelegate engine = engines.computeIfAbsent(listen.protocols(),
                    protocols -> new HttpConnectionDelegate(services, protocols, http2));
            if (listen.tls() == null) {
                hostBuilder.listen(listen.address(), UnaryOperator.identity(), engine);
                continue;
            }
            TlsConnectionMiddleware tls = tlsMiddleware.computeIfAbsent(new TlsKey(listen.tls(), listen.protocols()), key -> {
                // Kestrel derives ALPN from the end point's protocols: what is offered is what is served.
                var options = key.tls().withApplicationProtocols(key.protocols().alpnIds());
                var middleware = new TlsConnectionMiddleware(options, pool, true);
                hostBuilder.onHeartbeat(middleware::onHeartbeat);
                return middleware;
            });
            hostBuilder.listen(listen.address(), pipeline -> pipeline.use(tls), engine);
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
        for (Listen listen : listens) {
            String scheme = listen.tls() == null ? "http://" : "https://";
            for (EndPoint endPoint : host.endPoints(listen.address())) {
                urls.add(switch (endPoint) {
                    case EndPoint.Inet inet -> scheme + inet;
                    case EndPoint.Unix unix -> scheme + "unix:" + unix.path();
                    case EndPoint.Channel channel -> scheme + channel;
                });
            }
        }
        return urls;
    }

    public HostStatistics statistics() {
        return host.statistics();
    }

    /** The server's memory pool: blocks rented and off-heap bytes held now, for metrics. */
    public PoolStatistics memoryStatistics() {
        return pool.statistics();
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

    /**
     * Stops gracefully within the shutdown timeout, then releases the transport and memory. A call
     * made while another is stopping returns once that one has finished.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            boolean interrupted = false;
            while (stopped.getCount() > 0) {
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    interrupted = true; // kept for the caller; the server must be stopped when this returns
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            host.stop();
            if (ownTransport != null) {
                ownTransport.close();
            }
            pool.close();
        } finally {
            stopped.countDown();
        }
    }

    /** Builds a {@link WindhoverServer}. */
    public static final class Builder {
        private final List<Listen> listens = new ArrayList<>();
        private TlsOptions httpsDefaults;
        private boolean developmentCertificate;
        private HttpApplication application;
        private ServerLimits limits = ServerLimits.defaults();
        private HttpLimits httpLimits = HttpLimits.defaults();
        private Http1Limits http1Limits = Http1Limits.defaults();
        private Http2Limits http2Limits = Http2Limits.defaults();
        private NioTransportOptions transportOptions = NioTransportOptions.defaults();
        private ConnectionListenerFactory listenerFactory;
        private Duration heartbeatInterval = Heartbeat.DEFAULT_INTERVAL;
        private Scheduling scheduling = Scheduling.VIRTUAL_THREAD;
        private boolean addServerHeader = true;
        private MonotonicClock clock = MonotonicClock.system();
        private HttpProtocols protocols = HttpProtocols.HTTP1_AND_HTTP2;

        private Builder() {
        }

        /** Listens on {@code port} on every interface: {@link #listenAnyIP(int)}. */
        public Builder listen(int port) {
            return listenAnyIP(port);
        }

        /** Listens on one address, such as {@code new InetSocketAddress("127.0.0.1", 5000)}; port 0 lets the OS choose. */
        public Builder listen(InetSocketAddress address) {
            return listen(EndPoint.of(Objects.requireNonNull(address, "address")));
        }

        /** Listens on {@code port} on every interface, IPv6 and IPv4 where the OS has both (Kestrel's {@code ListenAnyIP}). */
        public Builder listenAnyIP(int port) {
            return urls("http://*:" + port);
        }

        /** Listens on {@code port} on both loopbacks, 127.0.0.1 and [::1] (Kestrel's {@code ListenLocalhost}). */
        public Builder listenLocalhost(int port) {
            return urls("http://localhost:" + port);
        }

        /** Listens on a Unix domain socket at {@code path}, which must not exist yet. */
        public Builder listenUnixSocket(Path path) {
            return urls("http://unix:" + path.toAbsolutePath());
        }

        /**
         * Listens on an end point of the transport: an address, a Unix socket, or an already bound
         * server socket handed in ({@code new EndPoint.Channel(channel)}: socket activation, a port
         * bound before privileges were dropped), which the server closes when it stops.
         */
        public Builder listen(EndPoint endPoint) {
            String url = switch (Objects.requireNonNull(endPoint, "endPoint")) {
                case EndPoint.Unix unix -> "http://unix:" + unix.path();
                default -> "http://" + endPoint;
            };
            listens.add(new Listen(new ListenAddress("http", List.of(endPoint), url), null));
            return this;
        }

        /**
         * Listens on an end point with the HTTP versions given instead of the {@link #protocols default}.
         *
         * <pre>{@code
         * builder.listen(EndPoint.of(new InetSocketAddress("127.0.0.1", 8080)), HttpProtocols.HTTP1);
         * }</pre>
         */
        public Builder listen(EndPoint endPoint, HttpProtocols protocols) {
            listen(endPoint);
            return withProtocolsOfLast(protocols);
        }

        /** Listens on an end point with TLS and the HTTP versions given, which ALPN offers. */
        public Builder listen(EndPoint endPoint, TlsOptions tls, HttpProtocols protocols) {
            listen(endPoint, tls);
            return withProtocolsOfLast(protocols);
        }

        private Builder withProtocolsOfLast(HttpProtocols protocols) {
            Listen last = listens.removeLast();
            listens.add(new Listen(last.address(), last.tls(), Objects.requireNonNull(protocols, "protocols")));
            return this;
        }

        /**
         * The HTTP versions of every end point that does not name its own (Kestrel's
         * {@code EndpointDefaults.Protocols}): over TLS, what ALPN offers. Default
         * {@link HttpProtocols#HTTP1_AND_HTTP2}, Kestrel's: HTTP/2 by ALPN over TLS, and in
         * cleartext by prior knowledge (a connection that opens with the HTTP/2 preface).
         */
        public Builder protocols(HttpProtocols protocols) {
            this.protocols = Objects.requireNonNull(protocols, "protocols");
            return this;
        }

        /**
         * Listens on an end point with TLS: Kestrel's {@code ListenOptions.UseHttps}.
         *
         * <pre>{@code
         * builder.listen(EndPoint.of(new InetSocketAddress("0.0.0.0", 443)),
         *         TlsOptions.builder().certificate(ServerCertificate.fromPem(cert, key, null)).build());
         * }</pre>
         */
        public Builder listen(EndPoint endPoint, TlsOptions tls) {
            String url = switch (Objects.requireNonNull(endPoint, "endPoint")) {
                case EndPoint.Unix unix -> "https://unix:" + unix.path();
                default -> "https://" + endPoint;
            };
            listens.add(new Listen(new ListenAddress("https", List.of(endPoint), url), Objects.requireNonNull(tls, "tls")));
            return this;
        }

        /**
         * The TLS of every {@code https://} URL given to {@link #urls} (Kestrel's
         * {@code ConfigureHttpsDefaults}): the certificates, protocols and the rest.
         */
        public Builder httpsDefaults(TlsOptions tls) {
            this.httpsDefaults = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /**
         * For {@code https://} URLs when no {@link #httpsDefaults} are set: serve the development
         * certificate ({@link DevelopmentCertificate}), making it first if it does not exist —
         * what {@code bin/hello} and {@code bin/todo} do. Off by default, so a production server
         * without a certificate fails at startup instead.
         */
        public Builder useDevelopmentCertificate(boolean use) {
            this.developmentCertificate = use;
            return this;
        }

        /**
         * Where requests are served: on virtual threads (the default), or inline on the I/O loops
         * for applications that never block — see {@link Scheduling#INLINE}. Inline, a request
         * whose body has not fully arrived still runs on a virtual thread of its own.
         */
        public Builder scheduling(Scheduling scheduling) {
            this.scheduling = Objects.requireNonNull(scheduling, "scheduling");
            return this;
        }

        /**
         * Whether responses name the server ({@code Server: Windhover}) when the handler did not set
         * a {@code Server} field; on by default, as Kestrel's {@code AddServerHeader}. Some turn it
         * off so as not to advertise what they run.
         */
        public Builder addServerHeader(boolean add) {
            this.addServerHeader = add;
            return this;
        }

        /**
         * Listen URLs such as {@code http://localhost:8080}, {@code https://127.0.0.1:5001},
         * {@code http://unix:/run/app.sock}; {@code https} ones speak the TLS of
         * {@link #httpsDefaults} (or the development certificate, if allowed).
         */
        public Builder urls(String... urls) {
            for (String url : urls) {
                listens.add(new Listen(ListenAddress.parse(url.strip()), null));
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

        /** The limits and timeouts of every request, whatever its HTTP version: Kestrel's {@code KestrelServerLimits}. */
        public Builder httpLimits(HttpLimits limits) {
            this.httpLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** The limits only HTTP/1.1 has: the request line, the drain of an unread body. */
        public Builder http1Limits(Http1Limits limits) {
            this.http1Limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** The limits only HTTP/2 has: streams, frames, windows, HPACK (Kestrel's {@code Limits.Http2}). */
        public Builder http2Limits(Http2Limits limits) {
            this.http2Limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * The clock timeouts and data rates are measured in; {@link MonotonicClock#system()} unless
         * a test gives one it moves by hand, to pass a timeout without waiting for it.
         */
        public Builder clock(MonotonicClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Timeouts are checked once per heartbeat: a shorter interval for tests with short timeouts. */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * Serves connections from another transport instead of the NIO sockets — the in-memory
         * transport, for tests that need no socket. The caller owns and closes it.
         *
         * <pre>{@code
         * var transport = new InMemoryTransport(pool);
         * var server = WindhoverServer.builder().transport(transport).listen(EndPoint.loopback(80))...;
         * InMemoryConnection client = transport.connect(EndPoint.loopback(80));
         * }</pre>
         */
        public Builder transport(ConnectionListenerFactory transport) {
            this.listenerFactory = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /**
         * Settings of the NIO transport. Its {@link NioTransportOptions#virtualThreadLoops()} is
         * the server's to set: the I/O loops run on virtual threads exactly when connections do
         * ({@link Scheduling#VIRTUAL_THREAD}).
         */
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
            if (listens.isEmpty()) {
                urls("http://localhost:8080");
            }
            List<Listen> resolved = new ArrayList<>();
            for (Listen listen : listens) {
                boolean https = listen.address().scheme().equals("https");
                HttpProtocols served = listen.protocols() != null ? listen.protocols() : protocols;
                resolved.add(new Listen(listen.address(), https && listen.tls() == null ? defaultTls(listen.address()) : listen.tls(),
                        served));
            }
            return new WindhoverServer(this, resolved);
        }

        private TlsOptions defaultTls(ListenAddress address) {
            if (httpsDefaults == null && developmentCertificate) {
                var development = DevelopmentCertificate.inDefaultFolder();
                boolean made = !development.exists();
                httpsDefaults = TlsOptions.builder().certificate(development.loadOrCreate()).build();
                LOG.info("{} serves the development certificate {}{}", address.url(), development.certificateFile(),
                        made ? " (made now; bin/dev-certs says how to trust it)" : "");
            }
            if (httpsDefaults == null) {
                throw new IllegalStateException("'" + address.url() + "' needs a certificate: give httpsDefaults(TlsOptions) "
                        + "(or, for development, useDevelopmentCertificate(true))");
            }
            return httpsDefaults;
        }
    }
}
