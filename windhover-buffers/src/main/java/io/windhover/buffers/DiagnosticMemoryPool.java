package io.windhover.buffers;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link MemoryPool} for tests that makes every misuse of memory fail loudly. Kestrel's
 * {@code DiagnosticMemoryPool}.
 *
 * <ul>
 *   <li>Each rent records where it happened (a stack trace).
 *   <li>Each block lives in its own off-heap arena, closed when the block is given back: reading
 *       or writing it afterwards, through any {@link java.nio.ByteBuffer} taken from it, throws
 *       {@link IllegalStateException} ("Already closed") instead of touching reused memory.
 *   <li>Giving a block back twice throws, naming where it was rented and first given back.
 *   <li>{@link #close()} throws if blocks are still rented, with each one's rent site attached as a
 *       suppressed exception; {@link #assertNoLeaks()} does the same check without closing.
 * </ul>
 *
 * <p>Much slower than {@link BlockMemoryPool} (one arena per rent): for tests only. Thread-safe.
 *
 * <pre>{@code
 * try (var pool = new DiagnosticMemoryPool()) {
 *     runTheTest(pool);
 * } // throws if the test leaked a block
 * }</pre>
 */
public final class DiagnosticMemoryPool implements MemoryPool {

    /** How many leaked blocks' rent sites an error lists; the count is always exact. */
    private static final int MAX_REPORTED_LEAKS = 20;

    private final int blockSize;
    private final Set<MemoryBlock> live = ConcurrentHashMap.newKeySet();
    private final BlockOwner owner = this::giveBack;
    private final AtomicLong rents = new AtomicLong();
    private volatile boolean closed;

    /** A diagnostic pool of {@link MemoryPoolOptions#DEFAULT_BLOCK_SIZE}-byte blocks. */
    public DiagnosticMemoryPool() {
        this(MemoryPoolOptions.DEFAULT_BLOCK_SIZE);
    }

    public DiagnosticMemoryPool(int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be positive, was " + blockSize);
        }
        this.blockSize = blockSize;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public MemoryBlock rent() {
        if (closed) {
            throw new IllegalStateException("diagnostic memory pool is closed");
        }
        Arena arena = Arena.ofShared();
        MemorySegment segment = arena.allocate(blockSize, 8);
        var lease = new Lease(arena, new Throwable("block rented here, by thread " + Thread.currentThread().getName()));
        MemoryBlock block = new MemoryBlock(owner, segment.asByteBuffer(), lease);
        live.add(block);
        rents.incrementAndGet();
        return block;
    }

    private void giveBack(MemoryBlock block) {
        Lease lease = (Lease) block.tag;
        synchronized (lease) {
            if (lease.returnedAt != null) {
                var error = new IllegalStateException("memory block given back twice; first given back at the cause, rented at the suppressed trace",
                        lease.returnedAt);
                error.addSuppressed(lease.rentedAt);
                throw error;
            }
            lease.returnedAt = new Throwable("block given back here, by thread " + Thread.currentThread().getName());
        }
        live.remove(block);
        lease.arena.close();
    }

    /** Blocks rented and not yet given back. */
    public int rentedBlocks() {
        return live.size();
    }

    /** Blocks rented since the pool was created. */
    public long totalRents() {
        return rents.get();
    }

    @Override
    public PoolStatistics statistics() {
        int rented = live.size();
        return new PoolStatistics(blockSize, rented, 0, 0, 0, 0, (long) rented * blockSize);
    }

    /**
     * Throws if any block is rented now, listing where each was rented.
     *
     * @throws IllegalStateException naming the count, with the rent sites as suppressed exceptions
     */
    public void assertNoLeaks() {
        List<MemoryBlock> leaked = new ArrayList<>(live);
        if (leaked.isEmpty()) {
            return;
        }
        var error = new IllegalStateException(leaked.size() + " memory block(s) still rented; their rent sites follow");
        for (int i = 0; i < Math.min(leaked.size(), MAX_REPORTED_LEAKS); i++) {
            error.addSuppressed(((Lease) leaked.get(i).tag).rentedAt);
        }
        throw error;
    }

    /**
     * Closes the pool and fails if blocks are still rented; their memory is freed either way, so a
     * later use of them throws.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            assertNoLeaks();
        } finally {
            for (MemoryBlock block : live) {
                Lease lease = (Lease) block.tag;
                synchronized (lease) {
                    if (lease.returnedAt == null) {
                        lease.returnedAt = new Throwable("block freed by the pool's close()");
                        lease.arena.close();
                    }
                }
            }
            live.clear();
        }
    }

    private static final class Lease {
        final Arena arena;
        final Throwable rentedAt;
        Throwable returnedAt;

        Lease(Arena arena, Throwable rentedAt) {
            this.arena = arena;
            this.rentedAt = rentedAt;
        }
    }
}
