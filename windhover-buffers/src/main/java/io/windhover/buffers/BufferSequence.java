package io.windhover.buffers;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A read-only run of bytes over a chain of memory blocks: .NET's {@code ReadOnlySequence<byte>}.
 *
 * <p><b>Positions.</b> Bytes are addressed by absolute {@code long} positions from {@link #start()}
 * (inclusive) to {@link #end()} (exclusive). A pipe numbers the bytes of its stream from zero, so a
 * position stays meaningful across reads and is what {@link PipeReader#advanceTo(long, long)}
 * takes; a sequence built with {@link #of(byte[]...)} starts at zero. Positions cost no
 * allocation, and slicing by them does not copy.
 *
 * <p><b>Lifetime.</b> A sequence returned by a pipe read is valid until the reader's next
 * {@code advanceTo}: after that its memory may be back in the pool, and the pipe reuses the
 * sequence object for its next read. Copy out ({@link #toArray()}, {@link #toString(Charset)})
 * what must outlive it.
 *
 * <pre>{@code
 * ReadResult result = reader.read();
 * BufferSequence buffer = result.buffer();
 * long newline = buffer.indexOf((byte) '\n');
 * if (newline >= 0) {
 *     String line = buffer.slice(buffer.start(), newline).toString(StandardCharsets.US_ASCII);
 *     reader.advanceTo(newline + 1);
 * } else {
 *     reader.advanceTo(buffer.start(), buffer.end()); // need more bytes
 * }
 * }</pre>
 *
 * <p>Not thread-safe; read it on the thread that owns the reader.
 */
public final class BufferSequence {

    /** A sequence with no bytes. */
    public static final BufferSequence EMPTY = new BufferSequence(null, 0, null, 0);

    BufferSegment startSegment;
    long start;
    BufferSegment endSegment;
    long end;

    BufferSequence(BufferSegment startSegment, long start, BufferSegment endSegment, long end) {
        set(startSegment, start, endSegment, end);
    }

    /** For a pipe's reusable read buffer. */
    BufferSequence() {
    }

    void set(BufferSegment startSegment, long start, BufferSegment endSegment, long end) {
        this.startSegment = startSegment;
        this.start = start;
        this.endSegment = endSegment;
        this.end = end;
    }

    /**
     * A sequence over the given arrays, one segment each, in order, starting at position 0. The
     * arrays are not copied. Meant for tests and for parsers fed from outside a pipe.
     */
    public static BufferSequence of(byte[]... parts) {
        if (parts.length == 0) {
            return EMPTY;
        }
        BufferSegment first = null;
        BufferSegment last = null;
        long position = 0;
        for (byte[] part : parts) {
            var segment = new BufferSegment();
            segment.reset(MemoryBlock.wrap(part), position);
            segment.end = part.length;
            position += part.length;
            if (first == null) {
                first = segment;
            } else {
                last.next = segment;
            }
            last = segment;
        }
        return new BufferSequence(first, 0, last, position);
    }

    /** A single-segment sequence over {@code array[offset, offset + length)}, starting at position 0. */
    public static BufferSequence of(byte[] array, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, array.length);
        var segment = new BufferSegment();
        segment.reset(MemoryBlock.wrap(array), -offset);
        segment.end = offset + length;
        return new BufferSequence(segment, 0, segment, length);
    }

    /** Position of the first byte. */
    public long start() {
        return start;
    }

    /** Position just past the last byte. */
    public long end() {
        return end;
    }

    public long length() {
        return end - start;
    }

    public boolean isEmpty() {
        return end == start;
    }

    /** Whether all bytes lie in one block, so a parser can take its fast path. */
    public boolean isSingleSegment() {
        return startSegment == endSegment;
    }

    /** Number of blocks the bytes span (zero-length segments included). */
    public int segmentCount() {
        int count = 0;
        for (BufferSegment s = startSegment; s != null; s = s == endSegment ? null : s.next) {
            count++;
        }
        return count;
    }

    /** The byte at {@code position}. Costs a walk over the segments before it. */
    public byte get(long position) {
        checkPosition(position, position + 1);
        BufferSegment segment = segmentOf(position);
        return segment.block.buffer().get((int) (position - segment.runningIndex));
    }

    /** The bytes from {@code from} to the end, without copying. */
    public BufferSequence slice(long from) {
        return slice(from, end);
    }

    /** The bytes {@code [from, to)}, without copying. */
    public BufferSequence slice(long from, long to) {
        checkPosition(from, to);
        if (from == to) {
            BufferSegment at = segmentOf(from);
            return new BufferSequence(at, from, at, to);
        }
        return new BufferSequence(segmentOf(from), from, segmentOf(to - 1), to);
    }

    /** Position of the first {@code value}, or -1. */
    public long indexOf(byte value) {
        return indexOf(value, start);
    }

    /** Position of the first {@code value} at or after {@code from}, or -1. */
    public long indexOf(byte value, long from) {
        checkPosition(from, end);
        for (BufferSegment s = segmentOf(from); s != null; s = s == endSegment ? null : s.next) {
            int lo = (int) (Math.max(from, s.runningIndex) - s.runningIndex);
            int hi = limitIn(s);
            int found = ByteSearch.indexOf(s.block.buffer(), lo, hi, value);
            if (found >= 0) {
                return s.runningIndex + found;
            }
        }
        return -1;
    }

    /**
     * Position of the first {@code value} in {@code [from, to)}, or -1: a search that stops at a
     * bound, for parsers that must not look past a size limit.
     */
    public long indexOf(byte value, long from, long to) {
        checkPosition(from, to);
        for (BufferSegment s = segmentOf(from); s != null && s.runningIndex < to; s = s == endSegment ? null : s.next) {
            int lo = (int) (Math.max(from, s.runningIndex) - s.runningIndex);
            int hi = (int) (Math.min(to, s.runningIndex + limitIn(s)) - s.runningIndex);
            if (lo >= hi) {
                continue;
            }
            int found = ByteSearch.indexOf(s.block.buffer(), lo, hi, value);
            if (found >= 0) {
                return s.runningIndex + found;
            }
        }
        return -1;
    }

    /** Copies {@code length} bytes from {@code position} into {@code target[offset, offset + length)}. */
    public void copyTo(long position, byte[] target, int offset, int length) {
        checkPosition(position, position + length);
        Objects.checkFromIndexSize(offset, length, target.length);
        long from = position;
        long to = position + length;
        for (BufferSegment s = segmentOf(from); from < to; s = s.next) {
            int lo = (int) (from - s.runningIndex);
            int hi = (int) (Math.min(to, s.runningIndex + limitIn(s)) - s.runningIndex);
            s.block.buffer().get(lo, target, offset, hi - lo);
            offset += hi - lo;
            from += hi - lo;
        }
    }

    /**
     * Copies {@code length} bytes from {@code position} into {@code target} at its position, which
     * moves past them: how a protocol moves a range of a pipe into memory it writes from (an HTTP/2
     * DATA frame's payload into the output pipe's block).
     *
     * <pre>{@code
     * ByteBuffer memory = output.getMemory(length);
     * sequence.copyTo(sequence.start(), memory, length);
     * output.advance(length);
     * }</pre>
     *
     * @throws java.nio.BufferOverflowException if {@code target} has less room than {@code length}
     */
    public void copyTo(long position, ByteBuffer target, int length) {
        checkPosition(position, position + length);
        if (target.remaining() < length) {
            throw new java.nio.BufferOverflowException();
        }
        long from = position;
        long to = position + length;
        for (BufferSegment s = segmentOf(from); from < to; s = s.next) {
            int lo = (int) (from - s.runningIndex);
            int hi = (int) (Math.min(to, s.runningIndex + limitIn(s)) - s.runningIndex);
            target.put(target.position(), s.block.buffer(), lo, hi - lo);
            target.position(target.position() + hi - lo);
            from += hi - lo;
        }
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        if (length() > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("sequence of " + length() + " bytes does not fit an array");
        }
        byte[] copy = new byte[(int) length()];
        copyTo(start, copy, 0, copy.length);
        return copy;
    }

    /** The bytes decoded with {@code charset}. */
    public String toString(Charset charset) {
        return new String(toArray(), charset);
    }

    /** The bytes as ISO-8859-1 text (one char per byte), for logs and tests. */
    @Override
    public String toString() {
        return toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Fills {@code target} from {@code offset} with buffers positioned over this sequence's bytes,
     * one per non-empty segment, for a gathering write; returns how many it stored, at most
     * {@code target.length - offset} (the sequence's tail is left out when they do not all fit).
     * The buffers are the blocks' consumer-side views: valid only until the next
     * {@code advanceTo}, and only one sequence's views may be in use at a time.
     */
    public int toByteBuffers(ByteBuffer[] target, int offset) {
        int count = 0;
        for (BufferSegment s = startSegment; s != null && offset + count < target.length;
                s = s == endSegment ? null : s.next) {
            int lo = (int) (Math.max(start, s.runningIndex) - s.runningIndex);
            int hi = limitIn(s);
            if (hi > lo) {
                target[offset + count++] = s.block.readView().limit(hi).position(lo);
            }
        }
        return count;
    }

    /** Index within {@code s}'s block just past this sequence's last byte in it. */
    int limitIn(BufferSegment s) {
        // The end segment may still be written to by a pipe's writer; only this sequence's end is ours.
        return s == endSegment ? (int) (end - s.runningIndex) : s.end;
    }

    /** The segment holding {@code position}; for {@code position == end}, the end segment. */
    BufferSegment segmentOf(long position) {
        BufferSegment s = startSegment;
        while (s != endSegment && position >= s.runningIndex + s.end) {
            s = s.next;
        }
        return s;
    }

    private void checkPosition(long from, long to) {
        if (from < start || to > end || from > to) {
            throw new IndexOutOfBoundsException(
                    "range [" + from + ", " + to + ") is outside the sequence [" + start + ", " + end + ")");
        }
    }
}
