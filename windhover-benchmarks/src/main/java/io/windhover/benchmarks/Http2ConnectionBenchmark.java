package io.windhover.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.windhover.buffers.BlockMemoryPool;
import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.ReadResult;
import io.windhover.server.Http1Limits;
import io.windhover.server.Http2Limits;
import io.windhover.server.HttpLimits;
import io.windhover.server.HttpProtocols;
import io.windhover.server.MonotonicClock;
import io.windhover.server.Scheduling;
import io.windhover.server.connection.HttpConnectionDelegate;
import io.windhover.server.core.ConnectionTimeouts;
import io.windhover.server.core.DateHeader;
import io.windhover.server.core.ServiceContext;
import io.windhover.server.host.ConnectionHost;
import io.windhover.server.http.HttpApplication;
import io.windhover.server.http2.Http2ConnectionDelegate;
import io.windhover.transport.EndPoint;
import io.windhover.transport.memory.InMemoryConnection;
import io.windhover.transport.memory.InMemoryTransport;
import io.windhover.web.WebApplication;
import java.io.ByteArrayOutputStream;
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
 * The HTTP/2 engine's whole path per request, in the manner of Kestrel's
 * {@code Http2ConnectionBenchmark}: one cleartext connection (prior knowledge) over the in-memory
 * transport; each invocation sends 16 requests as 16 HEADERS frames in one write, each on a new
 * stream, and reads frames until all 16 streams have ended. Figures are per request and include
 * what a stream costs here: the field block decoded and validated, the stream's virtual thread
 * started and run, the response's HEADERS (HPACK, with the dynamic table) and DATA written under
 * the connection's output lock, and the stream's end. No socket, so no system call is measured.
 *
 * <p>The client's field block uses the static table and literals never indexed, so the same bytes
 * serve every request; only the stream ids change. For {@code browser} a first request fills the
 * server's dynamic table with a browser's fields, and every measured request names them by index. Its windows are opened to the maximum at the
 * start, and each batch gives back what the last batch's DATA took from the connection window.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.UNSAFE_MEMORY_ACCESS, JvmFlags.NATIVE_ACCESS})
@State(Scope.Thread)
public class Http2ConnectionBenchmark {

    private static final int STREAMS = 16;
    private static final int FRAME_HEADER = 9;
    private static final int HEADERS = 0x1;
    private static final int SETTINGS = 0x4;
    private static final int WINDOW_UPDATE = 0x8;
    private static final int END_STREAM = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JACKSON = new ObjectMapper();

    /**
     * The bare plaintext or json handler, json through the web layer's routing, or plaintext asked
     * for as a browser asks on a warm connection ({@code browser}: 15 fields, Chromium's, all
     * indexed in the dynamic table a first request filled, as Chromium's HPACK encoder sends them).
     */
    @Param({"plaintext", "json", "web-json", "browser"})
    public String application;

    private BlockMemoryPool pool;
    private ConnectionHost host;
    private InMemoryConnection client;
    private byte[] batch;
    /** Where each HEADERS frame's stream id sits in {@link #batch}. */
    private final int[] streamIdAt = new int[STREAMS];
    private int nextStream = 1;
    private final byte[] frames = new byte[256 * 1024];
    private int buffered;

