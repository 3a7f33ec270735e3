package io.windhover.buffers;

import java.time.Duration;

/**
 * Settings of a {@link BlockMemoryPool}.
 *
 * <pre>{@code
 * var options = MemoryPoolOptions.builder().blockSize(8192).idleSlabTimeout(Duration.ofSeconds(30)).build();
 * try (var pool = new BlockMemoryPool(options)) { ... }
 * }</pre>
 *
 * @param blockSize bytes per block, a power of two. Default {@value #DEFAULT_BLOCK_SIZE}: one OS page,
 *     Kestrel's block size, large enough for a typical request head in one block.
 * @param blocksPerSlab blocks cut from one off-heap allocation. Default {@value #DEFAULT_BLOCKS_PER_SLAB}
 *     (128 KiB slabs at the default block size, the slab size of Kestrel's former
 *     {@code SlabMemoryPool}): few enough allocations to be cheap, small enough to give back.
 * @param stripes independent free lists, a power of two; threads pick one by thread id so that I/O
 *     loops rarely contend. Default: the smallest power of two not below twice the processor count.
 * @param idleSlabTimeout a slab none of whose blocks is rented, and from which nothing was rented for
 *     this long, is given back by {@link BlockMemoryPool#evictIdleSlabs()}. Default 10 s.
 */
public record MemoryPoolOptions(int blockSize, int blocksPerSlab, int stripes, Duration idleSlabTimeout) {

    public static final int DEFAULT_BLOCK_SIZE = 4096;
    public static final int DEFAULT_BLOCKS_PER_SLAB = 32;
    public static final Duration DEFAULT_IDLE_SLAB_TIMEOUT = Duration.ofSeconds(10);

    public MemoryPoolOptions {
        if (blockSize < 64 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("blockSize must be a power of two of at least 64, was " + blockSize);
        }
        if (blocksPerSlab < 1 || (long) blockSize * blocksPerSlab > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("blocksPerSlab must be at least 1 and the slab under 2 GiB, was " + blocksPerSlab);
        }
        if (stripes < 1 || Integer.bitCount(stripes) != 1) {
            throw new IllegalArgumentException("stripes must be a power of two, was " + stripes);
        }
        if (idleSlabTimeout == null || idleSlabTimeout.isNegative()) {
            throw new IllegalArgumentException("idleSlabTimeout must be zero or positive, was " + idleSlabTimeout);
        }
    }

    /** The defaults listed above. */
    public static MemoryPoolOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    static int defaultStripes() {
        int wanted = Runtime.getRuntime().availableProcessors() * 2;
        return wanted <= 1 ? 1 : Integer.highestOneBit(wanted - 1) << 1;
    }

    /** Builds {@link MemoryPoolOptions}; every setting starts at its default. */
    public static final class Builder {
        private int blockSize = DEFAULT_BLOCK_SIZE;
        private int blocksPerSlab = DEFAULT_BLOCKS_PER_SLAB;
        private int stripes = defaultStripes();
        private Duration idleSlabTimeout = DEFAULT_IDLE_SLAB_TIMEOUT;

        private Builder() {
        }

        public Builder blockSize(int blockSize) {
            this.blockSize = blockSize;
            return this;
        }

        public Builder blocksPerSlab(int blocksPerSlab) {
            this.blocksPerSlab = blocksPerSlab;
            return this;
        }

        public Builder stripes(int stripes) {
            this.stripes = stripes;
            return this;
        }

        public Builder idleSlabTimeout(Duration idleSlabTimeout) {
            this.idleSlabTimeout = idleSlabTimeout;
            return this;
        }

        public MemoryPoolOptions build() {
            return new MemoryPoolOptions(blockSize, blocksPerSlab, stripes, idleSlabTimeout);
        }
    }
}
