package io.windhover.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.windhover.buffers.BlockMemoryPool;
import io.windhover.buffers.ReadResult;
import io.windhover.server.ConnectionHost;
import io.windhover.server.Http1Limits;
import io.windhover.server.Scheduling;
import io.windhover.server.http.HttpApplication;
import io.windhover.server.http1.DateHeader;
import io.windhover.server.http1.Http1Connection;
import io.windhover.server.http1.Http1Timeouts;
import io.windhover.transport.EndPoint;
import io.windhover.transport.memory.InMemoryConnection;
import io.windhover.transport.memory.InMemoryTransport;
import io.windhover.web.WebApplication;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The HTTP/1.1 engine's whole loop per request — parse the head, run a TechEmpower handler
 * (plaintext, json, or json through the web layer's routing and result writing), write the
 * response, flush — over the in-memory transport with inline scheduling, so
 * that one thread does everything and no socket or thread hand-off is measured. Each invocation
 * sends 16 pipelined requests and reads the 16 responses; figures are per request. With
 * {@code -prof gc} it shows the engine's allocation per request, whose goal is 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {}, jvmArgsAppend = {JvmFlags.UNSAFE_MEMORY_ACCESS, JvmFlags.NATIVE_ACCESS})
@State(Scope.Thread)
public class Http1ConnectionBenchmark {

    private static final int PIPELINE = 16;
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JACKSON = new ObjectMapper();

    /** What the engine serves: the bare plaintext or json handler, or json through the web layer. */
    @Param({"plaintext", "json", "web-json"})
    public String application;

    /** The TechEmpower json test's message, serialised per request. */
    public record Message(String message) {
    }

    private BlockMemoryPool pool;
    private ConnectionHost host;
    private InMemoryConnection client;
    private long expectedBytes;
    private byte[] requests;

    @Setup(Level.Trial)
    public void start() throws Exception {
        pool = BlockMemoryPool.create();
        var transport = new InMemoryTransport(pool);
        String path = application.equals("plaintext") ? "/plaintext" : "/json";
        requests = Http1ParserBenchmark.PLAINTEXT.replace("/plaintext", path).repeat(PIPELINE).getBytes(StandardCharsets.US_ASCII);
        HttpApplication handler = switch (application) {
            case "plaintext" -> context -> {
                context.response().headers().set("Content-Type", "text/plain");
                context.response().body().write(HELLO);
            };
            case "json" -> context -> {
                context.response().headers().set("Content-Type", "application/json");
                context.response().body().write(JACKSON.writeValueAsBytes(new Message("Hello, World!")));
            };
            default -> WebApplication.create().get("/json", context -> new Message("Hello, World!")).toHttpApplication();
        };
        var date = new DateHeader();
        var timeouts = new Http1Timeouts();
        var endPoint = EndPoint.loopback(80);
        host = ConnectionHost.builder(transport).pool(pool).scheduling(Scheduling.INLINE).onHeartbeat(date).onHeartbeat(timeouts)
                .listen(endPoint, new Http1Connection(handler, Http1Limits.defaults(), date, timeouts, Scheduling.INLINE))
                .build();
        host.start();
        client = transport.connect(endPoint);
        expectedBytes = exchange(); // the first batch tells how long 16 responses are
    }

    @TearDown(Level.Trial)
    public void stop() {
        client.output().complete();
        host.stop(Duration.ofSeconds(5));
        pool.close();
    }

    /** Sends 16 pipelined requests; the engine answers them inline, within the flush; reads the answers. */
    private long exchange() {
        client.output().write(requests);
        client.output().flush();
        long received = 0;
        while (received < expectedBytes || expectedBytes == 0) {
            ReadResult result = client.input().read();
            received += result.buffer().length();
            client.input().advanceTo(result.buffer().end());
            if (expectedBytes == 0) {
                break;
            }
        }
        return received;
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public long request() {
        return exchange();
    }
}