    @Setup(Level.Trial)
    public void start() throws Exception {
        pool = BlockMemoryPool.create();
        var transport = new InMemoryTransport(pool);
        String path = application.equals("plaintext") || application.equals("browser") ? "/plaintext" : "/json";
        HttpApplication handler = switch (application) {
            case "plaintext", "browser" -> context -> {
                context.response().headers().set("Content-Type", "text/plain");
                context.response().body().write(HELLO);
            };
            case "json" -> context -> {
                context.response().headers().set("Content-Type", "application/json");
                context.response().body().write(JACKSON.writeValueAsBytes(new Http1ConnectionBenchmark.Message("Hello, World!")));
            };
            case "web-json" -> {
                var app = WebApplication.create();
                app.get("/json", context -> new Http1ConnectionBenchmark.Message("Hello, World!"));
                yield app.toHttpApplication();
            }
            default -> throw new IllegalArgumentException("no application " + application);
        };
        var date = new DateHeader();
        var timeouts = new ConnectionTimeouts(MonotonicClock.system());
        var services = new ServiceContext(handler, HttpLimits.defaults(), Http1Limits.defaults(), Http2Limits.defaults(), date,
                timeouts, Scheduling.VIRTUAL_THREAD, true);
        var endPoint = EndPoint.loopback(80);
        host = ConnectionHost.builder(transport).pool(pool).scheduling(Scheduling.INLINE).onHeartbeat(date)
                .onHeartbeat(timeouts)
                .listen(endPoint, new HttpConnectionDelegate(services, HttpProtocols.HTTP1_AND_HTTP2,
                        new Http2ConnectionDelegate(services, pool)))
                .build();
        host.start();
        client = transport.connect(endPoint);
        handshake();
        batch = requestBatch(application.equals("browser") ? warmBrowserFields(path) : plainFields(path));
        int dataBytes = exchange(true);
        // From now on each batch also returns to the connection window what a batch's DATA takes.
        batch = concat(batch, frame(WINDOW_UPDATE, 0, 0, int32(dataBytes)));
    }

    /** The preface; SETTINGS with the largest stream window; the connection window opened as far. */
    private void handshake() {
        byte[] settings = {0x0, 0x4, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}; // INITIAL_WINDOW_SIZE 2^31-1
        client.output().write(concat(PREFACE, frame(SETTINGS, 0, 0, settings), frame(SETTINGS, 0x1, 0, new byte[0]),
                frame(WINDOW_UPDATE, 0, 0, int32(Integer.MAX_VALUE - 65_535))));
        client.output().flush();
    }

    /**
     * :method GET (static 2), :scheme http (static 6), :path and :authority as literals never
     * indexed with static names (RFC 7541 §6.2.3), so no table state is involved.
     */
    private static byte[] plainFields(String path) {
        var block = new ByteArrayOutputStream();
        block.write(0x82);
        block.write(0x86);
        literalNeverIndexed(block, 4, path);
        literalNeverIndexed(block, 1, "localhost");
        return block.toByteArray();
    }

    /** Chromium's fields for a page, the static table's name index where it has one (RFC 7541 Appendix A). */
    private static final Object[][] BROWSER_FIELDS = {
        {1, ":authority", "localhost:8080"},
        {58, "user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"},
        {19, "accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8"},
        {16, "accept-encoding", "gzip, deflate, br, zstd"},
        {17, "accept-language", "en-GB,en;q=0.9"},
        {32, "cookie", "session=9f2c1e7a4b8d4e0f; theme=dark"},
        {0, "sec-ch-ua", "\"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\""},
        {0, "sec-ch-ua-mobile", "?0"},
        {0, "sec-ch-ua-platform", "\"Linux\""},
        {0, "upgrade-insecure-requests", "1"},
        {0, "sec-fetch-site", "none"},
        {0, "sec-fetch-mode", "navigate"},
        {0, "sec-fetch-user", "?1"},
        {0, "sec-fetch-dest", "document"},
        {0, "priority", "u=0, i"},
    };

    /**
     * Sends one request whose fields go into the server's dynamic table (literals with incremental
     * indexing, RFC 7541 §6.2.1) and reads its answer; returns the block that names them all by
     * index, as a warm connection's requests do: :method and :scheme static, :path and the rest
     * dynamic (the last inserted is index 62).
     */
    private byte[] warmBrowserFields(String path) {
        var warm = new ByteArrayOutputStream();
        warm.write(0x82);
        warm.write(0x86);
        literalIncrementallyIndexed(warm, 4, ":path", path);
        for (Object[] field : BROWSER_FIELDS) {
            literalIncrementallyIndexed(warm, (int) field[0], (String) field[1], (String) field[2]);
        }
        byte[] request = frame(HEADERS, END_HEADERS | END_STREAM, nextStream, warm.toByteArray());
        nextStream += 2;
        client.output().write(request);
        client.output().flush();
        awaitEnds(1, true);
        int inserted = BROWSER_FIELDS.length + 1;
        var indexed = new ByteArrayOutputStream();
        indexed.write(0x82);
        indexed.write(0x86);
        for (int i = 0; i < inserted; i++) {
            indexed.write(0x80 | (62 + inserted - 1 - i)); // the first inserted is the oldest, the highest index
        }
        return indexed.toByteArray();
    }

