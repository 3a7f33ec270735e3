package io.windhover.buffers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One fixed-size block of memory rented from a {@link MemoryPool}, or an unpooled block that wraps
 * heap memory.
 *
 * <p>Ownership: whoever rents a block owns it until {@link #close()} gives it back. After that
 * the block and every {@link ByteBuffer} taken from it must not be touched; a
 * {@link DiagnosticMemoryPool} turns such a use into an {@link IllegalStateException}. Closing a
 * block twice is a bug and throws.
 *
 * <p>Both views of the block use {@link ByteOrder#LITTLE_ENDIAN}, so parsers that compare bytes as
 * {@code long}s read them in the order they arrived (the native order of x86-64 and AArch64).
 *
 * <pre>{@code
 * try (MemoryBlock block = pool.rent()) {
 *     ByteBuffer buffer = block.buffer();
 *     buffer.clear().put(bytes);
 *     ...
 * } // back in the pool
 * }</pre>
 *
 * <p>Not thread-safe: a block has one owner at a time.
 */
public final class MemoryBlock implements AutoCloseable {

    /** Where a pooled block goes back to; {@code null} for unpooled blocks. */
    private final BlockOwner owner;
    private final ByteBuffer buffer;
    /** A second view of the same memory for the consumer side of a pipe (see {@link BufferSequence#toByteBuffers}). */
    private final ByteBuffer readView;
    /** Pool-private bookkeeping: the slab of a {@link BlockMemoryPool}, the lease of a diagnostic pool. */
    final Object tag;
    /** 1 while rented, 0 while in the pool; changed only by the owning pool, through a VarHandle. */
    int rented;
    /** The free list of the thread that rented it, where it goes back; set by {@link BlockMemoryPool}. */
    int homeStripe;
    /** Index in its {@link BlockMemoryPool}'s block table; set when the slab is cut. */
    int id;
    /**
     * PERF: the blocks of a slab are allocated one after another, so without padding two threads'
     * blocks share cache lines and every rent and return (which write {@link #rented}) bounces them
     * between cores (MemoryPoolBenchmark.blockPool_2threads). HotSpot lays out longs before ints and
     * references, so these 128 bytes sit between one block's hot fields and the next block's.
     */
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    MemoryBlock(BlockOwner owner, ByteBuffer memory, Object tag) {
        this.owner = owner;
        this.buffer = memory.duplicate().clear().order(ByteOrder.LITTLE_ENDIAN);
        this.readView = memory.duplicate().clear().order(ByteOrder.LITTLE_ENDIAN);
        this.tag = tag;
    }

    /**
     * Wraps a heap array as an unpooled block; {@link #close()} does nothing. Used by tests and by
     * {@link BufferSequence#of(byte[]...)}.
     */
    public static MemoryBlock wrap(byte[] array) {
        return new MemoryBlock(null, ByteBuffer.wrap(array), null);
    }

    /** A new unpooled heap block of the given capacity; {@link #close()} does nothing. */
    public static MemoryBlock allocateUnpooled(int capacity) {
        return wrap(new byte[capacity]);
    }

    /** Size of the block in bytes. */
    public int capacity() {
        return buffer.capacity();
    }

    /**
     * The block's memory as a buffer whose position and limit belong to the block's owner (in a
     * pipe: the writer). Absolute reads and writes at {@code [0, capacity())} are always valid while
     * the block is rented.
     */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** The view the consumer side of a pipe positions for socket writes; never shared with the writer. */
    ByteBuffer readView() {
        return readView;
    }

    /** Whether this block came from a pool (and closing it gives it back). */
    public boolean isPooled() {
        return owner != null;
    }

    /** Gives the block back to its pool; a no-op for unpooled blocks. Throws if already given back. */
    @Override
    public void close() {
        if (owner != null) {
            owner.giveBack(this);
        }
    }
}
