package io.windhover.buffers;

import java.nio.ByteBuffer;

/**
 * A forward cursor over a {@link BufferSequence} for parsers: .NET's {@code SequenceReader<byte>}.
 *
 * <p>The reader walks the sequence's blocks without copying and without allocating. Methods that
 * look for something ({@code tryReadTo}, {@link #isNext}) consume nothing when they do not find
 * it, so an incremental parser can give up, wait for more bytes, and start again from the same
 * place.
 *
 * <pre>{@code
 * var reader = new SequenceReader(buffer);
 * long lineStart = reader.position();
 * long lineLength = reader.tryReadTo(CRLF, true);
 * if (lineLength < 0) {
 *     return false;                       // incomplete: examined everything, consumed nothing
 * }
 * BufferSequence line = buffer.slice(lineStart, lineStart + lineLength);
 * }</pre>
 *
 * <p>Not thread-safe. Reusable through {@link #reset(BufferSequence)}.
 */
public final class SequenceReader {

    private BufferSequence sequence;
    /** Segment holding the next byte, or the end segment once at the end. */
    private BufferSegment segment;
    private ByteBuffer memory;
    /** Index of the next byte in {@link #memory}. */
    private int index;
    /** Index just past this sequence's bytes in {@link #memory}. */
    private int limit;
    private long position;

    public SequenceReader(BufferSequence sequence) {
        reset(sequence);
    }

    /** Starts over on {@code sequence}. */
    public void reset(BufferSequence sequence) {
        this.sequence = sequence;
        this.position = sequence.start();
        moveTo(sequence.startSegment, position);
    }

    /** The sequence being read. */
    public BufferSequence sequence() {
        return sequence;
    }

    /** Absolute position of the next byte. */
    public long position() {
        return position;
    }

    /** Bytes consumed since the start of the sequence. */
    public long consumed() {
        return position - sequence.start();
    }

    /** Bytes left. */
    public long remaining() {
        return sequence.end() - position;
    }

    /** Whether every byte has been consumed. */
    public boolean isAtEnd() {
        return position == sequence.end();
    }

    /** The bytes not yet consumed, without copying. */
    public BufferSequence unreadSequence() {
        return sequence.slice(position);
    }

    /** The next byte as 0-255 without consuming it, or -1 at the end. */
    public int peek() {
        if (index < limit) {
            return memory.get(index) & 0xFF;
        }
        return skipEmptyTail() ? memory.get(index) & 0xFF : -1;
    }

    /** The byte {@code offset} bytes ahead (0 = {@link #peek()}) as 0-255, or -1 past the end. */
    public int peek(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
        if (index + offset < limit) {
            return memory.get(index + (int) offset) & 0xFF;
        }
        long at = position + offset;
        return at < sequence.end() ? sequence.get(at) & 0xFF : -1;
    }

    /** Consumes and returns the next byte as 0-255, or returns -1 at the end. */
    public int read() {
        if (index >= limit && !skipEmptyTail()) {
            return -1;
        }
        position++;
        return memory.get(index++) & 0xFF;
    }

    /**
     * Consumes {@code count} bytes.
     *
     * @throws IllegalArgumentException if fewer than {@code count} bytes remain (nothing is consumed)
     */
    public void advance(long count) {
        if (count < 0 || count > remaining()) {
            throw new IllegalArgumentException("cannot advance " + count + " bytes with " + remaining() + " remaining");
        }
        if (index + count <= limit) {
            index += (int) count;
            position += count;
            return;
        }
        setPosition(position + count);
    }

    /**
     * Moves back {@code count} bytes, not before the sequence's start.
     *
     * @throws IllegalArgumentException if that would go before the start
     */
    public void rewind(long count) {
        if (count < 0 || count > consumed()) {
            throw new IllegalArgumentException("cannot rewind " + count + " bytes after consuming " + consumed());
        }
        setPosition(position - count);
    }

