package io.windhover.buffers;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link MemoryPool}: slabs of off-heap memory cut into fixed-size blocks, kept in
 * striped LIFO free lists. Kestrel's {@code PinnedBlockMemoryPool}.
 *
 * <ul>
 *   <li><b>Slabs.</b> Memory comes from {@link Arena#ofShared()} arenas, one per slab, so a slab
 *       given back is freed at once rather than when the garbage collector gets to it, and a block
 *       used after its slab is freed fails with {@link IllegalStateException} instead of reading
 *       freed memory.
 *   <li><b>Stripes.</b> A thread rents from the free list its thread id picks, and a block goes
 *       back to the list of the thread that rented it; when its list is empty a thread takes from
 *       the others before allocating a new slab. Each list is padded to its own cache lines. Free lists
 *       are stacks, so the most recently used (cache-warm) blocks go out first and the blocks of
 *       slabs nobody needs stay untouched until eviction gives them back.
 *   <li><b>Eviction.</b> The owner calls {@link #evictIdleSlabs()} periodically (the server's
 *       heartbeat does, once a second). A slab whose blocks are all free and from which nothing was
 *       rented for {@link MemoryPoolOptions#idleSlabTimeout()} is released.
 *   <li><b>Misuse.</b> Giving a block back twice throws. Blocks still rented when the pool closes
 *       are reported in one warning; touching them afterwards throws.
 * </ul>
 *
 * <p>Thread-safe.
 *
 * <pre>{@code
 * MemoryPool pool = BlockMemoryPool.create();
 * try (MemoryBlock block = pool.rent()) {
 *     socket.read(block.buffer().clear());
 * }
 * }</pre>
 */
public final class BlockMemoryPool implements MemoryPool {

    private static final Logger LOG = LoggerFactory.getLogger(BlockMemoryPool.class);
    private static final VarHandle RENTED;

    static {
        try {
            RENTED = MethodHandles.lookup().findVarHandle(MemoryBlock.class, "rented", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MemoryPoolOptions options;
    private final int blockSize;
    private final Stripe[] stripes;
    private final int stripeMask;
    private final BlockOwner owner = this::giveBack;
    /** Guards {@link #slabs} and slab allocation; taken before any stripe lock, never after. */
    private final ReentrantLock slabLock = new ReentrantLock();
    private final List<Slab> slabs = new ArrayList<>();
    /**
     * Every block by id. PERF: free lists hold {@code int} ids, not references, so renting and
     * returning store no reference and pay no GC card-marking barrier, whose card-table writes two
     * threads otherwise share (MemoryPoolBenchmark.blockPool_2threads fell to 7-15 ops/us under
     * ParallelGC's unconditional card marking). Grown copy-on-write under {@link #slabLock}.
     */
    private volatile MemoryBlock[] blocksById = new MemoryBlock[0];
    /** Ids of released slabs' blocks, for reuse; guarded by {@link #slabLock}. */
    private int[] freeIds = new int[0];
    private int freeIdCount;
    private int nextId;
    private long slabsAllocated;
    private long slabsReleased;
    private volatile boolean closed;

    public BlockMemoryPool(MemoryPoolOptions options) {
        this.options = options;
        this.blockSize = options.blockSize();
        this.stripes = new Stripe[options.stripes()];
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Stripe(options.blocksPerSlab());
        }
        this.stripeMask = stripes.length - 1;
    }

    /** A pool with {@link MemoryPoolOptions#defaults()}. */
    public static BlockMemoryPool create() {
        return new BlockMemoryPool(MemoryPoolOptions.defaults());
    }

    public MemoryPoolOptions options() {
        return options;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public MemoryBlock rent() {
        if (closed) {
            throw new IllegalStateException("memory pool is closed");
        }
        int home = homeStripe();
        for (int i = 0; i < stripes.length; i++) {
            int id = stripes[(home + i) & stripeMask].pop();
            if (id >= 0) {
                return leased(blocksById[id], home);
            }
        }
        return leased(allocateSlab(home), home);
    }

    private MemoryBlock leased(MemoryBlock block, int home) {
        RENTED.set(block, 1);
        block.homeStripe = home;
        Slab slab = (Slab) block.tag;
        // Read before write: once marked, the rent path only reads the shared slab's cache line.
        if (!slab.touched) {
            slab.touched = true;
        }
        return block;
    }

    private void giveBack(MemoryBlock block) {
        if (!RENTED.compareAndSet(block, 1, 0)) {
            throw new IllegalStateException("memory block given back twice (or never rented from this pool)");
        }
        if (!closed) {
            // PERF: back to the renter's stripe, not the returner's. In a pipe one thread rents
            // (the I/O loop) and another returns (the application); returning to the renter keeps
            // its stripe stocked instead of making every rent a steal (MemoryPoolBenchmark).
            stripes[block.homeStripe].push(block.id);
        }
    }

    private int homeStripe() {
        return (int) Thread.currentThread().threadId() & stripeMask;
    }

    /** Allocates a slab, puts all its blocks but one in the home stripe and returns that one. */
    private MemoryBlock allocateSlab(int home) {
        slabLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("memory pool is closed");
            }
            // Another thread may have grown the pool while this one waited for the lock.
            int raced = stripes[home].pop();
            if (raced >= 0) {
                return blocksById[raced];
            }
            Slab slab = new Slab(blockSize, options.blocksPerSlab());
            slab.cut(owner);
            assignIds(slab.blocks);
            slabs.add(slab);
            slabsAllocated++;
            LOG.debug("memory pool grew to {} slabs of {} bytes", slabs.size(), slab.segment.byteSize());
            MemoryBlock[] blocks = slab.blocks;
            stripes[home].pushAll(blocks, 1, blocks.length);
            return blocks[0];
        } finally {
            slabLock.unlock();
        }
    }

    /** With {@link #slabLock} held: numbers the blocks, reusing released ids first, and publishes them. */
    private void assignIds(MemoryBlock[] blocks) {
        MemoryBlock[] table = blocksById;
        int highest = nextId + blocks.length;
        if (highest > table.length) {
            table = Arrays.copyOf(table, Math.max(highest, table.length * 2));
        }
        for (MemoryBlock block : blocks) {
            block.id = freeIdCount > 0 ? freeIds[--freeIdCount] : nextId++;
            table[block.id] = block;
        }
        blocksById = table; // publishes the entries before any id reaches a free list
    }

    /** With {@link #slabLock} and every stripe held: forgets the released slabs' blocks, keeping their ids for reuse. */
    private void releaseIds(List<Slab> released) {
        MemoryBlock[] table = blocksById;
        for (Slab slab : released) {
            for (MemoryBlock block : slab.blocks) {
                table[block.id] = null;
                if (freeIdCount == freeIds.length) {
                    freeIds = Arrays.copyOf(freeIds, Math.max(16, freeIds.length * 2));
                }
                freeIds[freeIdCount++] = block.id;
            }
        }
    }


    /** {@link #evictIdleSlabs(long)} at {@link System#nanoTime()}. */
    public int evictIdleSlabs() {
        return evictIdleSlabs(System.nanoTime());
    }

    /**
     * Gives back every slab whose blocks are all free and from which nothing was rented during
     * at least {@link MemoryPoolOptions#idleSlabTimeout()} before {@code nowNanos}. Idleness is
     * observed by these calls, so call it more often than the timeout (the heartbeat: every second).
     *
     * @param nowNanos the caller's clock, in the units of {@link System#nanoTime()}
     * @return the number of slabs released
     */
    public int evictIdleSlabs(long nowNanos) {
        List<Slab> released = new ArrayList<>();
        slabLock.lock();
        try {
            if (closed || slabs.isEmpty()) {
                return 0;
            }
            withAllStripesLocked(0, () -> {
                collectIdleSlabs(nowNanos, released);
                if (!released.isEmpty()) {
                    for (Stripe stripe : stripes) {
                        stripe.removeBlocksOf(released, blocksById);
                    }
                    releaseIds(released);
                    slabs.removeAll(released);
                    slabsReleased += released.size();
                }
            });
        } finally {
            slabLock.unlock();
        }
        for (Slab slab : released) {
            slab.arena.close();
        }
        if (!released.isEmpty()) {
            LOG.debug("memory pool gave back {} idle slabs; {} remain", released.size(), slabs.size());
        }
        return released.size();
    }

    /** Runs {@code action} holding the monitors of stripes {@code from} and up, taken in index order. */
    private void withAllStripesLocked(int from, Runnable action) {
        if (from == stripes.length) {
            action.run();
            return;
        }
        synchronized (stripes[from]) {
            withAllStripesLocked(from + 1, action);
        }
    }

    /** With every stripe locked: marks the idle, fully free slabs. */
    private void collectIdleSlabs(long nowNanos, List<Slab> idle) {
        for (Slab slab : slabs) {
            slab.freeCount = 0;
        }
        for (Stripe stripe : stripes) {
            MemoryBlock[] table = blocksById;
            for (int i = 0; i < stripe.size; i++) {
                ((Slab) table[stripe.ids[Stripe.PAD + i]].tag).freeCount++;
            }
        }
        long timeout = options.idleSlabTimeout().toNanos();
        for (Slab slab : slabs) {
            if (slab.touched) {
                slab.touched = false;
                slab.idleSince = nowNanos;
            } else if (slab.freeCount == slab.blocks.length && nowNanos - slab.idleSince >= timeout) {
                idle.add(slab);
            }
        }
    }

    @Override
    public PoolStatistics statistics() {
        slabLock.lock();
        try {
            long free = 0;
            for (Stripe stripe : stripes) {
                synchronized (stripe) {
                    free += stripe.size;
                }
            }
            long total = (long) slabs.size() * options.blocksPerSlab();
            return new PoolStatistics(blockSize, total - free, free, slabs.size(), slabsAllocated, slabsReleased,
                    total * blockSize);
        } finally {
            slabLock.unlock();
        }
    }

    /**
     * Frees every slab. Blocks still rented are reported in one warning; using them afterwards
     * throws {@link IllegalStateException}, and giving them back is harmless.
     */
    @Override
    public void close() {
        List<Slab> toFree;
        long rented;
        slabLock.lock();
        try {
            if (closed) {
                return;
            }
            rented = statistics().rentedBlocks();
            closed = true;
            toFree = new ArrayList<>(slabs);
            slabs.clear();
            for (Stripe stripe : stripes) {
                synchronized (stripe) {
                    stripe.clear();
                }
            }
        } finally {
            slabLock.unlock();
        }
        for (Slab slab : toFree) {
            slab.arena.close();
        }
        if (rented > 0) {
            LOG.warn("memory pool closed with {} block(s) still rented; a connection or pipe did not give its memory back", rented);
        }
    }

    /** One off-heap allocation cut into blocks. */
    private static final class Slab {
        final Arena arena = Arena.ofShared();
        final MemorySegment segment;
        final int blockSize;
        MemoryBlock[] blocks;
        /** Set by rents (racy by design: a lost update only delays eviction by one round). */
        volatile boolean touched = true;
        long idleSince;
        /** Scratch for {@link #collectIdleSlabs}. */
        int freeCount;

        Slab(int blockSize, int count) {
            // Aligned to the block size so no block straddles a page it does not need.
            this.segment = arena.allocate((long) blockSize * count, blockSize);
            this.blockSize = blockSize;
            this.blocks = new MemoryBlock[count];
        }

        void cut(BlockOwner owner) {
            for (int i = 0; i < blocks.length; i++) {
                MemorySegment slice = segment.asSlice((long) i * blockSize, blockSize);
                blocks[i] = new MemoryBlock(owner, slice.asByteBuffer(), this);
            }
        }
    }

    /** 128 bytes of padding: two cache lines, since CPUs prefetch lines in adjacent pairs. */
    @SuppressWarnings("unused")
    private abstract static class StripePadding {
        private long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    }

    private abstract static class StripeState extends StripePadding {
        /** Block ids at {@code [PAD, PAD + size)}; the slots outside keep neighbours off these lines. */
        int[] ids;
        int size;
    }

    /**
     * A LIFO free list of block ids guarded by its own monitor. PERF: padded on both sides
     * (superclass fields come first in HotSpot's layout), and its array too, so that threads on
     * different stripes do not write the same cache line (MemoryPoolBenchmark.blockPool_2threads).
     */
    @SuppressWarnings("unused")
    private static final class Stripe extends StripeState {
        /** 32 ints: 128 bytes. */
        static final int PAD = 32;
        private long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

        Stripe(int initialCapacity) {
            ids = new int[PAD + initialCapacity + PAD];
        }

        /** The most recently pushed id, or -1 if empty. */
        synchronized int pop() {
            return size == 0 ? -1 : ids[PAD + --size];
        }

        synchronized void push(int id) {
            ensureRoom(1);
            ids[PAD + size++] = id;
        }

        synchronized void pushAll(MemoryBlock[] blocks, int from, int to) {
            ensureRoom(to - from);
            // Reverse order, so the block after the one returned is rented next.
            for (int i = to - 1; i >= from; i--) {
                ids[PAD + size++] = blocks[i].id;
            }
        }

        private void ensureRoom(int count) {
            int capacity = ids.length - 2 * PAD;
            if (size + count > capacity) {
                var grown = new int[PAD + Math.max(capacity * 2, size + count) + PAD];
                System.arraycopy(ids, PAD, grown, PAD, size);
                ids = grown;
            }
        }

        /** Caller holds the monitor. */
        void removeBlocksOf(List<Slab> released, MemoryBlock[] table) {
            int kept = 0;
            for (int i = 0; i < size; i++) {
                int id = ids[PAD + i];
                if (!released.contains((Slab) table[id].tag)) {
                    ids[PAD + kept++] = id;
                }
            }
            size = kept;
        }

        /** Caller holds the monitor. */
        void clear() {
            size = 0;
        }
    }
}
