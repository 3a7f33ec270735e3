package io.windhover.benchmarks;

import io.windhover.buffers.BlockMemoryPool;
import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.FlushResult;
import io.windhover.buffers.Pipe;
import io.windhover.buffers.PipeOptions;
import io.windhover.buffers.PipeReader;
import io.windhover.buffers.PipeWriter;
import io.windhover.buffers.ReadResult;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Single-producer / single-consumer throughput of {@link Pipe}, against
 * {@link PipedInputStream}/{@link PipedOutputStream} with the same 64 KiB of buffering as the JDK
 * baseline.
 *
 * <p><b>Why.</b> Every byte Windhover receives or sends crosses a pipe between an I/O thread and a
 * connection's thread, so a pipe's cost per byte, locking and hand-off between threads included, is
 * a floor under the server's throughput. This measures that floor with no socket and no parsing.
 *
 * <p><b>Shape.</b> A producer thread, started in the trial's {@code @Setup} and owned by the
 * benchmark state, writes {@code writeSize}-byte chunks in a loop, flushing after each (for the
 * pipe: {@code write(byte[])} + {@code flush()}; for the stream: {@code write(byte[])} +
 * {@code flush()}). Back-pressure holds it whenever the consumer lags: the pipe's default
 * thresholds (pause at 64 KiB unconsumed, resume below 32 KiB), the stream's 64 KiB ring. The JMH
 * thread is the consumer, and <b>one benchmark operation consumes exactly {@code writeSize}
 * bytes</b>, so bytes/s = ops/s × {@code writeSize}. In the steady state the producer cannot run
 * ahead by more than the buffering (~100 KiB), so the consumer's rate is the pipe's rate.
 *
 * <p><b>Why not {@code @Group}.</b> JMH stops the threads of a group independently at the end of
 * an iteration, so a reader blocked in {@code read()} after its writer stopped (or the reverse)
 * would hang the run. Here the only JMH thread never waits for anything that might not come: the
 * producer is not a JMH thread, never stops between iterations (it just waits on back-pressure
 * while nobody reads), and is shut down in the trial's {@code @TearDown} by completing the reader
 * (pipe) or closing the input stream, either of which ends its pending flush or write.
 *
 * <p><b>Variants</b> (the producer is the same in all three):
 * <ul>
 *   <li>{@link #windhoverCopy}: the consumer copies the bytes out into a {@code byte[]} with
 *       {@link BufferSequence#copyTo}; like-for-like with the stream, which also copies in and out.
 *   <li>{@link #windhoverScanNoCopy}: the consumer does not copy; it scans the bytes in place in the
 *       pooled blocks with {@link BufferSequence#indexOf(byte)} for a byte that never occurs (what
 *       a parser looking for a delimiter does) and advances past them. This is what the pipe is for;
 *       it is not comparable with the stream, which cannot offer its bytes without a copy.
 *   <li>{@link #pipedStreamCopy}: the JDK baseline, {@code PipedInputStream.read(byte[], int, int)}
 *       into a {@code byte[]}.
 * </ul>
 *
 * <p><b>Secondary metric.</b> The two pipe methods also report {@code waits}: per second, how
 * many of the consumer's reads found no new bytes and had to block until the producer's next flush
 * ({@link Waits}; the consumer tries {@code tryRead()} first and falls back to {@code read()}).
 * Each such wait is a thread hand-off (park, and an unpark by the producer). Compared with ops/s it
 * tells which side was the bottleneck in an iteration: waits ≈ ops/s means the consumer kept
 * catching up with the producer; waits ≪ ops/s means it kept finding a backlog.
 *
 * <p>On a 2-core machine the two threads get a core each only if nothing else runs; results are
 * noisy there. {@code PipedInputStream} waits with {@code wait(1000)} polling and only wakes a
 * full-buffer writer when it runs dry, so it moves data in large bursts; the producer's
 * {@code flush()} ({@code notifyAll}) keeps the reader from sleeping for the 1-second poll.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {}, jvmArgsAppend = {
        JvmFlags.UNSAFE_MEMORY_ACCESS, JvmFlags.NATIVE_ACCESS, JvmFlags.NETTY_NO_LEAK_DETECTION})
public class PipeThroughputBenchmark {

    /** The byte {@link #windhoverScanNoCopy} looks for; the producer's data never contains it. */
    static final byte NEEDLE = '\n';

    /** Chunk data without {@link #NEEDLE}, the same for every variant. */
    static byte[] chunk(int size) {
        byte[] data = new byte[size];
        var random = new SplittableRandom(42);
        for (int i = 0; i < size; i++) {
            byte b = (byte) random.nextInt(256);
            data[i] = b == NEEDLE ? (byte) ' ' : b;
        }
        return data;
    }

    /** A {@link Pipe} over a {@link BlockMemoryPool}, fed by a producer thread. */
    @State(Scope.Thread)
    public static class WindhoverPipe {

        @Param({"4096", "65536"})
        int writeSize;

        BlockMemoryPool pool;
        Pipe pipe;
        PipeReader reader;
        byte[] sink;
        private Thread producer;
        private volatile Throwable producerFailure;

        @Setup(Level.Trial)
        public void start() {
            pool = BlockMemoryPool.create();
            pipe = new Pipe(PipeOptions.of(pool));
            reader = pipe.reader();
            sink = new byte[writeSize];
            byte[] source = chunk(writeSize);
            PipeWriter writer = pipe.writer();
            producer = Thread.ofPlatform().name("pipe-producer").daemon().start(() -> {
                try {
                    while (true) {
                        writer.write(source, 0, source.length);
                        FlushResult flushed = writer.flush();
                        if (flushed.isCompleted()) {
                            break; // the reader completed: the trial is over
                        }
                    }
                    writer.complete();
                } catch (Throwable e) {
                    producerFailure = e;
                    writer.complete(e); // the consumer's next read throws instead of waiting forever
                }
            });
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            reader.complete(); // releases a flush held by back-pressure, and makes the next one report completion
            producer.join(TimeUnit.SECONDS.toMillis(10));
            if (producer.isAlive()) {
                throw new IllegalStateException("the pipe producer did not stop within 10 s");
            }
            if (producerFailure != null) {
                throw new IllegalStateException("the pipe producer failed", producerFailure);
            }
            long rented = pool.statistics().rentedBlocks();
            pool.close();
            if (rented != 0) {
                throw new IllegalStateException(rented + " block(s) still rented after both ends of the pipe completed");
            }
        }
    }

    /** A {@link PipedInputStream} with a 64 KiB buffer, fed by a producer thread. */
    @State(Scope.Thread)
    public static class PipedStreams {

        @Param({"4096", "65536"})
        int writeSize;

        PipedInputStream in;
        byte[] sink;
        private Thread producer;
        private volatile boolean stopping;
        private volatile Throwable producerFailure;

        @Setup(Level.Trial)
        public void start() throws IOException {
            in = new PipedInputStream(64 * 1024);
            PipedOutputStream out = new PipedOutputStream(in);
            sink = new byte[writeSize];
            byte[] source = chunk(writeSize);
            producer = Thread.ofPlatform().name("piped-stream-producer").daemon().start(() -> {
                try {
                    while (true) {
                        out.write(source, 0, source.length);
                        out.flush(); // notifyAll: wakes a reader waiting on an empty buffer now, not at its 1 s poll
                    }
                } catch (IOException e) {
                    if (!stopping) {
                        producerFailure = e;
                    }
                } catch (Throwable e) {
                    producerFailure = e;
                }
            });
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException, InterruptedException {
            stopping = true;
            in.close(); // the producer's next write, or its next 1 s poll for space, throws "Pipe closed"
            producer.join(TimeUnit.SECONDS.toMillis(10));
            if (producer.isAlive()) {
                throw new IllegalStateException("the piped-stream producer did not stop within 10 s");
            }
            if (producerFailure != null) {
                throw new IllegalStateException("the piped-stream producer failed", producerFailure);
            }
        }
    }

    /** Counts the pipe consumer's blocking reads; JMH reports the count as a rate next to the score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Waits {
        /** Reads that found nothing new to return and had to wait for the producer. */
        public long waits;

        @Setup(Level.Iteration)
        public void clear() {
            waits = 0;
        }
    }

    /** {@code tryRead()}, counting a wait and blocking in {@code read()} when nothing is there yet. */
    private static ReadResult read(PipeReader reader, Waits counters) {
        ReadResult result = reader.tryRead();
        if (result == null) {
            counters.waits++;
            result = reader.read();
        }
        return result;
    }

    /** Consumes {@code writeSize} bytes from the pipe by copying them into a {@code byte[]}. */
    @Benchmark
    public byte windhoverCopy(WindhoverPipe state, Waits counters) {
        PipeReader reader = state.reader;
        byte[] sink = state.sink;
        int copied = 0;
        while (copied < sink.length) {
            ReadResult result = read(reader, counters);
            BufferSequence buffer = result.buffer();
            long start = buffer.start();
            int n = (int) Math.min(buffer.length(), sink.length - copied);
            if (n == 0) {
                reader.advanceTo(start);
                throw new IllegalStateException("the producer stopped: " + result);
            }
            buffer.copyTo(start, sink, copied, n);
            copied += n;
            reader.advanceTo(start + n);
        }
        return sink[sink.length - 1];
    }

    /**
     * Consumes {@code writeSize} bytes from the pipe without copying: scans them in place for a
     * byte that is not there, then advances past them. Not comparable with the stream baseline.
     * Allocates one small {@code BufferSequence} per read ({@code slice}), because
     * {@code indexOf} has no upper bound and the scan must stop at {@code writeSize} bytes.
     */
    @Benchmark
    public long windhoverScanNoCopy(WindhoverPipe state, Waits counters) {
        PipeReader reader = state.reader;
        long remaining = state.writeSize;
        long found = 0;
        while (remaining > 0) {
            ReadResult result = read(reader, counters);
            BufferSequence buffer = result.buffer();
            long start = buffer.start();
            long n = Math.min(buffer.length(), remaining);
            if (n == 0) {
                reader.advanceTo(start);
                throw new IllegalStateException("the producer stopped: " + result);
            }
            found += buffer.slice(start, start + n).indexOf(NEEDLE);
            remaining -= n;
            reader.advanceTo(start + n);
        }
        return found;
    }

    /** The baseline: consumes {@code writeSize} bytes from a {@link PipedInputStream} into a {@code byte[]}. */
    @Benchmark
    public byte pipedStreamCopy(PipedStreams state) throws IOException {
        PipedInputStream in = state.in;
        byte[] sink = state.sink;
        int copied = 0;
        while (copied < sink.length) {
            int n = in.read(sink, copied, sink.length - copied);
            if (n < 0) {
                throw new IllegalStateException("the producer stopped");
            }
            copied += n;
        }
        return sink[sink.length - 1];
    }
}
