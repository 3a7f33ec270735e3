package io.windhover.benchmarks;

import io.windhover.server.hpack.HeaderBlockBuffer;
import io.windhover.server.hpack.HpackDecoder;
import io.windhover.server.hpack.HpackDecodingException;
import io.windhover.server.hpack.HpackEncoder;
import io.windhover.server.hpack.HpackHeaderHandler;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding a browser's request header block with {@link HpackDecoder}, after Kestrel's
 * {@code HPackDecoderBenchmark}: ns per block and (with {@code -prof gc}) B per block.
 *
 * <p>The request is {@link Http1ParserBenchmark#BROWSER}'s 20 fields as HTTP/2 carries them (the
 * four pseudo-headers in place of the request line and {@code Host}), Huffman-encoded the way a
 * browser's encoder does it: literals with incremental indexing, the cookie not indexed. Two blocks:
 * <ul>
 *   <li>{@code first}: the connection's first request, every field a literal entering the table —
 *       the cost of a cold connection (each operation re-inserts them, evicting the last round's);</li>
 *   <li>{@code warm}: the next request to another path on the same connection, every field but
 *       {@code :path} and the cookie one indexed octet — the steady state.</li>
 * </ul>
 * The handler hands the name id and lengths to a {@link Blackhole} and makes no strings, so the
 * figure is the decoder's alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {}, jvmArgsAppend = {
        JvmFlags.UNSAFE_MEMORY_ACCESS, JvmFlags.NATIVE_ACCESS, JvmFlags.NETTY_NO_LEAK_DETECTION})
@State(Scope.Thread)
public class HpackDecoderBenchmark {

    static final String[] BROWSER = {
        ":method", "GET",
        ":scheme", "https",
        ":authority", "shop.example.test",
        ":path", "/products/42/reviews?page=2&sort=newest",
        "cache-control", "max-age=0",
        "sec-ch-ua", "\"Chromium\";v=\"156\", \"Not)A;Brand\";v=\"24\"",
        "sec-ch-ua-mobile", "?0",
        "sec-ch-ua-platform", "\"Linux\"",
        "upgrade-insecure-requests", "1",
        "user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
        "accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
        "sec-fetch-site", "same-origin",
        "sec-fetch-mode", "navigate",
        "sec-fetch-user", "?1",
        "sec-fetch-dest", "document",
        "referer", "https://shop.example.test/products/42",
        "accept-encoding", "gzip, deflate, br, zstd",
        "accept-language", "en-GB,en;q=0.9,de;q=0.8",
        "cookie", "session=5f2b8c0e9a7d4e31b6c1a2f3e4d5c6b7; theme=dark; consent=1",
        "if-none-match", "\"33a64df551425fcc55e4d42a148795d9f25f89d4\"",
        "if-modified-since", "Wed, 25 Nov 2026 14:00:00 GMT",
        "priority", "u=0, i",
    };

    @Param({"first", "warm"})
    public String block;

    private HpackDecoder decoder;
    private byte[] bytes;
    private HpackHeaderHandler handler;

    /** The browser's two blocks, from one encoder, so that the second names the entries the first made. */
    static byte[][] browserBlocks() {
        var encoder = new HpackEncoder();
        byte[][] blocks = new byte[2][];
        for (int request = 0; request < 2; request++) {
            var out = new HeaderBlockBuffer();
            encoder.beginBlock(out);
            for (int i = 0; i < BROWSER.length; i += 2) {
                String value = request == 1 && BROWSER[i].equals(":path") ? "/products/43/reviews?page=1" : BROWSER[i + 1];
                encoder.encode(BROWSER[i], value, out);
            }
            blocks[request] = out.toByteArray();
        }
        return blocks;
    }

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) throws HpackDecodingException {
        byte[][] blocks = browserBlocks();
        decoder = new HpackDecoder();
        handler = (nameId, name, nameOffset, nameLength, value, valueOffset, valueLength) -> {
            blackhole.consume(nameId ^ nameOffset ^ nameLength ^ valueOffset ^ valueLength);
            blackhole.consume(value);
        };
        decoder.decode(blocks[0], handler);
        bytes = block.equals("first") ? blocks[0] : blocks[1];
    }

    @Benchmark
    public boolean decode() throws HpackDecodingException {
        decoder.decode(bytes, handler);
        return decoder.headerListTooLarge();
    }
}
