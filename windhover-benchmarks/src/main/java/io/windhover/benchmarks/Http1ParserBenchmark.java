package io.windhover.benchmarks;

import io.windhover.buffers.BufferSequence;
import io.windhover.server.http1.Http1Parser;
import io.windhover.server.http1.Http1ParserHandler;
import io.windhover.server.http1.HttpMethod;
import io.windhover.server.http1.HttpVersion;
import io.windhover.server.http1.RequestTargetForm;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parsing one request head — request line and header block — with {@link Http1Parser}: the cost
 * per request of the HTTP/1.1 engine's first step, and (with {@code -prof gc}) its allocation,
 * whose goal is 0 B/op.
 *
 * <p>Two requests: what wrk sends in the TechEmpower plaintext test (4 headers), and a browser's
 * navigation request (20 headers). The bytes sit in one pooled off-heap block read through a
 * {@link Pipe}, as the server will see them; as the engine does, each operation copies the head
 * into a reused array and parses it there. The handler passes every reported position to a
 * {@link Blackhole} and copies nothing, so the figure is the copy's and the parser's alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {}, jvmArgsAppend = {
        JvmFlags.UNSAFE_MEMORY_ACCESS, JvmFlags.NATIVE_ACCESS, JvmFlags.NETTY_NO_LEAK_DETECTION})
@State(Scope.Thread)
public class Http1ParserBenchmark {

    static final String PLAINTEXT = "GET /plaintext HTTP/1.1\r\n"
            + "Host: localhost:8080\r\n"
            + "Accept: text/plain,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7\r\n"
            + "Connection: keep-alive\r\n"
            + "\r\n";

    static final String BROWSER = "GET /products/42/reviews?page=2&sort=newest HTTP/1.1\r\n"
            + "Host: shop.example.test\r\n"
            + "Connection: keep-alive\r\n"
            + "Cache-Control: max-age=0\r\n"
            + "sec-ch-ua: \"Chromium\";v=\"156\", \"Not)A;Brand\";v=\"24\"\r\n"
            + "sec-ch-ua-mobile: ?0\r\n"
            + "sec-ch-ua-platform: \"Linux\"\r\n"
            + "Upgrade-Insecure-Requests: 1\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36\r\n"
            + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\n"
            + "Sec-Fetch-Site: same-origin\r\n"
            + "Sec-Fetch-Mode: navigate\r\n"
            + "Sec-Fetch-User: ?1\r\n"
            + "Sec-Fetch-Dest: document\r\n"
            + "Referer: https://shop.example.test/products/42\r\n"
            + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
            + "Accept-Language: en-GB,en;q=0.9,de;q=0.8\r\n"
            + "Cookie: session=5f2b8c0e9a7d4e31b6c1a2f3e4d5c6b7; theme=dark; consent=1\r\n"
            + "If-None-Match: \"33a64df551425fcc55e4d42a148795d9f25f89d4\"\r\n"
            + "If-Modified-Since: Wed, 25 Nov 2026 14:00:00 GMT\r\n"
            + "Priority: u=0, i\r\n"
            + "\r\n";

    @Param({"plaintext", "browser"})
    public String request;

    private PooledBytes input;
    private BufferSequence buffer;
    private byte[] window;
    private BlackholeHandler handler;

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) {
        byte[] bytes = (request.equals("plaintext") ? PLAINTEXT : BROWSER).getBytes(StandardCharsets.US_ASCII);
        input = new PooledBytes(bytes);
        buffer = input.buffer();
        window = new byte[bytes.length];
        handler = new BlackholeHandler(blackhole);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        input.close();
    }

    /** The engine's way: the head copied out of its pool block into a reused array, then parsed there. */
    @Benchmark
    public boolean parseRequestHead() {
        int length = (int) buffer.length();
        buffer.copyTo(buffer.start(), window, 0, length);
        int headers = Http1Parser.parseRequestLine(window, 0, length, handler);
        return headers > 0 && Http1Parser.parseHeaders(window, headers, length, handler, 100) == length;
    }

    /** Hands every position to the blackhole, so the parser's work cannot be optimised away. */
    static final class BlackholeHandler implements Http1ParserHandler {
        private final Blackhole blackhole;

        BlackholeHandler(Blackhole blackhole) {
            this.blackhole = blackhole;
        }

        @Override
        public void onStartLine(byte[] bytes, HttpMethod method, HttpVersion version, RequestTargetForm form,
                int lineStart, int methodEnd, int targetStart, int queryStart, int targetEnd) {
            blackhole.consume(method);
            blackhole.consume(version);
            blackhole.consume(form);
            blackhole.consume(targetStart ^ queryStart ^ targetEnd ^ methodEnd ^ lineStart);
        }

        @Override
        public void onHeader(byte[] bytes, int nameStart, int nameEnd, int valueStart, int valueEnd) {
            blackhole.consume(nameStart ^ nameEnd ^ valueStart ^ valueEnd);
        }

        @Override
        public void onHeadersComplete() {
            blackhole.consume(true);
        }
    }
}
