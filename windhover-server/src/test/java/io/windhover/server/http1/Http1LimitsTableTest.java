package io.windhover.server.http1;

import io.windhover.server.InMemoryHttpServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.buffers.DiagnosticMemoryPool;
import io.windhover.buffers.PipeException;
import io.windhover.buffers.ReadResult;
import io.windhover.server.ManualClock;
import io.windhover.server.connection.HttpConnectionDelegate;
import io.windhover.server.core.ConnectionTimeouts;
import io.windhover.server.core.DateHeader;
import io.windhover.server.core.ServiceContext;
import io.windhover.server.host.ConnectionHost;
import io.windhover.server.Http1Limits;
import io.windhover.server.Http2Limits;
import io.windhover.server.HttpLimits;
import io.windhover.server.MinDataRate;
import io.windhover.server.Scheduling;
import io.windhover.server.http.HttpApplication;
import io.windhover.transport.ConnectionAbortedException;
import io.windhover.transport.EndPoint;
import io.windhover.transport.memory.InMemoryConnection;
import io.windhover.transport.memory.InMemoryTransport;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every row of the HTTP/1.1 limits table, in memory on the diagnostic pool: at the limit the
 * request is served, one byte, one field or one moment over it gets the exact answer — and no
 * path keeps a pool block. Limits are small so that each row runs in milliseconds.
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class Http1LimitsTableTest {

    private static final EndPoint END_POINT = EndPoint.loopback(80);
    private static final int LINE = 64;
    private static final int HEADERS = 256;
    private static final int FIELDS = 5;
    private static final long BODY = 100;
    private static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(130);
    /** 1,000 B/s after 200 ms for request bodies; responses: 1 MB/s, so 64 KiB unread is ~270 ms. */
    private static final MinDataRate BODY_RATE = new MinDataRate(1_000, Duration.ofSeconds(5));
    private static final MinDataRate RESPONSE_RATE = new MinDataRate(1_000_000, Duration.ofSeconds(5));
    /** The server's time, moved by the tests: every timeout row passes its deadline when the test says. */
    private final ManualClock clock = new ManualClock();
    private static final String CLOSE = "Connection: close\r\n";

    @Parameter
    Scheduling scheduling;

    private final DiagnosticMemoryPool pool = new DiagnosticMemoryPool();
    private final InMemoryTransport transport = new InMemoryTransport(pool);
    private ConnectionHost host;

    private final HttpApplication application = context -> {
        var response = context.response();
        switch (context.request().path()) {
            case "/count" -> response.body().write(
                    Long.toString(context.request().body().transferTo(OutputStream.nullOutputStream())).getBytes(StandardCharsets.US_ASCII));
            case "/big" -> { // 1 MB in 16 KiB writes: each 64 KiB flush has ~265 ms at the minimum rate
                byte[] chunk = new byte[16 * 1024];
                for (int i = 0; i < 61; i++) {
                    response.body().write(chunk);
                }
            }
            default -> response.body().write("hi".getBytes(StandardCharsets.US_ASCII));
        }
    };

    @BeforeEach
    void start() throws Exception {
        var limits = new HttpLimits(BODY, HEADERS, FIELDS, HEADERS_TIMEOUT, KEEP_ALIVE, BODY_RATE, RESPONSE_RATE);
        var http1Limits = new Http1Limits(LINE, 1024);
        var date = new DateHeader();
        var timeouts = new ConnectionTimeouts(clock);
        host = ConnectionHost.builder(transport).pool(pool).scheduling(Scheduling.INLINE) // the HTTP engines return at once in either scheduling
               .clock(clock)
                .heartbeatInterval(Duration.ofMillis(10)).onHeartbeat(date).onHeartbeat(timeouts)
                .listen(END_POINT, new HttpConnectionDelegate(new ServiceContext(application, limits, http1Limits, Http2Limits.defaults(), date, timeouts, scheduling, true)))
                .build();
        host.start();
    }

    @AfterEach
    void stopAndCheckForLeaks() {
        host.stop(Duration.ofSeconds(5));
        pool.close(); // throws if a path kept a block
    }

    private InMemoryConnection connect() throws Exception {
        return transport.connect(END_POINT);
    }

    private static void send(InMemoryConnection client, String bytes) {
        client.output().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        client.output().flush();
    }

    private String exchange(String request) throws Exception {
        InMemoryConnection client = connect();
        send(client, request);
        return InMemoryHttpServer.readToClose(client);
    }

    /** What the server sent before it closed (or aborted, {@code aborted}), and how many clock steps that took. */
    private record Ended(String received, boolean aborted, int steps) {
    }

    /**
     * Moves the clock by {@code step} until the server closes or aborts the connection, waiting
     * after each step until the client's input is readable or a few heartbeats have gone by. A
     * deadline armed after a step (the server had not begun to wait yet) is passed by the next.
     */
    private Ended advanceUntilEnded(InMemoryConnection client, Duration step) throws Exception {
        var received = new StringBuilder();
        for (int steps = 1; steps <= 200; steps++) {
            clock.advance(step);
            while (true) {
                var readable = new CountDownLatch(1);
                ReadResult result;
                try {
                    if (client.input().whenReadable(readable::countDown) && !readable.await(100, TimeUnit.MILLISECONDS)) {
                        break; // nothing within a few heartbeats: another step
                    }
                    result = client.input().read();
                } catch (PipeException e) {
                    return new Ended(received.toString(), true, steps);
                }
                received.append(result.buffer().toString(StandardCharsets.ISO_8859_1));
                client.input().advanceTo(result.buffer().end());
                if (result.isCompleted()) {
                    client.input().complete();
                    client.output().complete();
                    return new Ended(received.toString(), false, steps);
                }
            }
        }
        throw new AssertionError("still open after 200 steps of " + step + "; received " + received);
    }

    /** {@code GET /<padding> HTTP/1.1 CRLF} exactly {@code size} bytes long. */
    private static String requestLineOf(int size) {
        String fixed = "GET / HTTP/1.1\r\n";
        return "GET /" + "a".repeat(size - fixed.length()) + " HTTP/1.1\r\n";
    }

    @Test
    void requestLine() throws Exception {
        assertThat(requestLineOf(LINE)).hasSize(LINE);
        assertThat(exchange(requestLineOf(LINE) + "Host: a\r\n" + CLOSE + "\r\n")).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(exchange(requestLineOf(LINE + 1) + "Host: a\r\n\r\n"))
                .startsWith("HTTP/1.1 414 URI Too Long\r\n").contains(CLOSE);
    }

    @Test
    void headerBytes() throws Exception {
        // The header block counts every byte after the request line, its final CRLF included.
        String fixed = "Host: a\r\n" + CLOSE + "X: ";
        String atLimit = fixed + "v".repeat(HEADERS - fixed.length() - 4) + "\r\n\r\n";
        assertThat(atLimit).hasSize(HEADERS);
        assertThat(exchange("GET / HTTP/1.1\r\n" + atLimit)).startsWith("HTTP/1.1 200 OK\r\n");
        String overLimit = fixed + "v".repeat(HEADERS - fixed.length() - 3) + "\r\n\r\n";
        assertThat(exchange("GET / HTTP/1.1\r\n" + overLimit))
                .startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n").contains(CLOSE);
    }

    @Test
    void headerCount() throws Exception {
        String four = "Host: a\r\n" + CLOSE + "A: 1\r\nB: 2\r\n";
        assertThat(exchange("GET / HTTP/1.1\r\n" + four + "C: 3\r\n\r\n")).as("5 fields").startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(exchange("GET / HTTP/1.1\r\n" + four + "C: 3\r\nD: 4\r\n\r\n")).as("6 fields")
                .startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n").contains(CLOSE);
    }

    @Test
    void requestBody() throws Exception {
        String sized = "POST /count HTTP/1.1\r\nHost: a\r\nContent-Length: ";
        assertThat(exchange(sized + BODY + "\r\n" + CLOSE + "\r\n" + "x".repeat((int) BODY))).endsWith("\r\n\r\n" + BODY);
        assertThat(exchange(sized + (BODY + 1) + "\r\n\r\n" + "x".repeat((int) BODY + 1)))
                .as("refused from its Content-Length").startsWith("HTTP/1.1 413 Content Too Large\r\n").contains(CLOSE);
        String chunked = "POST /count HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n";
        String half = Long.toHexString(BODY / 2) + "\r\n" + "x".repeat((int) BODY / 2) + "\r\n";
        assertThat(exchange(chunked + CLOSE + "\r\n" + half + half + "0\r\n\r\n")).endsWith("\r\n\r\n" + BODY);
        assertThat(exchange(chunked + "\r\n" + half + half + "1\r\nx\r\n0\r\n\r\n"))
                .as("refused while it streams").startsWith("HTTP/1.1 413 Content Too Large\r\n").contains(CLOSE);
    }

    @Test
    void requestHeadersTimeout() throws Exception {
        InMemoryConnection inTime = connect();
        send(inTime, "GET / HTTP/1.1\r\n");
        clock.advance(HEADERS_TIMEOUT.minusMillis(1)); // the deadline was armed at this time or later
        send(inTime, "Host: a\r\n" + CLOSE + "\r\n");
        assertThat(InMemoryHttpServer.readToClose(inTime)).startsWith("HTTP/1.1 200 OK\r\n");

        InMemoryConnection late = connect();
        send(late, "GET / HTTP/1.1\r\nHost: a\r\n");
        Ended ended = advanceUntilEnded(late, Duration.ofSeconds(5));
        assertThat(ended.received()).startsWith("HTTP/1.1 408 Request Timeout\r\n").contains(CLOSE);
        assertThat(ended.steps()).as("not before the 30 s").isGreaterThanOrEqualTo(6);
    }

    @Test
    void keepAliveTimeout() throws Exception {
        InMemoryConnection client = connect();
        send(client, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        InMemoryHttpServer.readUntil(client, "\r\n\r\nhi");
        clock.advance(KEEP_ALIVE.minusMillis(1));
        send(client, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(InMemoryHttpServer.readUntil(client, "\r\n\r\nhi")).as("idle for less than the timeout").startsWith("HTTP/1.1 200 OK\r\n");
        Ended ended = advanceUntilEnded(client, Duration.ofSeconds(10));
        assertThat(ended.received()).as("closed silently once idle for longer").isEmpty();
        assertThat(ended.aborted()).isFalse();
        assertThat(ended.steps()).as("not before the 130 s").isGreaterThanOrEqualTo(13);
    }

    @Test
    void minimumRequestBodyDataRate() throws Exception {
        InMemoryConnection steady = connect();
        send(steady, "POST /count HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n" + CLOSE + "\r\n12345");
        clock.advance(BODY_RATE.gracePeriod().dividedBy(2));
        send(steady, "67890");
        assertThat(InMemoryHttpServer.readToClose(steady)).as("within the grace period").endsWith("\r\n\r\n10");

        InMemoryConnection stalled = connect();
        send(stalled, "POST /count HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n12");
        Ended ended = advanceUntilEnded(stalled, Duration.ofSeconds(1));
        assertThat(ended.received()).startsWith("HTTP/1.1 408 Request Timeout\r\n").contains(CLOSE);
        assertThat(ended.steps()).as("not within the 5 s grace period").isGreaterThanOrEqualTo(5);
    }

    @Test
    void minimumResponseDataRate() throws Exception {
        assertThat(exchange("GET /big HTTP/1.1\r\nHost: a\r\n" + CLOSE + "\r\n")).as("a peer that reads")
                .startsWith("HTTP/1.1 200 OK\r\n").hasSizeGreaterThan(61 * 16 * 1024);

        InMemoryConnection idleReader = connect();
        send(idleReader, "GET /big HTTP/1.1\r\nHost: a\r\n\r\n");
        // It reads nothing: the flush that waits for it passes its deadline once 5 s have gone by.
        for (int i = 0; i < 1_000 && host.statistics().acceptedConnections() < 2; i++) {
            Thread.sleep(5); // until the host has taken the connection: the count below means nothing before
        }
        for (int i = 0; i < 200 && host.statistics().openConnections() > 0; i++) {
            clock.advance(Duration.ofSeconds(1));
            Thread.sleep(10); // a heartbeat's worth, for it to see the new time
        }
        assertThatThrownBy(() -> InMemoryHttpServer.readToClose(idleReader)).as("aborted").rootCause().isInstanceOf(ConnectionAbortedException.class);
    }

    @Test
    void malformedRequest() throws Exception {
        assertThat(exchange("GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n"))
                .startsWith("HTTP/1.1 400 Bad Request\r\n").contains(CLOSE).endsWith("\r\n\r\n");
    }
}
