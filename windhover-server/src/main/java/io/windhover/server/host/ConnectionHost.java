package io.windhover.server.host;

import io.windhover.buffers.BlockMemoryPool;
import io.windhover.buffers.MemoryPool;
import io.windhover.server.HeartbeatHandler;
import io.windhover.server.MonotonicClock;
import io.windhover.server.Scheduling;
import io.windhover.server.ServerLimits;
import io.windhover.server.ListenAddress;
import io.windhover.transport.ConnectionAbortedException;
import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionDelegate;
import io.windhover.transport.ConnectionLifetime;
import io.windhover.transport.ConnectionListener;
import io.windhover.transport.ConnectionListenerFactory;
import io.windhover.transport.EndPoint;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves connections: binds each listen end point on the transport, accepts, and runs every
 * connection through its end point's pipeline — the part of Kestrel's {@code KestrelServerImpl}
 * and {@code ConnectionDispatcher} below HTTP.
 *
 * <p><b>A connection's life</b> (the eight steps): the transport allocates the connection and
 * creates its pipes; the host counts it against the limit, registers it and gives it a
 * {@link ConnectionLifetime}; the pipeline (ending in the protocol engine) runs on a virtual
 * thread and decides keep-alive; when it returns, the host completes the application's ends of
 * both pipes, the transport sends what is left and closes the socket, and with all four pipe ends
 * complete every block is back in the pool.
 *
 * <p><b>Accepting</b> survives failures: an accept that fails while the host runs (out of file
 * descriptors, say) is retried after a pause that grows with each failure ({@link AcceptBackoff}),
 * so the end point serves again once the cause passes.
 *
 * <p><b>Stopping</b> is graceful: stop accepting, ask every connection to finish
 * ({@link ConnectionLifetime#requestClose()}), wait up to {@link ServerLimits#shutdownTimeout()},
 * abort what remains.
 *
 * <pre>{@code
 * try (var pool = BlockMemoryPool.create();
 *      var transport = new NioTransport(pool, NioTransportOptions.defaults());
 *      var host = ConnectionHost.builder(transport).pool(pool)
 *              .listen(EndPoint.loopback(8080), pipeline -> pipeline.use(logging), engine)
 *              .build()) {
 *     host.start();
 *     ...
 * } // stops gracefully
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ConnectionHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHost.class);
    /** After aborting what outlived the shutdown timeout, how long to wait for the transport to close it. */
    private static final Duration ABORT_GRACE = Duration.ofSeconds(5);

    private final ConnectionListenerFactory transport;
    private final MemoryPool pool;
    private final ServerLimits limits;
    private final Scheduling scheduling;
    /** What a connection's end does, one for all connections: no object per connection for it. */
    private final Consumer<HostedConnection> release = this::release;
    private final List<Binding> bindings;
    private final Heartbeat heartbeat;
    private final ConnectionManager connections = new ConnectionManager();
    private final ConnectionLimiter limiter;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong abortedAtShutdown = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Thread> acceptors = new CopyOnWriteArrayList<>();

    private ConnectionHost(Builder builder) {
        this.transport = builder.transport;
        this.pool = builder.pool;
        this.limits = builder.limits;
        this.scheduling = builder.scheduling;
        this.bindings = List.copyOf(builder.bindings);
        this.heartbeat = new Heartbeat(builder.heartbeatInterval, builder.clock);
        this.limiter = new ConnectionLimiter(limits.maxConcurrentConnections());
        heartbeat.register(limiter);
        if (pool instanceof BlockMemoryPool blockPool) {
            heartbeat.register(blockPool::evictIdleSlabs);
        }
        builder.heartbeatHandlers.forEach(heartbeat::register);
    }

    public static Builder builder(ConnectionListenerFactory transport) {
        return new Builder(transport);
    }

    /** Binds every end point and starts accepting. */
    public void start() throws IOException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the host has already been started");
        }
        heartbeat.start();
        try {
            bindAll();
            for (Binding binding : bindings) {
                if (binding.listener != null) {
                    acceptors.add(Thread.ofVirtual().name("windhover-acceptor-" + binding.listener.endPoint())
                            .start(() -> acceptLoop(binding)));
                }
            }
        } catch (IOException | RuntimeException e) {
            stop(Duration.ZERO);
            throw e;
        }
    }

    /**
     * Binds every end point. One of several end points of the same URL (localhost: IPv4 and IPv6)
     * may fail if another binds, as ASP.NET allows on machines without IPv6; any other failure
     * stops the start.
     */
    private void bindAll() throws IOException {
        Map<String, IOException> groupFailures = new LinkedHashMap<>();
        Set<String> groupsBound = new HashSet<>();
        for (Binding binding : bindings) {
            try {
                binding.listener = transport.bind(binding.endPoint);
                if (binding.url != null) {
                    groupsBound.add(binding.url);
                }
            } catch (IOException e) {
                if (binding.url == null) {
                    throw e;
                }
                groupFailures.putIfAbsent(binding.url, e);
                LOG.warn("could not bind {} for {}: {}", binding.endPoint, binding.url, e.getMessage());
            }
        }
        for (Map.Entry<String, IOException> failure : groupFailures.entrySet()) {
            if (!groupsBound.contains(failure.getKey())) {
                throw failure.getValue();
            }
        }
    }

    /** The end points as bound (for port 0, with the port chosen), in the order they were added. */
    public List<EndPoint> endPoints() {
        List<EndPoint> bound = new ArrayList<>();
        for (Binding binding : bindings) {
            if (binding.listener != null) {
                bound.add(binding.listener.endPoint());
            }
        }
        return bound;
    }

    /** The end points bound for {@code address}, one of those given to the builder, in its order. */
    public List<EndPoint> endPoints(ListenAddress address) {
        List<EndPoint> bound = new ArrayList<>();
        for (Binding binding : bindings) {
            if (binding.address == address && binding.listener != null) {
                bound.add(binding.listener.endPoint());
            }
        }
        return bound;
    }

    public HostStatistics statistics() {
        return new HostStatistics(connections.count(), accepted.get(), limiter.refusedTotal(), abortedAtShutdown.get());
    }

    private void acceptLoop(Binding binding) {
        var backoff = new AcceptBackoff(binding.listener.endPoint());
        while (true) {
            ConnectionContext connection;
            try {
                connection = binding.listener.accept();
            } catch (IOException e) {
                if (stopping.get()) {
                    return;
                }
                // stop() unparks this thread, so a pause never holds up a shutdown.
                LockSupport.parkNanos(this, backoff.onFailure(e).toNanos());
                continue;
            }
            if (connection == null) {
                return;
            }
            backoff.onSuccess();
            accepted.incrementAndGet();
            if (!limiter.tryAcquire()) {
                limiter.onRefused(connection.id());
                connection.abort("MaxConcurrentConnections reached");
                completeApplicationEnds(connection);
                continue;
            }
            // It counts until its socket is closed and, with a thread of its own, until that thread
            // is done too; an inline pipeline's engines hold it while their threads serve it. A
            // handler still running on an aborted connection keeps the pool in use, so stop() must
            // wait for it.
            var hosted = new HostedConnection(connection, scheduling == Scheduling.VIRTUAL_THREAD ? 2 : 1, release);
            connection.features().set(ConnectionLifetime.class, hosted.lifetime());
            connections.add(hosted);
            if (stopping.get()) {
                hosted.lifetime().requestClose(); // accepted while the shutdown began
            }
            dispatch(hosted, binding.pipeline);
        }
    }

    private void dispatch(HostedConnection hosted, ConnectionDelegate pipeline) {
        ConnectionContext connection = hosted.connection();
        connection.closed().whenComplete(hosted);
        switch (scheduling) {
            case VIRTUAL_THREAD -> Thread.ofVirtual().name("windhover-connection-" + connection.id())
                    .start(() -> {
                        try {
                            runToEnd(connection, pipeline);
                        } finally {
                            hosted.end();
                        }
                    });
            case INLINE -> connection.executeOnTransport(() -> runInline(connection, pipeline));
        }
    }

    private void release(HostedConnection hosted) {
        connections.remove(hosted);
        limiter.release();
    }

    /** A pipeline with a thread of its own: its return ends the connection. */
    private static void runToEnd(ConnectionContext connection, ConnectionDelegate pipeline) {
        try {
            pipeline.execute(connection);
        } catch (Throwable e) {
            onPipelineFailure(connection, e);
        } finally {
            completeApplicationEnds(connection);
        }
    }

    /** An inline pipeline only sets itself up here; it completes the pipes itself when done. */
    private static void runInline(ConnectionContext connection, ConnectionDelegate pipeline) {
        try {
            pipeline.execute(connection);
        } catch (Throwable e) {
            onPipelineFailure(connection, e);
            completeApplicationEnds(connection);
        }
    }

    private static void onPipelineFailure(ConnectionContext connection, Throwable e) {
        ConnectionAbortedException aborted = ConnectionAbortedException.findIn(e);
        if (aborted != null) {
            // The peer reset or the host aborted: a normal end, not a bug.
            LOG.debug("connection {} ended by an abort: {}", connection.id(), aborted.getMessage());
        } else {
            LOG.error("connection {}: unhandled exception in its pipeline; the connection is aborted", connection.id(), e);
            connection.abort("unhandled exception in the connection pipeline");
        }
    }

    private static void completeApplicationEnds(ConnectionContext connection) {
        connection.input().complete();
        connection.output().complete();
    }

    /** {@link #stop(Duration)} with {@link ServerLimits#shutdownTimeout()}. */
    public void stop() {
        stop(limits.shutdownTimeout());
    }

    /**
     * Stops gracefully: no new connections; open ones are asked to finish and given
     * {@code timeout}; those still open then are aborted. Returns when all are closed (or the
     * transport failed to close them within a few more seconds, which is logged).
     */
    public void stop(Duration timeout) {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        for (Binding binding : bindings) {
            if (binding.listener != null) {
                binding.listener.close();
            }
        }
        acceptors.forEach(LockSupport::unpark); // one pausing after a failed accept
        try {
            for (Thread acceptor : acceptors) {
                acceptor.join();
            }
            int open = connections.count();
            if (open > 0) {
                LOG.info("stopping: {} open connection(s) have {} ms to finish", open, timeout.toMillis());
            }
            connections.forEach(hosted -> hosted.lifetime().requestClose());
            if (!connections.awaitEmpty(System.nanoTime() + timeout.toNanos())) {
                int unfinished = connections.count();
                abortedAtShutdown.addAndGet(unfinished);
                LOG.warn("{} connection(s) did not finish within the {} ms shutdown timeout; aborting them",
                        unfinished, timeout.toMillis());
                connections.forEach(hosted -> hosted.connection().abort("server shutdown timed out"));
                if (!connections.awaitEmpty(System.nanoTime() + ABORT_GRACE.toNanos())) {
                    LOG.error("{} connection(s) still open {} s after being aborted", connections.count(), ABORT_GRACE.toSeconds());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            heartbeat.close();
        }
        if (pool != null && pool.statistics().rentedBlocks() > 0) {
            LOG.warn("{} pool block(s) still rented after the host stopped; something did not complete its pipes",
                    pool.statistics().rentedBlocks());
        }
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private static final class Binding {
        final EndPoint endPoint;
        final ConnectionDelegate pipeline;
        /** The listen URL this binding serves with others (localhost), or null for a lone end point. */
        final String url;
        /** The listen address it was added for, or null for a lone end point. */
        final ListenAddress address;
        volatile ConnectionListener listener;

        Binding(EndPoint endPoint, ConnectionDelegate pipeline, String url, ListenAddress address) {
            this.endPoint = endPoint;
            this.pipeline = pipeline;
            this.url = url;
            this.address = address;
        }
    }

    /** Builds a {@link ConnectionHost}. */
    public static final class Builder {
        private final ConnectionListenerFactory transport;
        private final List<Binding> bindings = new ArrayList<>();
        private MemoryPool pool;
        private ServerLimits limits = ServerLimits.defaults();
        private Scheduling scheduling = Scheduling.VIRTUAL_THREAD;
        private Duration heartbeatInterval = Heartbeat.DEFAULT_INTERVAL;
        private MonotonicClock clock = MonotonicClock.system();
        private final List<HeartbeatHandler> heartbeatHandlers = new ArrayList<>();

        private Builder(ConnectionListenerFactory transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
        }

        /**
         * The pool the transport rents from: the heartbeat gives its idle slabs back, and the
         * stop reports blocks still rented. Optional.
         */
        public Builder pool(MemoryPool pool) {
            this.pool = pool;
            return this;
        }

        public Builder limits(ServerLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Where the host calls each connection's pipeline. {@link Scheduling#VIRTUAL_THREAD} (the
         * default): on a virtual thread of the connection's own, which may block on the pipes; its
         * return ends the connection and the host completes the pipes. {@link Scheduling#INLINE}:
         * on the connection's I/O loop, returning at once, the pipeline then serving from the
         * pipes' callbacks and completing them itself. The HTTP engines
         * ({@code HttpConnectionDelegate}) are pipelines of the second kind in either of the
         * server's schedulings.
         */
        public Builder scheduling(Scheduling scheduling) {
            this.scheduling = Objects.requireNonNull(scheduling, "scheduling");
            return this;
        }

        /** Work for the host's heartbeat, such as rendering the {@code Date} header once a second. */
        public Builder onHeartbeat(HeartbeatHandler handler) {
            heartbeatHandlers.add(Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** The time the heartbeat hands its handlers: {@link MonotonicClock#system()} unless a test moves its own. */
        public Builder clock(MonotonicClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** For tests that need timeouts to tick faster than once a second. */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = interval;
            return this;
        }

        /** Serves {@code endPoint} with {@code terminal} behind no middleware. */
        public Builder listen(EndPoint endPoint, ConnectionDelegate terminal) {
            return listen(endPoint, UnaryOperator.identity(), terminal);
        }

        /** Serves {@code endPoint} with the middleware {@code configure} adds, then {@code terminal}. */
        public Builder listen(EndPoint endPoint, UnaryOperator<ConnectionPipeline> configure, ConnectionDelegate terminal) {
            bindings.add(new Binding(endPoint, configure.apply(new ConnectionPipeline()).run(terminal), null, null));
            return this;
        }

        /**
         * Serves every end point of a listen URL ({@code http://localhost:5000} is two) with one
         * pipeline. Where a URL has several, the host starts if at least one of them binds.
         */
        public Builder listen(ListenAddress address, UnaryOperator<ConnectionPipeline> configure, ConnectionDelegate terminal) {
            ConnectionDelegate pipeline = configure.apply(new ConnectionPipeline()).run(terminal);
            String group = address.endPoints().size() > 1 ? address.url() : null;
            for (EndPoint endPoint : address.endPoints()) {
                bindings.add(new Binding(endPoint, pipeline, group, address));
            }
            return this;
        }

        public ConnectionHost build() {
            if (bindings.isEmpty()) {
                throw new IllegalStateException("no end point to listen on; call listen(...)");
            }
            return new ConnectionHost(this);
        }
    }
}
