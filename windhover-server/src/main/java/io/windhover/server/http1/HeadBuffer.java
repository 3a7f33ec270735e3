package io.windhover.server.http1;

import io.windhover.buffers.PipeWriter;
import java.util.Arrays;

/**
 * A response's head (and a small body after it) assembled in one reusable array, then written to
 * the output pipe in one copy: a status line, a dozen fields and a short body as one write instead
 * of twenty, each of which would pay the pipe's bounds and its off-heap memory's liveness checks.
 *
 * <p>Not thread-safe: one per connection, used by the request's thread.
 */
final class HeadBuffer {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] NONE = {};

    private byte[] bytes = new byte[256];
    private int length;

    boolean isEmpty() {
        return length == 0;
    }

    void clear() {
        length = 0;
    }

    void append(byte[] data) {
        append(data, 0, data.length);
    }

    void append(byte[] data, int offset, int count) {
        ensure(count);
        System.arraycopy(data, offset, bytes, length, count);
        length += count;
    }

    /** Each char as one byte: ISO-8859-1, as header values go out. */
    void appendLatin1(String text) {
        int count = text.length();
        ensure(count);
        for (int i = 0; i < count; i++) {
            bytes[length + i] = (byte) text.charAt(i);
        }
        length += count;
    }

    void appendDecimal(long value) {
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += digits;
    }

    /** A chunk size in hex (RFC 9112 §7.1). */
    void appendHex(int value) {
        int digits = Math.max(1, (Integer.SIZE - Integer.numberOfLeadingZeros(value) + 3) / 4);
        ensure(digits);
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = HEX[value & 0xF];
            value >>>= 4;
        }
        length += digits;
    }

    /**
     * Lets the array go, for a connection that waits for its next request or left HTTP/1.1 (an
     * upgrade); the next head allocates one again.
     */
    void release() {
        bytes = NONE;
        length = 0;
    }

    /** Writes what was assembled to {@code output} (without flushing it) and starts over. */
    void writeTo(PipeWriter output) {
        if (length > 0) {
            output.write(bytes, 0, length);
            length = 0;
        }
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(Math.max(bytes.length * 2, 256), length + more));
        }
    }
}