    /** Consumes bytes equal to {@code value}; returns how many. */
    public long advancePast(byte value) {
        long start = position;
        while (true) {
            while (index < limit) {
                if (memory.get(index) != value) {
                    return position - start;
                }
                index++;
                position++;
            }
            if (!nextSegment()) {
                return position - start;
            }
        }
    }

    /**
     * Looks for {@code delimiter} from the current position. When found, consumes the bytes before
     * it (and the delimiter too if {@code advancePastDelimiter}) and returns their count; the data
     * is {@code sequence().slice(p, p + count)} where {@code p} is the position before the call.
     * When not found, consumes nothing and returns -1.
     */
    public long tryReadTo(byte delimiter, boolean advancePastDelimiter) {
        long found = sequence.indexOf(delimiter, position);
        if (found < 0) {
            return -1;
        }
        long count = found - position;
        setPosition(advancePastDelimiter ? found + 1 : found);
        return count;
    }

    /**
     * Like {@link #tryReadTo(byte, boolean)} for a delimiter of several bytes (such as CRLF),
     * which may straddle blocks.
     *
     * @throws IllegalArgumentException if {@code delimiter} is empty
     */
    public long tryReadTo(byte[] delimiter, boolean advancePastDelimiter) {
        if (delimiter.length == 0) {
            throw new IllegalArgumentException("delimiter must not be empty");
        }
        long end = sequence.end();
        long from = position;
        while (true) {
            long found = sequence.indexOf(delimiter[0], from);
            if (found < 0 || found + delimiter.length > end) {
                return -1;
            }
            if (matchesAt(found, delimiter)) {
                long count = found - position;
                setPosition(advancePastDelimiter ? found + delimiter.length : found);
                return count;
            }
            from = found + 1;
        }
    }

    /**
     * Whether the next bytes equal {@code expected}; if so and {@code advancePast}, consumes them.
     * Returns false (consuming nothing) when fewer bytes remain.
     */
    public boolean isNext(byte[] expected, boolean advancePast) {
        if (remaining() < expected.length || !matchesAt(position, expected)) {
            return false;
        }
        if (advancePast) {
            advance(expected.length);
        }
        return true;
    }

    /** Whether the next byte is {@code value}; if so and {@code advancePast}, consumes it. */
    public boolean isNext(byte value, boolean advancePast) {
        if (peek() != (value & 0xFF)) {
            return false;
        }
        if (advancePast) {
            advance(1);
        }
        return true;
    }

    private boolean matchesAt(long at, byte[] expected) {
        BufferSegment s = sequence.segmentOf(at);
        int i = (int) (at - s.runningIndex);
        int hi = sequence.limitIn(s);
        for (byte b : expected) {
            while (i >= hi) {
                s = s.next;
                i = 0;
                hi = sequence.limitIn(s);
            }
            if (s.block.buffer().get(i++) != b) {
                return false;
            }
        }
        return true;
    }

    private void setPosition(long target) {
        position = target;
        moveTo(sequence.segmentOf(target), target);
    }

    private void moveTo(BufferSegment s, long at) {
        segment = s;
        if (s == null) {
            memory = null;
            index = 0;
            limit = 0;
            return;
        }
        memory = s.block.buffer();
        index = (int) (at - s.runningIndex);
        limit = sequence.limitIn(s);
    }

    /** Moves to the next segment with bytes; false (staying put) at the end. */
    private boolean nextSegment() {
        BufferSegment s = segment;
        while (s != null && s != sequence.endSegment) {
            s = s.next;
            int lo = 0;
            int hi = sequence.limitIn(s);
            if (hi > lo) {
                segment = s;
                memory = s.block.buffer();
                index = lo;
                limit = hi;
                return true;
            }
        }
        return false;
    }

    /** When the current segment is used up, steps to the next with bytes; false at the end. */
    private boolean skipEmptyTail() {
        return position < sequence.end() && nextSegment();
    }
}
