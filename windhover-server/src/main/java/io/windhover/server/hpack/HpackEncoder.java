package io.windhover.server.hpack;

import java.util.Locale;

/**
 * Encodes the response header blocks of one HTTP/2 connection (RFC 7541), with the static table,
 * a dynamic table for the fields responses repeat, and Huffman coding wherever it is shorter.
 *
 * <p>Lifecycle: one encoder per connection, for every block the server sends, in the order the
 * peer will receive them. Each block is {@link #beginBlock(HeaderBlockBuffer)}, then
 * {@link #encodeStatus(int, HeaderBlockBuffer)} and one {@link #encode(String, String, HeaderBlockBuffer)}
 * per field; the frame writer then sends the buffer's octets, cut into frames, before any other
 * block.
 *
 * <pre>{@code
 * block.reset();
 * encoder.beginBlock(block);
 * encoder.encodeStatus(200, block);
 * encoder.encode("content-type", "text/plain", block);
 * frameWriter.writeHeaders(streamId, block.array(), block.length(), endStream);
 * }</pre>
 *
 * <p>How a field is sent, in order of preference:
 * <ol>
 *   <li>an exact match in the static table, then in the dynamic table: one indexed octet or two;</li>
 *   <li>a sensitive field — {@code authorization}, {@code proxy-authorization}, {@code set-cookie},
 *       a {@code cookie} shorter than {@value #SHORT_COOKIE} octets, a name that says it carries a
 *       secret, or a value that looks like a short random token — as a never-indexed literal. RFC
 *       7541 §7.1: indexing a secret lets an attacker who can add fields to the same connection
 *       confirm a guess by the size of its encoding (CRIME); never-indexed also tells an
 *       intermediary not to index it either (§6.2.3);</li>
 *   <li>a longer {@code cookie}; a field whose value changes from response to response
 *       ({@code content-length}, {@code content-range}, {@code etag}, {@code last-modified},
 *       {@code age}); a field of more than three quarters of the table: as a literal without
 *       indexing, since indexing it would evict the fields the next responses reuse;</li>
 *   <li>anything else as a literal with incremental indexing, naming by index where a table has
 *       the name.</li>
 * </ol>
 * Names are lower-cased (RFC 9113 §8.2.1). Names and values are Latin-1: a char over 0xFF is an
 * {@link IllegalArgumentException}, thrown before the field writes anything or changes the table.
 *
 * <p>A block once begun must reach the peer whole, in order, before the next: each field encoded
 * may have changed the table the peer's decoder follows. A response that fails half-way through its
 * header block still sends the block (or ends the connection); names and values are best validated
 * before encoding starts, as the HTTP/1.1 engine validates them when they are set.
 *
 * <p>Not thread-safe; owned by the connection's frame writer.
 */
public final class HpackEncoder {

    /** The table size the encoder keeps at most, whatever the peer allows: RFC 9113 §6.5.2's default. */
    public static final int DEFAULT_MAX_TABLE_SIZE = 4_096;
    /**
     * RFC 7541 §7.1.3: "an encoder might choose not to index values for the "cookie" header field
     * that are considered to have low entropy". 20 octets, as nghttp2 and Netty draw the line.
     */
    static final int SHORT_COOKIE = 20;
    /** RFC 9113 §6.5.2: until the peer's SETTINGS say otherwise, its decoder's table holds 4,096 octets. */
    private static final int PEER_INITIAL_TABLE_SIZE = 4_096;
    private static final int NONE = -1;
    private static final String[] STATUS_TEXT = new String[600];

    static {
        for (int status = 100; status < STATUS_TEXT.length; status++) {
            STATUS_TEXT[status] = Integer.toString(status);
        }
    }

    private enum Indexing { INCREMENTAL, WITHOUT, NEVER }

    /** Static table indices of names whose values rarely repeat across responses. */
    private static final int AGE = 21;
    private static final int CONTENT_RANGE = 30;
    private static final int ETAG = 34;
    private static final int LAST_MODIFIED = 44;

    private final HpackEncoderTable table;
    private final int maxTableSize;
    private final boolean huffman;
    /** The size to signal at the start of the next block, or {@link #NONE}. */
    private int pendingSize = NONE;
    /** The smallest size since the last block, signalled first when below {@link #pendingSize}. */
    private int smallestPendingSize = Integer.MAX_VALUE;

    /** An encoder with a 4,096-octet table and Huffman coding. */
    public HpackEncoder() {
        this(DEFAULT_MAX_TABLE_SIZE, true);
    }

