package io.windhover.buffers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Finding a byte in a buffer eight bytes at a time ("SWAR": SIMD within a register), the loop
 * underneath {@link BufferSequence#indexOf} and {@link SequenceReader#tryReadTo}.
 */
final class ByteSearch {
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private ByteSearch() {
    }

    /**
     * Index of the first {@code value} in {@code buffer[from, to)}, or -1. The buffer must be
     * little-endian (every {@link MemoryBlock} view is), so the lowest flagged byte is the first.
     */
    static int indexOf(ByteBuffer buffer, int from, int to, byte value) {
        assert buffer.order() == ByteOrder.LITTLE_ENDIAN;
        long pattern = ONES * (value & 0xFF);
        int i = from;
        // PERF: one 8-byte load and four ALU operations per 8 bytes instead of 8 compares; see
        // SequenceSearchBenchmark. The zero-byte test can flag bytes above a true match (borrow),
        // never below it, so the lowest flag is exact.
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long word = buffer.getLong(i) ^ pattern;
            long found = (word - ONES) & ~word & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buffer.get(i) == value) {
                return i;
            }
        }
        return -1;
    }
}