    private static void literalIncrementallyIndexed(ByteArrayOutputStream block, int nameIndex, String name, String value) {
        if (nameIndex > 0) {
            block.write(0x40 | nameIndex);
        } else {
            block.write(0x40);
            block.write(name.length());
            block.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
        }
        block.write(value.length());
        block.writeBytes(value.getBytes(StandardCharsets.US_ASCII));
    }

    /** 16 HEADERS frames of {@code fields}, their stream ids set at each exchange. */
    private byte[] requestBatch(byte[] fields) {
        var out = new ByteArrayOutputStream();
        for (int i = 0; i < STREAMS; i++) {
            streamIdAt[i] = out.size() + 5;
            out.writeBytes(frame(HEADERS, END_HEADERS | END_STREAM, 0, fields));
        }
        return out.toByteArray();
    }

    private static void literalNeverIndexed(ByteArrayOutputStream block, int nameIndex, String value) {
        block.write(0x10 | nameIndex);
        block.write(value.length());
        block.writeBytes(value.getBytes(StandardCharsets.US_ASCII));
    }

    @TearDown(Level.Trial)
    public void stop() {
        client.output().complete();
        host.stop(Duration.ofSeconds(5));
        pool.close();
    }

    /**
     * Sends the batch on 16 new streams and reads frames until the 16 streams have ended.
     *
     * @return the DATA payload octets received (checked to be 200s on the first batch)
     */
    private int exchange(boolean check) {
        for (int at : streamIdAt) {
            putInt(batch, at, nextStream);
            nextStream += 2;
        }
        client.output().write(batch);
        client.output().flush();
        return awaitEnds(STREAMS, check);
    }

    /** Reads frames until {@code streams} streams have ended; the DATA octets they carried. */
    private int awaitEnds(int streams, boolean check) {
        int ended = 0;
        int dataBytes = 0;
        while (ended < streams) {
            ReadResult result = client.input().read();
            BufferSequence buffer = result.buffer();
            int length = (int) buffer.length();
            buffer.copyTo(buffer.start(), frames, buffered, length);
            client.input().advanceTo(buffer.end());
            buffered += length;
            int at = 0;
            while (buffered - at >= FRAME_HEADER) {
                int payload = (frames[at] & 0xFF) << 16 | (frames[at + 1] & 0xFF) << 8 | frames[at + 2] & 0xFF;
                if (buffered - at < FRAME_HEADER + payload) {
                    break;
                }
                int type = frames[at + 3];
                int flags = frames[at + 4];
                if (type == 0x0) {
                    dataBytes += payload;
                }
                if (check && type == HEADERS && (frames[at + FRAME_HEADER] & 0xFF) != 0x88) { // :status 200, static 8
                    throw new IllegalStateException(application + ": a response that is not 200");
                }
                if ((type == 0x0 || type == HEADERS) && (flags & END_STREAM) != 0) {
                    ended++;
                }
                at += FRAME_HEADER + payload;
            }
            System.arraycopy(frames, at, frames, 0, buffered - at);
            buffered -= at;
        }
        return dataBytes;
    }

    @Benchmark
    @OperationsPerInvocation(STREAMS)
    public int request() {
        return exchange(false);
    }

    private static byte[] frame(int type, int flags, int streamId, byte[] payload) {
        byte[] frame = new byte[FRAME_HEADER + payload.length];
        frame[0] = (byte) (payload.length >>> 16);
        frame[1] = (byte) (payload.length >>> 8);
        frame[2] = (byte) payload.length;
        frame[3] = (byte) type;
        frame[4] = (byte) flags;
        putInt(frame, 5, streamId);
        System.arraycopy(payload, 0, frame, FRAME_HEADER, payload.length);
        return frame;
    }

    private static byte[] int32(int value) {
        byte[] bytes = new byte[4];
        putInt(bytes, 0, value);
        return bytes;
    }

    private static void putInt(byte[] target, int at, int value) {
        target[at] = (byte) (value >>> 24);
        target[at + 1] = (byte) (value >>> 16);
        target[at + 2] = (byte) (value >>> 8);
        target[at + 3] = (byte) value;
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