    /**
     * @param maxTableSize the most the encoder's table (and so the peer's copy) may hold, whatever
     *     the peer allows; 0 turns indexing off
     * @param huffman whether strings are Huffman-encoded when that is shorter (off only for tests
     *     and peers that mishandle it)
     */
    public HpackEncoder(int maxTableSize, boolean huffman) {
        if (maxTableSize < 0) {
            throw new IllegalArgumentException("maxTableSize " + maxTableSize);
        }
        this.maxTableSize = maxTableSize;
        this.huffman = huffman;
        // The peer's decoder starts at its default; a smaller maximum of ours is signalled in the first block
        // (§4.2: "An encoder can choose to use less capacity than this maximum size").
        this.table = new HpackEncoderTable(PEER_INITIAL_TABLE_SIZE);
        setPeerMaxTableSize(PEER_INITIAL_TABLE_SIZE);
    }

    /**
     * Takes the peer's SETTINGS_HEADER_TABLE_SIZE. The table changes to the smaller of it and our own
     * maximum at the next {@link #beginBlock}, which signals the change — RFC 7541 §4.2: "In the case
     * that this size is changed more than once in this interval, the smallest maximum table size that
     * occurs in that interval MUST be signaled in a dynamic table size update. The final maximum size
     * is always signaled, resulting in at most two dynamic table size updates."
     */
    public void setPeerMaxTableSize(int settingsHeaderTableSize) {
        if (settingsHeaderTableSize < 0) {
            throw new IllegalArgumentException("SETTINGS_HEADER_TABLE_SIZE " + settingsHeaderTableSize);
        }
        int size = Math.min(maxTableSize, settingsHeaderTableSize);
        smallestPendingSize = Math.min(smallestPendingSize, size);
        pendingSize = size;
    }

    /*
     * §6.3 Dynamic Table Size Update
     *
     *   0   1   2   3   4   5   6   7
     * +---+---+---+---+---+---+---+---+
     * | 0 | 0 | 1 |   Max size (5+)   |
     * +---+---------------------------+
     */
    /** Starts a block: writes the table size updates pending since the last one, and applies them. */
    public void beginBlock(HeaderBlockBuffer out) {
        if (pendingSize == NONE) {
            return;
        }
        if (smallestPendingSize < table.maxSize() && smallestPendingSize < pendingSize) {
            out.writeInteger(0x20, 5, smallestPendingSize);
            table.setMaxSize(smallestPendingSize);
        }
        if (pendingSize != table.maxSize()) {
            out.writeInteger(0x20, 5, pendingSize);
            table.setMaxSize(pendingSize);
        }
        pendingSize = NONE;
        smallestPendingSize = Integer.MAX_VALUE;
    }

    /**
     * Writes {@code :status}: one octet for the seven codes in the static table, otherwise as any
     * field (indexed, so a repeated 302 costs one octet too).
     *
     * @throws IllegalArgumentException when {@code status} is not a three-digit code from 100 to 599
     */
    public void encodeStatus(int status, HeaderBlockBuffer out) {
        int index = HpackStaticTable.statusIndex(status);
        if (index != 0) {
            writeIndexed(index, out);
        } else if (status >= 100 && status < STATUS_TEXT.length) {
            encodeLowerCase(":status", HpackStaticTable.STATUS, STATUS_TEXT[status], out);
        } else {
            throw new IllegalArgumentException("status " + status);
        }
    }

    /** Writes one field, choosing its representation as the class comment describes. */
    public void encode(String name, String value, HeaderBlockBuffer out) {
        String lowerCaseName = lowerCase(name);
        encodeLowerCase(lowerCaseName, HpackStaticTable.nameId(lowerCaseName), value, out);
    }

    private void encodeLowerCase(String name, int nameId, String value, HeaderBlockBuffer out) {
        int index = isStatic(nameId) ? HpackStaticTable.fieldIndex(nameId, value) : 0;
        if (index == 0) {
            index = table.fieldIndex(name, value);
        }
        if (index != 0) {
            writeIndexed(index, out);
            return;
        }
        requireOctets(name);
        requireOctets(value);
        int nameIndex = isStatic(nameId) ? nameId : table.nameIndex(name);
        switch (indexingOf(name, nameId, value)) {
            case INCREMENTAL -> {
                writeLiteral(0x40, 6, nameIndex, name, value, out);
                table.add(name, value);
            }
            case WITHOUT -> writeLiteral(0x00, 4, nameIndex, name, value, out);
            case NEVER -> writeLiteral(0x10, 4, nameIndex, name, value, out);
        }
    }

