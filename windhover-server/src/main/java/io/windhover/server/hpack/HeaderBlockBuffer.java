package io.windhover.server.hpack;

import java.util.Arrays;

/**
 * A growable array that collects one encoded header block from {@link HpackEncoder}, for the frame
 * writer to cut into a HEADERS frame and as many CONTINUATIONs as {@code SETTINGS_MAX_FRAME_SIZE}
 * requires.
 *
 * <p>Not thread-safe; owned by the connection's frame writer, which {@link #reset()}s and reuses it
 * for every block, so that it grows to the largest block once and then allocates nothing.
 */
public final class HeaderBlockBuffer {

    private byte[] bytes;
    private int length;

    /** 256: a typical response's block, most of it indexed, is a few dozen octets. */
    public HeaderBlockBuffer() {
        this(256);
    }

    public HeaderBlockBuffer(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    /** The encoded octets are {@code array()[0, length())}; the array is replaced when the buffer grows. */
    public byte[] array() {
        return bytes;
    }

    public int length() {
        return length;
    }

    /** Empties the buffer for the next block, keeping its array. */
    public void reset() {
        length = 0;
    }

    /** A copy of the encoded octets. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    /** Makes room for {@code count} more octets and returns where they go. */
    int reserve(int count) {
        int at = length;
        if (at + count > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(at + count, bytes.length * 2));
        }
        length = at + count;
        return at;
    }

    void writeByte(int octet) {
        int at = reserve(1); // before naming the array: reserve may replace it
        bytes[at] = (byte) octet;
    }

    /**
     * RFC 7541 §5.1, in its pseudocode: "if I < 2^N - 1, encode I on N bits; else encode (2^N - 1)
     * on N bits, I = I - (2^N - 1), while I >= 128 encode (I % 128 + 128) on 8 bits, I = I / 128;
     * encode I on 8 bits". {@code flags} are the first octet's bits above the prefix.
     */
    void writeInteger(int flags, int prefixBits, int value) {
        int prefixMax = (1 << prefixBits) - 1;
        if (value < prefixMax) {
            writeByte(flags | value);
            return;
        }
        writeByte(flags | prefixMax);
        int rest = value - prefixMax;
        while (rest >= 128) {
            writeByte(rest % 128 + 128);
            rest >>>= 7;
        }
        writeByte(rest);
    }

    /** §5.2: a string literal, Huffman-encoded when that is shorter. Chars must be octets (at most 0xFF). */
    void writeString(CharSequence text, boolean huffmanAllowed) {
        int length = text.length();
        int huffmanLength = huffmanAllowed ? HuffmanCode.encodedLength(text) : length;
        if (huffmanLength < length) {
            writeInteger(0x80, 7, huffmanLength);
            int at = reserve(huffmanLength);
            HuffmanCode.encode(text, bytes, at);
        } else {
            writeInteger(0, 7, length);
            int at = reserve(length);
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c > 0xFF) {
                    throw new IllegalArgumentException("not an octet at index " + i + ": U+" + Integer.toHexString(c));
                }
                bytes[at + i] = (byte) c;
            }
        }
    }
}
