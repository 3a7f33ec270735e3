package io.windhover.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.windhover.buffers.BlockMemoryPool;
import io.windhover.buffers.MemoryBlock;
import io.windhover.buffers.MemoryPoolOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of renting one 4 KiB block and giving it back: {@link BlockMemoryPool} against Netty's
 * {@link PooledByteBufAllocator#DEFAULT} ({@code directBuffer(4096)} + {@code release()}, and
 * {@code heapBuffer(4096)} + {@code release()} for reference).
 *
 * <p><b>Why.</b> A connection rents a block for every read from its socket and for every response
 * it buffers, so the pool's round trip is paid per I/O operation. Netty's pooled allocator is the
 * JVM's established answer to the same problem, hence the baseline.
 *
 * <p><b>What one operation is.</b> Rent (allocate) one block, write one byte into it (so neither
 * side can hand out memory it never maps), give it back. Nothing is held across operations, so
 * both pools serve every rent from their fastest path: Windhover's per-stripe LIFO free list,
 * Netty's per-thread cache. This is the best case for both; it says nothing about fragmentation or
 * a pool that has to grow.
 *
 * <p><b>Threads.</b> The {@code _1thread} methods run on one thread; the {@code _2threads} methods
 * ({@code @Threads(2)}) run two threads on one shared pool, and JMH reports their combined
 * operations per microsecond. Neither pool makes two threads share a free list there:
 * {@code BlockMemoryPool} picks a stripe by thread id (twice as many stripes as processors) and
 * Netty gives each thread its own cache. {@link #blockPool_oneStripe_2threads} forces both threads
 * onto one stripe (a pool built with {@code stripes(1)}) to show the cost of real lock contention,
 * the worst case for the striped design. The machine has two cores, so two benchmark threads leave
 * nothing for the JIT, GC and the OS: the contended numbers are noisier than the others.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {}, jvmArgsAppend = {
        JvmFlags.UNSAFE_MEMORY_ACCESS, JvmFlags.NATIVE_ACCESS, JvmFlags.NETTY_NO_LEAK_DETECTION})
public class MemoryPoolBenchmark {

    static final int BLOCK_SIZE = 4096;

    /** Pools shared by every benchmark thread. */
    @State(Scope.Benchmark)
    public static class Pools {
        BlockMemoryPool blockPool;
        BlockMemoryPool oneStripePool;
        PooledByteBufAllocator netty;

        @Setup(Level.Trial)
        public void setUp() {
            blockPool = BlockMemoryPool.create();
            oneStripePool = new BlockMemoryPool(MemoryPoolOptions.builder().stripes(1).build());
            netty = PooledByteBufAllocator.DEFAULT;
            if (blockPool.blockSize() != BLOCK_SIZE) {
                throw new IllegalStateException("expected 4 KiB blocks, the pool has " + blockPool.blockSize());
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            long rented = blockPool.statistics().rentedBlocks() + oneStripePool.statistics().rentedBlocks();
            blockPool.close();
            oneStripePool.close();
            if (rented != 0) {
                throw new IllegalStateException(rented + " block(s) still rented at the end");
            }
        }
    }

    /**
     * Prints, once per trial and thread, which of the default pool's stripes the thread's id picks,
     * so that a {@code _2threads} result can be read knowing whether the threads shared a free list.
     */
    @State(Scope.Thread)
    public static class StripeReport {
        @Setup(Level.Trial)
        public void report(Pools pools) {
            int stripes = pools.blockPool.options().stripes();
            Thread thread = Thread.currentThread();
            System.out.println("# " + thread.getName() + " (id " + thread.threadId() + ") uses stripe "
                    + (thread.threadId() & (stripes - 1)) + " of " + stripes + " in the default pool");
        }
    }

    static MemoryBlock rentAndReturn(BlockMemoryPool pool) {
        MemoryBlock block = pool.rent();
        block.buffer().put(0, (byte) 1);
        block.close();
        return block;
    }

    static ByteBuf allocateAndRelease(ByteBuf buffer) {
        buffer.setByte(0, 1);
        buffer.release();
        return buffer;
    }

    @Benchmark
    public MemoryBlock blockPool_1thread(Pools pools, StripeReport report) {
        return rentAndReturn(pools.blockPool);
    }

    @Benchmark
    @Threads(2)
    public MemoryBlock blockPool_2threads(Pools pools, StripeReport report) {
        return rentAndReturn(pools.blockPool);
    }

    @Benchmark
    @Threads(2)
    public MemoryBlock blockPool_oneStripe_2threads(Pools pools) {
        return rentAndReturn(pools.oneStripePool);
    }

    @Benchmark
    public ByteBuf nettyDirect_1thread(Pools pools) {
        return allocateAndRelease(pools.netty.directBuffer(BLOCK_SIZE));
    }

    @Benchmark
    @Threads(2)
    public ByteBuf nettyDirect_2threads(Pools pools) {
        return allocateAndRelease(pools.netty.directBuffer(BLOCK_SIZE));
    }

    @Benchmark
    public ByteBuf nettyHeap_1thread(Pools pools) {
        return allocateAndRelease(pools.netty.heapBuffer(BLOCK_SIZE));
    }

    @Benchmark
    @Threads(2)
    public ByteBuf nettyHeap_2threads(Pools pools) {
        return allocateAndRelease(pools.netty.heapBuffer(BLOCK_SIZE));
    }
}
