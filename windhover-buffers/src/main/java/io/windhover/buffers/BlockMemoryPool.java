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
 *   <li><b>Stripes.</b> A thread rents from and returns to the free list its thread id picks;
 *       when that list is empty it takes from the others before allocating a new slab. Free lists
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
            MemoryBlock block = stripes[(home + i) & stripeMask].pop();
            if (block != null) {
                return leased(block);
            }
        }
        return leased(allocateSlab(home));
    }

    private MemoryBlock leased(MemoryBlock block) {
        RENTED.set(block, 1);
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
            stripes[homeStripe()].push(block);
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
            MemoryBlock raced = stripes[home].pop();
            if (raced != null) {
                return raced;
            }
            Slab slab = new Slab(blockSize, options.blocksPerSlab());
            slab.cut(owner);
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
            for (Stripe stripe : stripes) {
                stripe.lock.lock();
            }
            try {
                collectIdleSlabs(nowNanos, released);
                if (!released.isEmpty()) {
                    for (Stripe stripe : stripes) {
                        stripe.removeBlocksOf(released);
                    }
                    slabs.removeAll(released);
                    slabsReleased += released.size();
                }
            } finally {
                for (Stripe stripe : stripes) {
                    stripe.lock.unlock();
                }
            }
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

    /** With every stripe locked: marks the idle, fully free slabs. */
    private void collectIdleSlabs(long nowNanos, List<Slab> idle) {
        for (Slab slab : slabs) {
            slab.freeCount = 0;
        }
        for (Stripe stripe : stripes) {
            for (int i = 0; i < stripe.size; i++) {
                ((Slab) stripe.items[i].tag).freeCount++;
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
                stripe.lock.lock();
                try {
                    free += stripe.size;
                } finally {
                    stripe.lock.unlock();
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
                stripe.lock.lock();
                try {
                    stripe.clear();
                } finally {
                    stripe.lock.unlock();
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

    /** A LIFO free list with its own lock. */
    private static final class Stripe {
        final ReentrantLock lock = new ReentrantLock();
        MemoryBlock[] items;
        int size;

        Stripe(int initialCapacity) {
            items = new MemoryBlock[initialCapacity];
        }

        MemoryBlock pop() {
            lock.lock();
            try {
                if (size == 0) {
                    return null;
                }
                MemoryBlock block = items[--size];
                items[size] = null;
                return block;
            } finally {
                lock.unlock();
            }
        }

        void push(MemoryBlock block) {
            lock.lock();
            try {
                if (size == items.length) {
                    items = Arrays.copyOf(items, size * 2);
                }
                items[size++] = block;
            } finally {
                lock.unlock();
            }
        }

        void pushAll(MemoryBlock[] blocks, int from, int to) {
            lock.lock();
            try {
                int count = to - from;
                if (size + count > items.length) {
                    items = Arrays.copyOf(items, Math.max(items.length * 2, size + count));
                }
                // Reverse order, so the block after the one returned is rented next.
                for (int i = to - 1; i >= from; i--) {
                    items[size++] = blocks[i];
                }
            } finally {
                lock.unlock();
            }
        }

        /** Caller holds the lock. */
        void removeBlocksOf(List<Slab> released) {
            int kept = 0;
            for (int i = 0; i < size; i++) {
                MemoryBlock block = items[i];
                if (!released.contains((Slab) block.tag)) {
                    items[kept++] = block;
                }
            }
            Arrays.fill(items, kept, size, null);
            size = kept;
        }

        /** Caller holds the lock. */
        void clear() {
            Arrays.fill(items, 0, size, null);
            size = 0;
        }
    }
}
