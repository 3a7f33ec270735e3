package io.windhover.benchmarks;

import io.windhover.server.hpack.HeaderBlockBuffer;
import io.windhover.server.hpack.HpackEncoder;
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

/**
 * Encoding a typical response header block with {@link HpackEncoder} into a reused
 * {@link HeaderBlockBuffer}: ns per block and (with {@code -prof gc}) B per block.
 *
 * <ul>
 *   <li>{@code plaintext}: the TechEmpower plaintext response ({@code :status 200}, content type,
 *       length, server, date) on a warm connection: every field already in a table, five octets;</li>
 *   <li>{@code json}: a JSON API response of eight fields whose {@code content-length} and
 *       {@code etag} change with every response (cycling through 1,000 values): two literals,
 *       Huffman-encoded, beside six indexed fields.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {}, jvmArgsAppend = {
        JvmFlags.UNSAFE_MEMORY_ACCESS, JvmFlags.NATIVE_ACCESS, JvmFlags.NETTY_NO_LEAK_DETECTION})
@State(Scope.Thread)
public class HpackEncoderBenchmark {

    private static final String DATE = "Mon, 07 Dec 2026 13:20:00 GMT";

    @Param({"plaintext", "json"})
    public String response;

    private HpackEncoder encoder;
    private HeaderBlockBuffer block;
    private String[] lengths;
    private String[] etags;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        encoder = new HpackEncoder();
        block = new HeaderBlockBuffer();
        lengths = new String[1_000];
        etags = new String[1_000];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = Integer.toString(1_000 + i * 7);
            etags[i] = "\"" + Integer.toHexString(0x3a64df55 + i * 7_919) + "\"";
        }
    }

    @Benchmark
    public int encode() {
        block.reset();
        encoder.beginBlock(block);
        encoder.encodeStatus(200, block);
        if (response.equals("plaintext")) {
            encoder.encode("content-type", "text/plain", block);
            encoder.encode("content-length", "13", block);
            encoder.encode("server", "windhover", block);
            encoder.encode("date", DATE, block);
        } else {
            int i = next;
            next = next + 1 == lengths.length ? 0 : next + 1;
            encoder.encode("content-type", "application/json; charset=utf-8", block);
            encoder.encode("content-length", lengths[i], block);
            encoder.encode("etag", etags[i], block);
            encoder.encode("cache-control", "no-cache", block);
            encoder.encode("vary", "accept-encoding", block);
            encoder.encode("server", "windhover", block);
            encoder.encode("date", DATE, block);
        }
        return block.length();
    }
}
