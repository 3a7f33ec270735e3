package io.windhover.server.hpack;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Decodes HPACK header blocks (RFC 7541) for one HTTP/2 connection, reporting each field to a
 * {@link HpackHeaderHandler} as soon as its representation is complete.
 *
 * <p>Lifecycle: one decoder per connection, for every header block the peer sends, in order —
 * the dynamic table carries from block to block. A block arrives as one or more fragments (the
 * HEADERS frame, then each CONTINUATION); {@code endOfBlock} marks the last. A representation split
 * across fragments is carried over (copied, at most one representation's octets) and decoded when
 * its end arrives, so the engine never joins fragments and never holds a whole block. After a
 * {@link HpackDecodingException} the decoder is unusable: the connection must end with
 * COMPRESSION_ERROR. So it is after a handler throws, since the field it was given may not have
 * entered the table yet.
 *
 * <pre>{@code
 * decoder.decode(frame.payload(), offset, length, frame.endHeaders(), streamHeaders);
 * if (frame.endHeaders() && decoder.headerListTooLarge()) {
 *     // the table is in sync, the fields past the limit were dropped: answer the stream with 431
 * }
 * }</pre>
 *
 * <p>Limits, enforced as the block decodes:
 * <ul>
 *   <li>the dynamic table's allowed maximum, our SETTINGS_HEADER_TABLE_SIZE (default
 *       {@value #DEFAULT_HEADER_TABLE_SIZE}, RFC 9113 §6.5.2's initial value): a size update over it
 *       is a decoding error;</li>
 *   <li>the header field size (default {@value #DEFAULT_MAX_HEADER_FIELD_SIZE}, Kestrel's
 *       {@code MaxRequestHeaderFieldSize}): a name or value string longer than this, encoded or
 *       decoded, is a decoding error — the decoder cannot keep its table in step without reading
 *       the string, so it refuses to read it at all;</li>
 *   <li>the header list size (default {@value #DEFAULT_MAX_HEADER_LIST_SIZE}, Kestrel's
 *       {@code MaxRequestHeadersTotalSize}), counted as RFC 9113 §6.5.2 counts it: once the fields
 *       pass it the decoder stops reporting them but goes on decoding the block, so that the table
 *       stays in sync; {@link #headerListTooLarge()} tells the engine to refuse the stream. An HPACK
 *       bomb — a short block naming a big table entry many times — thus costs one pass over the
 *       block and no allocation. {@link #headerListTooLarge()} may be asked after any fragment, to
 *       refuse the stream early.</li>
 * </ul>
 * The decoder does not bound a block's length: past the list limit it reads whatever follows. The
 * engine bounds what it accepts of one block (the 2024 CONTINUATION flood), as it bounds frames.
 *
 * <p>Not thread-safe; owned by the connection's frame loop.
 */
public final class HpackDecoder {

    /** RFC 9113 §6.5.2: SETTINGS_HEADER_TABLE_SIZE's initial value. */
    public static final int DEFAULT_HEADER_TABLE_SIZE = 4_096;
    /**
     * 32 KiB, Kestrel's {@code Http2Limits.MaxRequestHeaderFieldSize} in current releases (2^15), which
     * likewise "applies to both name and value sequences in their compressed and uncompressed
     * representations".
     */
    public static final int DEFAULT_MAX_HEADER_FIELD_SIZE = 32 * 1_024;
    /** 32 KiB, Kestrel's {@code KestrelServerLimits.MaxRequestHeadersTotalSize}. */
    public static final int DEFAULT_MAX_HEADER_LIST_SIZE = 32 * 1_024;

    /** §4.1: the per-entry overhead, also RFC 9113 §6.5.2's per-field overhead in a header list. */
    private static final int FIELD_OVERHEAD = HpackDynamicTable.ENTRY_OVERHEAD;
    /** What {@link #readInteger(int)} returns when the fragment ends inside the integer. */
    private static final int NEED_MORE = -1;
    private static final byte[] EMPTY = {};

    private final HpackDynamicTable table;
    private final int maxHeaderFieldSize;
    private final int maxHeaderListSize;
    /** Our SETTINGS_HEADER_TABLE_SIZE: the most a size update may ask for. */
    private int allowedMaxTableSize;
    /** Set when we lowered the allowed maximum below the table's: the next block must start with an update. */
    private boolean sizeUpdateRequired;

    private boolean inBlock;
    private boolean fieldSeen;
    private long headerListSize;
    private boolean failed;

    /** The octets being parsed ({@link #decodeFields} works on the caller's fragment or on {@link #carry}). */
    private byte[] in;
    private int pos;
    private int end;
    /** The last string {@link #readString()} found. */
    private boolean stringHuffman;
    private int stringStart;
    private int stringLength;

    /** The start of a representation the previous fragment ended inside. */
    private byte[] carry = EMPTY;
    private int carryLength;
    private byte[] nameScratch = EMPTY;
    private byte[] valueScratch = EMPTY;
    private byte[] directCopy = EMPTY;

    /** A decoder with the defaults above. */
    public HpackDecoder() {
        this(DEFAULT_HEADER_TABLE_SIZE, DEFAULT_MAX_HEADER_FIELD_SIZE, DEFAULT_MAX_HEADER_LIST_SIZE);
    }

    /**
     * @param maxTableSize our SETTINGS_HEADER_TABLE_SIZE, the table's initial and allowed maximum size
     * @param maxHeaderFieldSize the longest name or value string, in octets
     * @param maxHeaderListSize the largest header list, in RFC 9113 §6.5.2 octets
     */
    public HpackDecoder(int maxTableSize, int maxHeaderFieldSize, int maxHeaderListSize) {
        if (maxTableSize < 0 || maxHeaderFieldSize < 0 || maxHeaderListSize < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        this.table = new HpackDynamicTable(maxTableSize);
        this.allowedMaxTableSize = maxTableSize;
        this.maxHeaderFieldSize = maxHeaderFieldSize;
        this.maxHeaderListSize = maxHeaderListSize;
    }

    /**
     * Applies a new SETTINGS_HEADER_TABLE_SIZE of ours, once the peer acknowledged it (RFC 9113
     * §6.5.3). Below the table's current maximum, the peer's next block must begin with a size
     * update that brings the table within it (RFC 7541 §4.2); one that does not is a decoding error.
     */
    public void setMaxTableSize(int maxTableSize) {
        if (maxTableSize < 0) {
            throw new IllegalArgumentException("maxTableSize " + maxTableSize);
        }
        allowedMaxTableSize = maxTableSize;
        sizeUpdateRequired = maxTableSize < table.maxSize();
    }

    /**
     * Whether the block being decoded (or the last one, once it ended) passed the header list size
     * limit; its fields from the one that passed it on were decoded but not reported. HTTP/2
     * answers such a stream with 431 or RST_STREAM; the connection and the decoder carry on.
     */
    public boolean headerListTooLarge() {
        return headerListSize > maxHeaderListSize;
    }

    /** The RFC 9113 §6.5.2 size of the fields the current (or last) block decoded so far, dropped ones included. */
    public long headerListSize() {
        return headerListSize;
    }

    /** The dynamic table, for tests. */
    HpackDynamicTable table() {
        return table;
    }

    /** {@link #decode(byte[], int, int, boolean, HpackHeaderHandler)} of a whole block. */
    public void decode(byte[] block, HpackHeaderHandler handler) throws HpackDecodingException {
        decode(block, 0, block.length, true, handler);
    }

    /**
     * Decodes the fragment's remaining octets, advancing its position to its limit. A heap buffer is
     * read in place; another is copied into a reused array first.
     */
    public void decode(ByteBuffer fragment, boolean endOfBlock, HpackHeaderHandler handler) throws HpackDecodingException {
        int length = fragment.remaining();
        if (fragment.hasArray()) {
            decode(fragment.array(), fragment.arrayOffset() + fragment.position(), length, endOfBlock, handler);
        } else {
            if (directCopy.length < length) {
                directCopy = new byte[length];
            }
            fragment.get(fragment.position(), directCopy, 0, length);
            decode(directCopy, 0, length, endOfBlock, handler);
        }
        fragment.position(fragment.limit());
    }

    /**
     * Decodes one fragment of a header block: reports every field whose representation completes in
     * it, and keeps the start of a representation it ends inside for the next fragment.
     *
     * @param endOfBlock whether this is the block's last fragment (END_HEADERS); then a
     *     representation left incomplete is a decoding error
     * @throws HpackDecodingException on anything RFC 7541 calls a decoding error, or a string over
     *     the field-size limit; the decoder is unusable afterwards
     * @throws IllegalStateException when called after a decoding error
     */
    public void decode(byte[] fragment, int offset, int length, boolean endOfBlock, HpackHeaderHandler handler)
            throws HpackDecodingException {
        Objects.checkFromIndexSize(offset, length, fragment.length);
        if (failed) {
            throw new IllegalStateException("the decoder failed on an earlier block; the connection must end");
        }
        if (!inBlock) {
            inBlock = true;
            fieldSeen = false;
            headerListSize = 0;
        }
        try {
            int from = offset;
            int to = offset + length;
            if (carryLength > 0) {
                from = completeCarried(fragment, from, to, handler);
            }
            if (carryLength == 0) {
                from = decodeFields(fragment, from, to, handler);
                appendToCarry(fragment, from, to - from);
            }
            if (endOfBlock) {
                if (carryLength > 0) {
                    throw new HpackDecodingException("the header block ends inside a field representation");
                }
                inBlock = false;
            }
        } catch (HpackDecodingException | RuntimeException e) {
            failed = true;
            throw e;
        } finally {
            in = null;
        }
    }

    /** Decodes the whole representations in {@code bytes[from, to)}; returns where the first incomplete one starts. */
    private int decodeFields(byte[] bytes, int from, int to, HpackHeaderHandler handler) throws HpackDecodingException {
        in = bytes;
        pos = from;
        end = to;
        while (pos < end && decodeRepresentation(handler)) {
            // each pass reports at most one field
        }
        return pos;
    }

    /**
     * Feeds the fragment into the carried representation, a doubling chunk at a time (so re-parsing
     * its start costs linear time overall), until it completes; returns the fragment index after it,
     * or {@code to} when the fragment ended first. Its octets are bounded: a string longer than the
     * field-size limit fails as soon as its length is read.
     */
    private int completeCarried(byte[] fragment, int from, int to, HpackHeaderHandler handler) throws HpackDecodingException {
        int carriedBefore = carryLength;
        int appended = 0;
        while (appended < to - from) {
            int chunk = Math.min(to - from - appended, Math.max(carryLength, 64));
            appendToCarry(fragment, from + appended, chunk);
            appended += chunk;
            in = carry;
            pos = 0;
            end = carryLength;
            if (decodeRepresentation(handler)) {
                carryLength = 0;
                return from + (pos - carriedBefore);
            }
        }
        return to;
    }

    private void appendToCarry(byte[] bytes, int from, int length) {
        if (carryLength + length > carry.length) {
            byte[] grown = new byte[Math.max(carryLength + length, carry.length * 2)];
            System.arraycopy(carry, 0, grown, 0, carryLength);
            carry = grown;
        }
        System.arraycopy(bytes, from, carry, carryLength, length);
        carryLength += length;
    }

    /** The four kinds of representation, told apart by the first octet's high bits (§6). */
    private enum Representation {
        INDEXED, LITERAL_WITH_INDEXING, TABLE_SIZE_UPDATE, LITERAL_WITHOUT_INDEXING, LITERAL_NEVER_INDEXED;

        static Representation of(int firstOctet) {
            if ((firstOctet & 0x80) != 0) {
                return INDEXED;
            } else if ((firstOctet & 0x40) != 0) {
                return LITERAL_WITH_INDEXING;
            } else if ((firstOctet & 0x20) != 0) {
                return TABLE_SIZE_UPDATE;
            } else if ((firstOctet & 0x10) != 0) {
                return LITERAL_NEVER_INDEXED;
            }
            return LITERAL_WITHOUT_INDEXING;
        }
    }

    /**
     * Decodes the representation at {@link #pos}: true when it was whole, {@link #pos} then after it;
     * false when the octets end inside it, {@link #pos} then unchanged and nothing reported or changed.
     */
    private boolean decodeRepresentation(HpackHeaderHandler handler) throws HpackDecodingException {
        int start = pos;
        boolean whole = switch (Representation.of(in[pos] & 0xFF)) {
            case INDEXED -> indexedField(handler);
            case LITERAL_WITH_INDEXING -> literalField(6, true, handler);
            case TABLE_SIZE_UPDATE -> tableSizeUpdate();
            case LITERAL_WITHOUT_INDEXING, LITERAL_NEVER_INDEXED -> literalField(4, false, handler);
        };
        if (!whole) {
            pos = start;
        }
        return whole;
    }

    /*
     * §6.1 Indexed Header Field Representation
     *
     *   0   1   2   3   4   5   6   7
     * +---+---+---+---+---+---+---+---+
     * | 1 |        Index (7+)         |
     * +---+---------------------------+
     */
    private boolean indexedField(HpackHeaderHandler handler) throws HpackDecodingException {
        int index = readInteger(7);
        if (index == NEED_MORE) {
            return false;
        }
        // §6.1: "The index value of 0 is not used. It MUST be treated as a decoding error if found in
        // an indexed header field representation."
        if (index == 0) {
            throw new HpackDecodingException("indexed field with index 0");
        }
        checkIndex(index);
        startField();
        if (index <= HpackStaticTable.LENGTH) {
            byte[] name = HpackStaticTable.name(index);
            byte[] value = HpackStaticTable.value(index);
            report(handler, HpackStaticTable.nameIdOf(index), name, 0, name.length, value, 0, value.length);
        } else {
            int entry = index - HpackStaticTable.LENGTH;
            byte[] field = table.field(entry);
            int nameLength = table.nameLength(entry);
            report(handler, table.nameId(entry), field, 0, nameLength, field, nameLength, field.length - nameLength);
        }
        return true;
    }

    /*
     * §6.2 Literal Header Field Representation: with incremental indexing (§6.2.1, 01 and a 6-bit
     * prefix), without indexing (§6.2.2, 0000 and a 4-bit prefix), never indexed (§6.2.3, 0001 and
     * a 4-bit prefix). An index of 0 means the name follows as a string literal.
     *
     *   0   1   2   3   4   5   6   7          0   1   2   3   4   5   6   7
     * +---+---+---+---+---+---+---+---+      +---+---+---+---+---+---+---+---+
     * | 0 | 1 |      Index (6+)       |      | 0 | 1 |           0           |
     * +---+---+-----------------------+      +---+---+-----------------------+
     * | H |     Value Length (7+)     |      | H |     Name Length (7+)      |
     * +---+---------------------------+      +---+---------------------------+
     * | Value String (Length octets)  |      |  Name String (Length octets)  |
     * +-------------------------------+      +---+---------------------------+
     *                                        | H |     Value Length (7+)     |
     *                                        +---+---------------------------+
     *                                        | Value String (Length octets)  |
     *                                        +-------------------------------+
     */
    private boolean literalField(int prefixBits, boolean indexing, HpackHeaderHandler handler) throws HpackDecodingException {
        int nameIndex = readInteger(prefixBits);
        if (nameIndex == NEED_MORE) {
            return false;
        }
        boolean nameHuffman = false;
        int nameStart = 0;
        int nameLength = 0;
        if (nameIndex == 0) {
            if (!readString()) {
                return false;
            }
            nameHuffman = stringHuffman;
            nameStart = stringStart;
            nameLength = stringLength;
        } else {
            checkIndex(nameIndex);
        }
        if (!readString()) {
            return false;
        }
        startField();

        int nameId;
        byte[] name;
        int nameOffset;
        if (nameIndex == 0) {
            if (nameHuffman) {
                nameScratch = scratchFor(nameScratch, nameLength);
                nameLength = HuffmanDecoder.decode(in, nameStart, nameLength, nameScratch, nameScratch.length);
                name = nameScratch;
                nameOffset = 0;
            } else {
                name = in;
                nameOffset = nameStart;
            }
            nameId = HpackStaticTable.nameId(name, nameOffset, nameLength);
        } else if (nameIndex <= HpackStaticTable.LENGTH) {
            name = HpackStaticTable.name(nameIndex);
            nameOffset = 0;
            nameLength = name.length;
            nameId = HpackStaticTable.nameIdOf(nameIndex);
        } else {
            int entry = nameIndex - HpackStaticTable.LENGTH;
            name = table.field(entry);
            nameOffset = 0;
            nameLength = table.nameLength(entry);
            nameId = table.nameId(entry);
        }

        byte[] value;
        int valueOffset;
        int valueLength = stringLength;
        if (stringHuffman) {
            valueScratch = scratchFor(valueScratch, valueLength);
            valueLength = HuffmanDecoder.decode(in, stringStart, valueLength, valueScratch, valueScratch.length);
            value = valueScratch;
            valueOffset = 0;
        } else {
            value = in;
            valueOffset = stringStart;
        }

        report(handler, nameId, name, nameOffset, nameLength, value, valueOffset, valueLength);
        if (indexing) {
            table.add(nameId, name, nameOffset, nameLength, value, valueOffset, valueLength);
        }
        return true;
    }

    /*
     * §6.3 Dynamic Table Size Update
     *
     *   0   1   2   3   4   5   6   7
     * +---+---+---+---+---+---+---+---+
     * | 0 | 0 | 1 |   Max size (5+)   |
     * +---+---------------------------+
     */
    private boolean tableSizeUpdate() throws HpackDecodingException {
        int maxSize = readInteger(5);
        if (maxSize == NEED_MORE) {
            return false;
        }
        // §4.2: "This dynamic table size update MUST occur at the beginning of the first header
        // block following the change to the dynamic table size."
        if (fieldSeen) {
            throw new HpackDecodingException("dynamic table size update after the first field of the block");
        }
        // §6.3: "The new maximum size MUST be lower than or equal to the limit determined by the
        // protocol using HPACK. A value that exceeds this limit MUST be treated as a decoding error."
        if (maxSize > allowedMaxTableSize) {
            throw new HpackDecodingException(
                    "dynamic table size update to " + maxSize + " over SETTINGS_HEADER_TABLE_SIZE " + allowedMaxTableSize);
        }
        table.setMaxSize(maxSize);
        sizeUpdateRequired = false;
        return true;
    }

    /** A field representation begins: what must have come before it in the block has. */
    private void startField() throws HpackDecodingException {
        // §4.2: after a lowered SETTINGS_HEADER_TABLE_SIZE was acknowledged, the size update "MUST
        // occur at the beginning of the first header block following the change".
        if (sizeUpdateRequired) {
            throw new HpackDecodingException("the block does not start with the dynamic table size update "
                    + "the lowered SETTINGS_HEADER_TABLE_SIZE " + allowedMaxTableSize + " requires");
        }
        fieldSeen = true;
    }

    /**
     * §2.3.3: "Indices strictly greater than the sum of the lengths of both tables MUST be treated as
     * a decoding error."
     */
    private void checkIndex(int index) throws HpackDecodingException {
        if (index > HpackStaticTable.LENGTH + table.length()) {
            throw new HpackDecodingException("index " + index + " is past both tables ("
                    + HpackStaticTable.LENGTH + " + " + table.length() + " entries)");
        }
    }

    /**
     * RFC 9113 §6.5.2: "The value is based on the uncompressed size of field lines, including the
     * length of the name and value in octets plus an overhead of 32 octets for each field line."
     * A field that takes the list past the limit, and every field after it, is counted, not reported.
     */
    private void report(HpackHeaderHandler handler, int nameId, byte[] name, int nameOffset, int nameLength,
            byte[] value, int valueOffset, int valueLength) {
        headerListSize += nameLength + valueLength + FIELD_OVERHEAD;
        if (headerListSize <= maxHeaderListSize) {
            handler.onHeader(nameId, name, nameOffset, nameLength, value, valueOffset, valueLength);
        }
    }

    /*
     * §5.1 Integer Representation: N prefix bits; a value of 2^N - 1 or more fills them with ones
     * and continues, seven bits an octet, least significant group first.
     *
     *   0   1   2   3   4   5   6   7
     * +---+---+---+---+---+---+---+---+
     * | ? | ? | ? | 1   1   1   1   1 |
     * +---+---+---+-------------------+
     * | 1 |    Value-(2^N-1) LSB      |
     * +---+---------------------------+
     *                ...
     * +---+---------------------------+
     * | 0 |    Value-(2^N-1) MSB      |
     * +---+---------------------------+
     */
    /**
     * Reads the integer at {@link #pos} with a prefix of {@code prefixBits}: its value, {@link #pos}
     * after it; or {@link #NEED_MORE}, {@link #pos} unchanged.
     *
     * @throws HpackDecodingException past 2^31 - 1, or after five continuation octets (§5.1:
     *     "Integer encodings that exceed implementation limits [...] MUST be treated as decoding
     *     errors"): every integer HPACK carries is an index, a length or a size, which fit in an int
     */
    private int readInteger(int prefixBits) throws HpackDecodingException {
        int prefixMax = (1 << prefixBits) - 1;
        int value = in[pos] & prefixMax;
        if (value < prefixMax) {
            pos++;
            return value;
        }
        long sum = prefixMax;
        int at = pos + 1;
        for (int shift = 0; ; shift += 7) {
            if (at == end) {
                return NEED_MORE;
            }
            int octet = in[at++];
            sum += (long) (octet & 0x7F) << shift;
            if (sum > Integer.MAX_VALUE) {
                throw new HpackDecodingException("integer over 2^31 - 1");
            }
            if ((octet & 0x80) == 0) {
                pos = at;
                return (int) sum;
            }
            if (shift == 28) {
                throw new HpackDecodingException("integer longer than six octets");
            }
        }
    }

    /*
     * §5.2 String Literal Representation
     *
     *   0   1   2   3   4   5   6   7
     * +---+---+---+---+---+---+---+---+
     * | H |    String Length (7+)     |
     * +---+---------------------------+
     * |  String Data (Length octets)  |
     * +-------------------------------+
     */
    /**
     * Finds the string literal at {@link #pos} and moves past it, leaving its octets where they are
     * ({@link #stringStart}, {@link #stringLength}, {@link #stringHuffman}); false when the octets end
     * inside it. The field-size limit applies to the length as sent, before any octet is awaited.
     */
    private boolean readString() throws HpackDecodingException {
        if (pos == end) {
            return false;
        }
        boolean huffman = (in[pos] & 0x80) != 0;
        int length = readInteger(7);
        if (length == NEED_MORE) {
            return false;
        }
        if (length > maxHeaderFieldSize) {
            throw new HpackDecodingException(
                    "string literal of " + length + " octets over the header field size limit " + maxHeaderFieldSize);
        }
        if (end - pos < length) {
            return false;
        }
        stringHuffman = huffman;
        stringStart = pos;
        stringLength = length;
        pos += length;
        return true;
    }

    /**
     * A scratch array able to take {@code encodedLength} Huffman-encoded octets decoded, but no longer
     * than the field-size limit: decoding into it fails past the limit.
     */
    private byte[] scratchFor(byte[] scratch, int encodedLength) {
        int needed = Math.min(HuffmanDecoder.maxDecodedLength(encodedLength), maxHeaderFieldSize);
        if (scratch.length >= needed) {
            return scratch;
        }
        return new byte[Math.min(Math.max(needed, scratch.length * 2), maxHeaderFieldSize)];
    }
}
