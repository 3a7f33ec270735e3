package io.windhover.buffers;

/**
 * A source of fixed-size {@link MemoryBlock}s. Kestrel's {@code MemoryPool<byte>}.
 *
 * <p>Thread-safe: any thread may rent, and a block may be given back from a thread other than the
 * one that rented it. Two implementations: {@link BlockMemoryPool} for production and
 * {@link DiagnosticMemoryPool} for tests, which tracks every lease.
 *
 * <pre>{@code
 * try (MemoryPool pool = BlockMemoryPool.create()) {
 *     try (MemoryBlock block = pool.rent()) {
 *         block.buffer().put(0, (byte) 1);
 *     }
 * }
 * }</pre>
 */
public interface MemoryPool extends AutoCloseable {

    /** Size in bytes of every block this pool rents. */
    int blockSize();

    /**
     * Rents a block of {@link #blockSize()} bytes. Its contents are unspecified (old data may
     * remain). Close the block to give it back.
     *
     * @throws IllegalStateException if the pool is closed
     */
    MemoryBlock rent();

    /** A snapshot of the pool's counters. */
    PoolStatistics statistics();

    /** Releases the pool's memory. Blocks still rented must not be used afterwards. */
    @Override
    void close();
}