    /** Checked before anything is written, so that a refused field leaves the block and the table as they were. */
    private static void requireOctets(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                throw new IllegalArgumentException("not an octet at index " + i + " of a header field: U+"
                        + Integer.toHexString(text.charAt(i)));
            }
        }
    }

    private static boolean isStatic(int nameId) {
        return nameId != HpackStaticTable.UNKNOWN_NAME && nameId <= HpackStaticTable.LENGTH;
    }

    private Indexing indexingOf(String name, int nameId, String value) {
        switch (nameId) {
            case HpackStaticTable.AUTHORIZATION, HpackStaticTable.PROXY_AUTHORIZATION, HpackStaticTable.SET_COOKIE -> {
                return Indexing.NEVER;
            }
            case HpackStaticTable.COOKIE -> {
                return value.length() < SHORT_COOKIE ? Indexing.NEVER : Indexing.WITHOUT;
            }
            case HpackStaticTable.UNKNOWN_NAME -> {
                if (isSecretName(name)) {
                    return Indexing.NEVER;
                }
            }
            default -> {
            }
        }
        if (looksLikeToken(value)) {
            return Indexing.NEVER;
        }
        if (changesEveryResponse(nameId)) {
            return Indexing.WITHOUT;
        }
        long size = (long) name.length() + value.length() + HpackDynamicTable.ENTRY_OVERHEAD;
        return size * 4 > table.maxSize() * 3L ? Indexing.WITHOUT : Indexing.INCREMENTAL;
    }

    private static boolean changesEveryResponse(int nameId) {
        return nameId == HpackStaticTable.CONTENT_LENGTH || nameId == CONTENT_RANGE || nameId == ETAG
                || nameId == LAST_MODIFIED || nameId == AGE;
    }

    /** Words in a name (outside the static table) that say its value is a credential. */
    private static final String[] SECRET_NAME_WORDS = {
        "auth", "token", "secret", "passw", "session", "csrf", "xsrf", "api-key", "apikey", "cookie"};

    private static boolean isSecretName(String name) {
        for (String word : SECRET_NAME_WORDS) {
            if (name.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a value looks like a short random secret — a session id, an API key, a token in hex,
     * base64 or base64url, a UUID: 16 to 64 octets of letters, digits and {@code - . _ ~ + /}, with
     * at least one letter and one digit, and {@code =} only as trailing padding. Such values rarely
     * repeat, so not indexing them costs little; text with spaces, quotes, commas, semicolons or an
     * inner {@code =} ({@code max-age=31536000}) is not one.
     */
    static boolean looksLikeToken(String value) {
        int length = value.length();
        if (length < 16 || length > 64) {
            return false;
        }
        int end = length;
        while (end > 0 && value.charAt(end - 1) == '=') {
            end--;
        }
        boolean letter = false;
        boolean digit = false;
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                letter = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '-' && c != '.' && c != '_' && c != '~' && c != '+' && c != '/') {
                return false;
            }
        }
        return letter && digit;
    }

    /*
     * §6.1 Indexed Header Field Representation
     *
     *   0   1   2   3   4   5   6   7
     * +---+---+---+---+---+---+---+---+
     * | 1 |        Index (7+)         |
     * +---+---------------------------+
     */
    private static void writeIndexed(int index, HeaderBlockBuffer out) {
        out.writeInteger(0x80, 7, index);
    }

    /*
     * §6.2 Literal Header Field Representation: 01 and a 6-bit index with incremental indexing, 0000
     * and a 4-bit index without, 0001 and a 4-bit index never indexed; index 0 and the name as a
     * string when no table has the name.
     *
     *   0   1   2   3   4   5   6   7
     * +---+---+---+---+---+---+---+---+
     * | 0 | 1 |      Index (6+)       |
     * +---+---+-----------------------+
     * | H |     Value Length (7+)     |
     * +---+---------------------------+
     * | Value String (Length octets)  |
     * +-------------------------------+
     */
    private void writeLiteral(int flags, int prefixBits, int nameIndex, String name, String value, HeaderBlockBuffer out) {
        out.writeInteger(flags, prefixBits, nameIndex);
        if (nameIndex == 0) {
            out.writeString(name, huffman);
        }
        out.writeString(value, huffman);
    }

    /** RFC 9113 §8.2.1: "field names MUST be converted to lowercase when constructing an HTTP/2 message." */
    private static String lowerCase(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return name.toLowerCase(Locale.ROOT);
            }
        }
        return name;
    }

    /** The dynamic table, for tests. */
    HpackEncoderTable table() {
        return table;
    }
}
