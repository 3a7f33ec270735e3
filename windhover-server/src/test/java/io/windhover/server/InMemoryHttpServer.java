package io.windhover.server;

import io.windhover.buffers.DiagnosticMemoryPool;
import io.windhover.buffers.MemoryPool;
import io.windhover.buffers.ReadResult;
import io.windhover.server.connection.HttpConnectionDelegate;
import io.windhover.server.core.ConnectionTimeouts;
import io.windhover.server.core.DateHeader;
import io.windhover.server.core.ServiceContext;
import io.windhover.server.host.ConnectionHost;
import io.windhover.server.host.ConnectionPipeline;
import io.windhover.transport.ConnectionDelegate;
import io.windhover.server.http.HttpApplication;
import io.windhover.transport.EndPoint;
import io.windhover.transport.memory.InMemoryConnection;
import io.windhover.transport.memory.InMemoryTransport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The HTTP engines on the in-memory transport and the diagnostic pool, for wire-transcript
 * tests: raw bytes in, raw bytes out. Its clock moves only when a test says ({@link #advance}), so
 * timeouts pass when the test decides. Closing it stops the host and fails if a block leaked.
 *
 * <pre>{@code
 * try (var server = new InMemoryHttpServer(scheduling, limits, application)) {
 *     assertThat(server.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 200 OK\r\n");
 * }
 * }</pre>
 */
public final class InMemoryHttpServer implements AutoCloseable {

    private static final EndPoint END_POINT = EndPoint.loopback(80);
    /** Bounds every read: a server that never answers fails the test instead of hanging it. */
    private static final long READ_TIMEOUT_SECONDS = 10;

    private final DiagnosticMemoryPool pool = new DiagnosticMemoryPool();
    private final InMemoryTransport transport = new InMemoryTransport(pool);
    private final ConnectionHost host;

    private final ManualClock clock = new ManualClock();

    /** An HTTP/1.1-only end point serving {@code application}. */
    public InMemoryHttpServer(Scheduling scheduling, HttpLimits limits, HttpApplication application) throws Exception {
        this(scheduling, limits, Http1Limits.defaults(), application);
    }

    /** An HTTP/1.1-only end point serving {@code application}, with HTTP/1.1's own limits too. */
    public InMemoryHttpServer(Scheduling scheduling, HttpLimits limits, Http1Limits http1Limits, HttpApplication application)
            throws Exception {
        this(scheduling, limits, http1Limits, application, UnaryOperator.identity(), HttpConnectionDelegate::new);
    }

    /**
     * An end point whose pipeline runs {@code configure}'s middleware, then the engine
     * {@code engine} makes from the server's shared services.
     */
    public InMemoryHttpServer(Scheduling scheduling, HttpLimits limits, Http1Limits http1Limits, HttpApplication application,
            UnaryOperator<ConnectionPipeline> configure, Function<ServiceContext, ConnectionDelegate> engine) throws Exception {
        this(scheduling, limits, http1Limits, Http2Limits.defaults(), application, configure,
                (services, pool) -> engine.apply(services));
    }

    /**
     * An end point whose engine {@code engine} makes from the server's services and its pool (the
     * HTTP/2 engine buffers request bodies in it), with every version's limits given.
     */
    public InMemoryHttpServer(Scheduling scheduling, HttpLimits limits, Http1Limits http1Limits, Http2Limits http2Limits,
            HttpApplication application, UnaryOperator<ConnectionPipeline> configure,
            BiFunction<ServiceContext, MemoryPool, ConnectionDelegate> engine) throws Exception {
        var date = new DateHeader();
        var timeouts = new ConnectionTimeouts(clock);
        host = ConnectionHost.builder(transport).pool(pool).scheduling(Scheduling.INLINE) // the HTTP engines return at once in either scheduling
               .clock(clock)
                .heartbeatInterval(Duration.ofMillis(10)).onHeartbeat(date).onHeartbeat(timeouts)
                .listen(END_POINT, configure, engine.apply(new ServiceContext(application, limits, http1Limits, http2Limits, date,
                        timeouts, scheduling, true), pool))
                .build();
        host.start();
    }

    /** Moves the server's clock: the next heartbeat, within 10 ms, fires every deadline passed. */
    public void advance(Duration by) {
        clock.advance(by);
    }

    public InMemoryConnection connect() throws Exception {
        return transport.connect(END_POINT);
    }

    public static void send(InMemoryConnection client, String bytes) {
        send(client, bytes.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static void send(InMemoryConnection client, byte[] bytes) {
        client.output().write(bytes);
        client.output().flush();
    }

    /** Sends {@code request}, keeps the client's side open, and reads until the server closes. */
    public String exchange(String request) throws Exception {
        InMemoryConnection client = connect();
        send(client, request);
        return readToClose(client);
    }

    /** Reads until the server closes (or aborts) the connection. */
    public static String readToClose(InMemoryConnection client) throws Exception {
        var received = new ByteArrayOutputStream();
        CompletableFuture.runAsync(() -> {
            while (true) {
                ReadResult result = client.input().read();
                received.writeBytes(result.buffer().toArray());
                client.input().advanceTo(result.buffer().end());
                if (result.isCompleted()) {
                    return;
                }
            }
        }).get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        client.input().complete();
        client.output().complete();
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads until what arrived ends with {@code ending}; the connection stays open. */
    public static String readUntil(InMemoryConnection client, String ending) throws Exception {
        var received = new StringBuilder();
        CompletableFuture.runAsync(() -> {
            while (!received.toString().endsWith(ending)) {
                ReadResult result = client.input().read();
                received.append(result.buffer().toString(StandardCharsets.ISO_8859_1));
                client.input().advanceTo(result.buffer().end());
                if (result.isCompleted()) {
                    return;
                }
            }
        }).get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return received.toString();
    }

    /** Stops the host gracefully: open connections are asked to close and given five seconds. */
    public void stop() {
        host.stop(Duration.ofSeconds(5)); // a second call returns at once
    }

    @Override
    public void close() {
        stop();
        awaitBlocksReturned();
        pool.close(); // throws if the engine kept a block
    }

    /**
     * A request still running on a thread of its own when its connection was aborted ends its
     * response after the host has let the connection go, and gives its output block back then: the
     * leak check waits for that, bounded, so a block never given back still fails it.
     */
    private void awaitBlocksReturned() {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pool.rentedBlocks() > 0 && System.nanoTime() - giveUp < 0) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
