package io.windhover.server.http1;

import io.windhover.buffers.DiagnosticMemoryPool;
import io.windhover.buffers.ReadResult;
import io.windhover.server.MonotonicClock;
import io.windhover.server.connection.HttpConnectionDelegate;
import io.windhover.server.core.ConnectionTimeouts;
import io.windhover.server.core.DateHeader;
import io.windhover.server.core.ServiceContext;
import io.windhover.server.host.ConnectionHost;
import io.windhover.server.Http1Limits;
import io.windhover.server.Scheduling;
import io.windhover.server.http.HttpApplication;
import io.windhover.transport.EndPoint;
import io.windhover.transport.memory.InMemoryConnection;
import io.windhover.transport.memory.InMemoryTransport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/1.1 engine on the in-memory transport and the diagnostic pool, for wire-transcript
 * tests: raw bytes in, raw bytes out. Closing it stops the host and fails if a block leaked.
 *
 * <pre>{@code
 * try (var server = new InMemoryHttp1Server(scheduling, limits, application)) {
 *     assertThat(server.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 200 OK\r\n");
 * }
 * }</pre>
 */
final class InMemoryHttp1Server implements AutoCloseable {

    private static final EndPoint END_POINT = EndPoint.loopback(80);
    /** Bounds every read: a server that never answers fails the test instead of hanging it. */
    private static final long READ_TIMEOUT_SECONDS = 10;

    private final DiagnosticMemoryPool pool = new DiagnosticMemoryPool();
    private final InMemoryTransport transport = new InMemoryTransport(pool);
    private final ConnectionHost host;

    InMemoryHttp1Server(Scheduling scheduling, Http1Limits limits, HttpApplication application) throws Exception {
        var date = new DateHeader();
        var timeouts = new ConnectionTimeouts(MonotonicClock.system());
        host = ConnectionHost.builder(transport).pool(pool).scheduling(scheduling)
                .heartbeatInterval(Duration.ofMillis(20)).onHeartbeat(date).onHeartbeat(timeouts)
                .listen(END_POINT, new HttpConnectionDelegate(new ServiceContext(application, limits, date, timeouts, scheduling, true)))
                .build();
        host.start();
    }

    InMemoryConnection connect() throws Exception {
        return transport.connect(END_POINT);
    }

    static void send(InMemoryConnection client, String bytes) {
        send(client, bytes.getBytes(StandardCharsets.ISO_8859_1));
    }

    static void send(InMemoryConnection client, byte[] bytes) {
        client.output().write(bytes);
        client.output().flush();
    }

    /** Sends {@code request}, keeps the client's side open, and reads until the server closes. */
    String exchange(String request) throws Exception {
        InMemoryConnection client = connect();
        send(client, request);
        return readToClose(client);
    }

    /** Reads until the server closes (or aborts) the connection. */
    static String readToClose(InMemoryConnection client) throws Exception {
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
    static String readUntil(InMemoryConnection client, String ending) throws Exception {
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
    void stop() {
        host.stop(Duration.ofSeconds(5)); // a second call returns at once
    }

    @Override
    public void close() {
        stop();
        pool.close(); // throws if the engine kept a block
    }
}
