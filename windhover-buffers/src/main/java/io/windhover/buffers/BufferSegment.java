package io.windhover.buffers;

/**
 * A link in a chain of blocks: the memory of one {@link MemoryBlock} with the count of bytes
 * written into it and its place in the stream.
 *
 * <p>Positions are absolute {@code long}s: byte {@code i} of this segment's block is at position
 * {@code runningIndex + i}. Segments of one chain have contiguous positions. Owned by a
 * {@link Pipe} (which recycles segment objects) or by a {@link BufferSequence} built from arrays.
 */
final class BufferSegment {
    MemoryBlock block;
    /** Bytes of the block holding data: {@code [0, end)}. */
    int end;
    /** Position of byte 0 of the block. */
    long runningIndex;
    BufferSegment next;

    void reset(MemoryBlock block, long runningIndex) {
        this.block = block;
        this.end = 0;
        this.runningIndex = runningIndex;
        this.next = null;
    }

    /** Position just past the last byte written. */
    long endPosition() {
        return runningIndex + end;
    }
}
