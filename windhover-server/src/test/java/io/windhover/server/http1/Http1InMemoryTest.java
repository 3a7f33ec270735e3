package io.windhover.server.http1;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.buffers.DiagnosticMemoryPool;
import io.windhover.buffers.ReadResult;
import io.windhover.server.MonotonicClock;
import io.windhover.server.connection.HttpConnectionDelegate;
import io.windhover.server.core.ConnectionTimeouts;
import io.windhover.server.core.DateHeader;
import io.windhover.server.core.ServiceContext;
import io.windhover.server.host.ConnectionHost;
import io.windhover.server.Http1Limits;
import io.windhover.server.Http2Limits;
import io.windhover.server.HttpLimits;
import io.windhover.server.Scheduling;
import io.windhover.server.http.HttpApplication;
import io.windhover.transport.EndPoint;
import io.windhover.transport.memory.InMemoryConnection;
import io.windhover.transport.memory.InMemoryTransport;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HTTP/1.1 engine over the in-memory transport, on the diagnostic pool: fast wire transcripts,
 * and proof that requests, errors and aborts give every block back (closing the pool fails otherwise).
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class Http1InMemoryTest {

    @Parameter
    Scheduling scheduling;

    private static final EndPoint END_POINT = EndPoint.loopback(80);

    private final DiagnosticMemoryPool pool = new DiagnosticMemoryPool();
    private final InMemoryTransport transport = new InMemoryTransport(pool);
    private ConnectionHost host;

    private final HttpApplication application = context -> {
        var request = context.request();
        var response = context.response();
        switch (request.path()) {
            case "/echo" -> response.body().write(request.body().readAllBytes());
            case "/count" -> response.body().write(
                    Long.toString(request.body().transferTo(OutputStream.nullOutputStream())).getBytes(StandardCharsets.US_ASCII));
            case "/big" -> {
                byte[] chunk = new byte[10_000];
                for (int i = 0; i < 100; i++) {
                    response.body().write(chunk);
                }
            }
            case "/fail" -> throw new IllegalStateException("handler bug");
            default -> response.body().write("hi".getBytes(StandardCharsets.US_ASCII));
        }
    };

    @BeforeEach
    void start() throws Exception {
        var date = new DateHeader();
        var timeouts = new ConnectionTimeouts(MonotonicClock.system());
        host = ConnectionHost.builder(transport).pool(pool).scheduling(Scheduling.INLINE) // the HTTP engines return at once in either scheduling
               .onHeartbeat(date).onHeartbeat(timeouts)
                .listen(END_POINT, new HttpConnectionDelegate(new ServiceContext(application, HttpLimits.defaults(), Http1Limits.defaults(), Http2Limits.defaults(), date,
                        timeouts, scheduling, true)))
                .build();
        host.start();
    }

    @AfterEach
    void stopAndCheckForLeaks() {
        host.stop(Duration.ofSeconds(5));
        pool.close(); // throws if the engine kept a block
    }

    /** Sends {@code request}, completes the client's output, and reads until the server closes. */
    private String exchange(String request) throws Exception {
        InMemoryConnection client = transport.connect(END_POINT);
        client.output().write(request.getBytes(StandardCharsets.ISO_8859_1));
        client.output().flush();
        client.output().complete();
        var received = new ByteArrayOutputStream();
        while (true) {
            ReadResult result = client.input().read();
            received.writeBytes(result.buffer().toArray());
            client.input().advanceTo(result.buffer().end());
            if (result.isCompleted()) {
                break;
            }
        }
        client.input().complete();
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void answersPipelinedRequestsAndReturnsEveryBlock() throws Exception {
        String response = exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
                + "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                + "GET /big HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(response.split("HTTP/1.1 200 OK", -1)).hasSize(5);
        assertThat(response).contains("\r\n\r\nhi").contains("\r\n\r\nhello").contains("\r\n\r\nabc");
        assertThat(response).contains("Transfer-Encoding: chunked").endsWith("0\r\n\r\n");
    }

    @Test
    void rejectsAndHandlesFailuresWithoutLeaking() throws Exception {
        assertThat(exchange("GET /fail HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 500 Internal Server Error\r\n");
        assertThat(exchange("POST /count HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"))
                .startsWith("HTTP/1.1 400 Bad Request\r\n");
        assertThat(exchange("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 414 ");
        assertThat(exchange("POST /count HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nshort"))
                .as("the peer closed in the middle of the body").startsWith("HTTP/1.1 400 Bad Request\r\n");
        assertThat(exchange("GET / HTTP/1.1\r\nHost: a\r\n")).as("closed in the middle of the head").isEmpty();
    }

    @Test
    void drainsAnUnreadBodyUpToTheLimitAndClosesOneByteOver() throws Exception {
        long limit = Http1Limits.defaults().maxDrainSize();
        String next = "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
        for (String framing : new String[] {"sized", "chunked"}) {
            for (long size : new long[] {limit, limit + 1}) {
                String body = "x".repeat((int) size);
                String request = framing.equals("sized")
                        ? "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + size + "\r\n\r\n" + body
                        : "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + Long.toHexString(size) + "\r\n" + body + "\r\n0\r\n\r\n";
                String response = exchange(request + next);
                int answers = response.split("HTTP/1.1 200 OK", -1).length - 1;
                assertThat(answers).as("%s body of %d bytes, drain limit %d", framing, size, limit)
                        .isEqualTo(size <= limit ? 2 : 1);
            }
        }
    }

    @Test
    void refusesATrailerSectionOverItsLimit() throws Exception {
        String trailer = "X: " + "a".repeat(ChunkedBodyDecoder.MAX_TRAILER_BYTES);
        assertThat(exchange("POST /count HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + trailer))
                .startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n");
    }

    @Test
    void survivesAClientThatResetsMidResponse() throws Exception {
        InMemoryConnection client = transport.connect(END_POINT);
        client.output().write("GET /big HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        client.output().flush();
        ReadResult first = client.input().read();
        assertThat(first.buffer().toString()).startsWith("HTTP/1.1 200 OK");
        client.input().advanceTo(first.buffer().end());
        client.abort("client reset mid-response");
        client.output().complete();
        assertThat(exchange("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).endsWith("\r\n\r\nhi");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (host.statistics().openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(host.statistics().openConnections()).isZero();
    }
}
