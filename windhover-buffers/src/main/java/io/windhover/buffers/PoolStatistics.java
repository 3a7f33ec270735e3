package io.windhover.buffers;

/**
 * A snapshot of a {@link MemoryPool}'s counters, for metrics and for tests that check nothing
 * leaked. Values are read without stopping the pool, so under load they may be mutually skewed by
 * the rents in flight.
 *
 * @param blockSize bytes per block
 * @param rentedBlocks blocks currently rented out
 * @param freeBlocks blocks in the pool ready to rent
 * @param slabs slabs currently held (zero for the diagnostic pool, which does not use slabs)
 * @param slabsAllocated slabs allocated since the pool was created
 * @param slabsReleased idle slabs given back to the operating system since the pool was created
 * @param reservedBytes off-heap bytes held now
 */
public record PoolStatistics(
        int blockSize,
        long rentedBlocks,
        long freeBlocks,
        long slabs,
        long slabsAllocated,
        long slabsReleased,
        long reservedBytes) {
}
