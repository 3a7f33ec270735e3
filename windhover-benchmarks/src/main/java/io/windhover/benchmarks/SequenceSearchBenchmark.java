package io.windhover.benchmarks;

import io.windhover.buffers.BlockMemoryPool;
import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.MemoryBlock;
import io.windhover.buffers.Pipe;
import io.windhover.buffers.PipeOptions;
import io.windhover.buffers.PipeReader;
import io.windhover.buffers.PipeWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

/**
 * Finding one byte in 4 KiB: {@link BufferSequence#indexOf(byte)}, whose loop (the package-private
 * {@code ByteSearch}) compares eight bytes per step with SWAR arithmetic on {@code getLong}, against
 * the obvious loop of {@code ByteBuffer.get(i)} calls over the same memory.
 *
 * <p><b>Why.</b> Parsers spend their time looking for delimiters (CR, LF, ':', ' '), so this loop
 * is on the hot path of every request head. {@code ByteSearch}'s source names this benchmark as the
 * evidence that its SWAR loop is worth its complexity.
 *
 * <p><b>Data.</b> 4096 bytes that do not contain the needle except at the last position (the worst
 * case: the whole block is scanned), so one operation examines 4096 bytes.
 * <ul>
 *   <li>{@code memory=pooled}: the bytes sit in a 4 KiB off-heap block from a
 *       {@link BlockMemoryPool}. The sequence is what a {@link Pipe} read returns for them (written
 *       with {@code getMemory}/{@code advance}/{@code flush}, read once in the setup and held, never
 *       advanced, for the whole trial); the naive loop reads a second pooled block filled with the
 *       same bytes, through the block's own {@link MemoryBlock#buffer()}.
 *   <li>{@code memory=heap}: the sequence is {@link BufferSequence#of(byte[]...)} over a
 *       {@code byte[]}; the naive loop reads {@code ByteBuffer.wrap} of the same array.
 * </ul>
 * Both naive buffers are little-endian like the sequence's views, though byte reads do not care.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {}, jvmArgsAppend = {
        JvmFlags.UNSAFE_MEMORY_ACCESS, JvmFlags.NATIVE_ACCESS, JvmFlags.NETTY_NO_LEAK_DETECTION})
@State(Scope.Thread)
public class SequenceSearchBenchmark {

    static final int SIZE = 4096;
    static final byte NEEDLE = '\n';

    @Param({"pooled", "heap"})
    String memory;

    private BlockMemoryPool pool;
    private Pipe pipe;
    private MemoryBlock naiveBlock;

    BufferSequence sequence;
    ByteBuffer naiveBuffer;

    /** {@link #SIZE} bytes of text-like data with the needle only at the end. */
    static byte[] data() {
        byte[] data = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) {
            data[i] = (byte) ('a' + i % 26);
        }
        data[SIZE - 1] = NEEDLE;
        return data;
    }

    @Setup(Level.Trial)
    public void setUp() {
        byte[] data = data();
        switch (memory) {
            case "pooled" -> {
                pool = BlockMemoryPool.create();
                pipe = new Pipe(PipeOptions.of(pool));
                PipeWriter writer = pipe.writer();
                ByteBuffer target = writer.getMemory(SIZE);
                if (target.remaining() != SIZE) {
                    throw new IllegalStateException("expected one 4 KiB block, got " + target.remaining() + " bytes");
                }
                target.put(target.position(), data);
                writer.advance(SIZE);
                writer.flush();
                sequence = pipe.reader().read().buffer(); // valid until advanceTo, which comes in tearDown
                naiveBlock = pool.rent();
                naiveBuffer = naiveBlock.buffer().clear().put(0, data);
            }
            case "heap" -> {
                sequence = BufferSequence.of(data);
                naiveBuffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            }
            default -> throw new IllegalArgumentException("memory must be pooled or heap, was " + memory);
        }
        if (sequence.length() != SIZE || !sequence.isSingleSegment()) {
            throw new IllegalStateException("expected one 4 KiB segment, got " + sequence.length() + " bytes in "
                    + sequence.segmentCount() + " segment(s)");
        }
        if (swarIndexOf() != SIZE - 1 || naiveIndexOf() != SIZE - 1) {
            throw new IllegalStateException("the needle must be found at the last position");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (pool != null) {
            PipeReader reader = pipe.reader();
            reader.advanceTo(sequence.end());
            reader.complete();
            pipe.writer().complete();
            naiveBlock.close();
            pool.close();
        }
    }

    /** The production search: {@code BufferSequence.indexOf}, SWAR eight bytes at a time. */
    @Benchmark
    public long swarIndexOf() {
        return sequence.indexOf(NEEDLE);
    }

    /** The baseline: one {@code ByteBuffer.get(i)} and compare per byte. */
    @Benchmark
    public long naiveIndexOf() {
        ByteBuffer buffer = naiveBuffer;
        for (int i = 0, n = buffer.limit(); i < n; i++) {
            if (buffer.get(i) == NEEDLE) {
                return i;
            }
        }
        return -1;
    }
}
