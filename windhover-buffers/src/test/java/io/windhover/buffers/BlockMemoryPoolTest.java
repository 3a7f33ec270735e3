package io.windhover.buffers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BlockMemoryPoolTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private static BlockMemoryPool pool(int blocksPerSlab, Duration idle) {
        return new BlockMemoryPool(MemoryPoolOptions.builder()
                .blockSize(4096).blocksPerSlab(blocksPerSlab).stripes(1).idleSlabTimeout(idle).build());
    }

    @Test
    void rentsBlocksOfTheConfiguredSizeThatHoldData() {
        try (var pool = BlockMemoryPool.create()) {
            try (MemoryBlock block = pool.rent()) {
                assertThat(block.capacity()).isEqualTo(4096);
                assertThat(block.isPooled()).isTrue();
                ByteBuffer buffer = block.buffer();
                assertThat(buffer.isDirect()).isTrue();
                buffer.putLong(4088, 0x1122334455667788L);
                assertThat(buffer.getLong(4088)).isEqualTo(0x1122334455667788L);
                assertThat(buffer.get(4088)).as("little-endian view").isEqualTo((byte) 0x88);
            }
        }
    }

    @Test
    void reusesTheMostRecentlyReturnedBlockFirst() {
        try (var pool = pool(4, Duration.ofSeconds(10))) {
            MemoryBlock first = pool.rent();
            MemoryBlock second = pool.rent();
            second.close();
            first.close();
            MemoryBlock again = pool.rent();
            MemoryBlock againSecond = pool.rent();
            assertThat(again).isSameAs(first);
            assertThat(againSecond).isSameAs(second);
            again.close();
            againSecond.close();
        }
    }

    @Test
    void growsBySlabWhenEmptyAndCountsWhatIsRented() {
        try (var pool = pool(4, Duration.ofSeconds(10))) {
            assertThat(pool.statistics().slabs()).isZero();
            List<MemoryBlock> blocks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                blocks.add(pool.rent());
            }
            PoolStatistics stats = pool.statistics();
            assertThat(stats.slabs()).isEqualTo(2);
            assertThat(stats.slabsAllocated()).isEqualTo(2);
            assertThat(stats.rentedBlocks()).isEqualTo(5);
            assertThat(stats.freeBlocks()).isEqualTo(3);
            assertThat(stats.reservedBytes()).isEqualTo(8 * 4096);
            blocks.forEach(MemoryBlock::close);
            assertThat(pool.statistics().rentedBlocks()).isZero();
            assertThat(pool.statistics().freeBlocks()).isEqualTo(8);
        }
    }

    @Test
    void rejectsABlockGivenBackTwice() {
        try (var pool = BlockMemoryPool.create()) {
            MemoryBlock block = pool.rent();
            block.close();
            assertThatThrownBy(block::close)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("given back twice");
            assertThat(pool.statistics().freeBlocks()).as("the second return added nothing").isEqualTo(pool.statistics().slabs() * 32);
        }
    }

    @Test
    void givesBackASlabOnlyAfterItWasIdleForTheTimeout() {
        try (var pool = pool(4, Duration.ofSeconds(10))) {
            pool.rent().close();
            long t0 = 1_000 * SECOND;
            assertThat(pool.evictIdleSlabs(t0)).as("rented from since the last pass").isZero();
            assertThat(pool.evictIdleSlabs(t0 + 9 * SECOND)).as("idle for 9 s").isZero();
            assertThat(pool.evictIdleSlabs(t0 + 10 * SECOND)).as("idle for 10 s").isEqualTo(1);
            PoolStatistics stats = pool.statistics();
            assertThat(stats.slabs()).isZero();
            assertThat(stats.freeBlocks()).isZero();
            assertThat(stats.slabsReleased()).isEqualTo(1);
            try (MemoryBlock again = pool.rent()) {
                assertThat(again.capacity()).as("a new slab after eviction").isEqualTo(4096);
            }
            assertThat(pool.statistics().slabsAllocated()).isEqualTo(2);
        }
    }

    @Test
    void keepsASlabWithARentedBlockAndOneInUse() {
        try (var pool = pool(2, Duration.ZERO)) {
            MemoryBlock held = pool.rent();
            MemoryBlock a = pool.rent();
            MemoryBlock b = pool.rent(); // second slab
            a.close();
            b.close();
            long t = 5 * SECOND;
            pool.evictIdleSlabs(t); // clears the "touched" marks
            assertThat(pool.evictIdleSlabs(t + SECOND)).as("only the slab with nothing rented").isEqualTo(1);
            assertThat(pool.statistics().slabs()).isEqualTo(1);
            held.buffer().put(0, (byte) 7);
            assertThat(held.buffer().get(0)).as("the surviving slab's memory is intact").isEqualTo((byte) 7);
            held.close();
        }
    }

    @Test
    void closeFreesMemorySoAStaleBufferFailsInsteadOfReadingFreedMemory() {
        var pool = pool(2, Duration.ofSeconds(10));
        MemoryBlock block = pool.rent();
        ByteBuffer stale = block.buffer();
        pool.close();
        assertThatThrownBy(() -> stale.get(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(pool::rent).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void evictedSlabMemoryCannotBeReadThroughAStaleBuffer() {
        try (var pool = pool(1, Duration.ZERO)) {
            MemoryBlock block = pool.rent();
            ByteBuffer stale = block.buffer();
            block.close();
            pool.evictIdleSlabs(0);
            assertThat(pool.evictIdleSlabs(1)).isEqualTo(1);
            assertThatThrownBy(() -> stale.get(0)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void manyThreadsRentAndReturnWithoutLosingOrDuplicatingBlocks() throws Exception {
        try (var pool = new BlockMemoryPool(MemoryPoolOptions.builder().blocksPerSlab(8).stripes(4).build())) {
            int threads = 8;
            int rounds = 20_000;
            var start = new CountDownLatch(1);
            var failure = new AtomicReference<Throwable>();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                byte mark = (byte) (t + 1);
                workers.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        List<MemoryBlock> held = new ArrayList<>();
                        for (int i = 0; i < rounds; i++) {
                            MemoryBlock block = pool.rent();
                            block.buffer().put(0, mark);
                            held.add(block);
                            if (held.size() == 3 || i == rounds - 1) {
                                for (MemoryBlock h : held) {
                                    // Another thread holding the same block would have overwritten the mark.
                                    if (h.buffer().get(0) != mark) {
                                        throw new AssertionError("block shared by two renters");
                                    }
                                    h.close();
                                }
                                held.clear();
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            start.countDown();
            for (Thread worker : workers) {
                worker.join();
            }
            assertThat(failure.get()).isNull();
            PoolStatistics stats = pool.statistics();
            assertThat(stats.rentedBlocks()).isZero();
            assertThat(stats.freeBlocks()).isEqualTo(stats.slabs() * 8);
        }
    }

    @Test
    void rejectsOptionsThatCannotWork() {
        assertThatThrownBy(() -> MemoryPoolOptions.builder().blockSize(1000).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power of two");
        assertThatThrownBy(() -> MemoryPoolOptions.builder().stripes(3).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MemoryPoolOptions.builder().blocksPerSlab(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MemoryPoolOptions.builder().idleSlabTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(MemoryPoolOptions.defaults().stripes()).isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
    }
}
