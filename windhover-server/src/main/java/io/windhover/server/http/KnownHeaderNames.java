package io.windhover.server.http;

/**
 * Header names requests and responses carry most, each with an index below 64: a parsed field
 * with one of these names shares the constant, and a header collection keeps one bit per name
 * present, so that asking for a known name that is absent costs no scan. Kestrel's known-header
 * table plays this part for it.
 */
final class KnownHeaderNames {

    /** Not a known name. */
    static final int UNKNOWN = -1;

    private static final String[] NAMES = {
        "Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language", "Access-Control-Request-Headers",
        "Access-Control-Request-Method", "Authorization", "Baggage", "Cache-Control", "Connection",
        "Content-Encoding", "Content-Length", "Content-Type", "Cookie", "Date", "DNT", "Expect", "Forwarded",
        "Host", "If-Match", "If-Modified-Since", "If-None-Match", "If-Range", "If-Unmodified-Since",
        "Keep-Alive", "Origin", "Pragma", "Priority", "Proxy-Authorization", "Range", "Referer",
        "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-User", "Sec-WebSocket-Extensions",
        "Sec-WebSocket-Key", "Sec-WebSocket-Protocol", "Sec-WebSocket-Version", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade", "Upgrade-Insecure-Requests", "User-Agent", "Via",
        "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Request-ID", "sec-ch-ua",
        "sec-ch-ua-mobile", "sec-ch-ua-platform", "traceparent", "tracestate",
        // what responses carry most
        "Server", "Location", "Set-Cookie", "Vary", "ETag", "Last-Modified",
    };
    private static final int LONGEST = 40;
    /** Each name in lower case, by index. */
    private static final byte[][] LOWER = new byte[NAMES.length][];
    /** The indices of the names of each length, so a lookup compares a handful of candidates at most. */
    private static final int[][] BY_LENGTH = new int[LONGEST + 1][];
    /**
     * The indices of the names by length and first letter ({@link #key}), so that a parsed name
     * is compared with one candidate, seldom two. Known names start with a letter.
     */
    private static final int[][] BY_LENGTH_AND_FIRST = new int[(LONGEST + 1) << 5][];
    private static final int[] NONE = {};
    /**
     * The constants in a table without collisions, by {@code hashCode() * MULTIPLIER}'s top bits:
     * {@link #indexOf(String)} for a literal is one load and one comparison.
     */
    private static final int SLOT_BITS = 9;
    private static final String[] SLOT_NAME = new String[1 << SLOT_BITS];
    private static final int[] SLOT_INDEX = new int[1 << SLOT_BITS];
    private static final int MULTIPLIER = multiplier();

    static {
        if (NAMES.length > Long.SIZE) {
            throw new AssertionError("a header collection keeps the known names present in one long");
        }
        for (int index = 0; index < NAMES.length; index++) {
            String name = NAMES[index];
            LOWER[index] = name.toLowerCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            int slot = slot(name.hashCode(), MULTIPLIER);
            SLOT_NAME[slot] = name;
            SLOT_INDEX[slot] = index;
        }
        for (int length = 0; length <= LONGEST; length++) {
            int size = length;
            BY_LENGTH[length] = java.util.stream.IntStream.range(0, NAMES.length)
                    .filter(index -> NAMES[index].length() == size).toArray();
        }
        java.util.Arrays.fill(BY_LENGTH_AND_FIRST, NONE);
        for (int index = 0; index < NAMES.length; index++) {
            int key = key(NAMES[index].length(), NAMES[index].charAt(0));
            int[] before = BY_LENGTH_AND_FIRST[key];
            int[] after = java.util.Arrays.copyOf(before, before.length + 1);
            after[before.length] = index;
            BY_LENGTH_AND_FIRST[key] = after;
        }
    }

    private KnownHeaderNames() {
    }

    /** The first odd multiplier that gives each name a slot of its own (found at class initialisation, in a few tries). */
    private static int multiplier() {
        for (int candidate = 0x9E3779B1, tries = 0; tries < 1 << 20; candidate += 2, tries++) {
            var used = new boolean[1 << SLOT_BITS];
            boolean clash = false;
            for (String name : NAMES) {
                int slot = slot(name.hashCode(), candidate);
                clash |= used[slot];
                used[slot] = true;
            }
            if (!clash) {
                return candidate;
            }
        }
        throw new AssertionError("no multiplier gives every known header name a slot of its own; widen SLOT_BITS");
    }

    private static int slot(int hash, int multiplier) {
        return (hash * multiplier) >>> (Integer.SIZE - SLOT_BITS);
    }

    /** The usual spelling of known name {@code index}. */
    static String name(int index) {
        return NAMES[index];
    }

    /**
     * The index of the known name spelled by {@code bytes[start, start + length)} in any case, or
     * {@link #UNKNOWN}.
     */
    static int find(byte[] bytes, int start, int length) {
        if (length > LONGEST || length == 0) {
            return UNKNOWN;
        }
        for (int index : BY_LENGTH_AND_FIRST[key(length, bytes[start])]) {
            byte[] lower = LOWER[index];
            int i = 0;
            while (i < length && sameIgnoringCase(bytes[start + i], lower[i])) {
                i++;
            }
            if (i == length) {
                return index;
            }
        }
        return UNKNOWN;
    }

    /** A letter's 1 to 26 in either case (other bytes share those slots; the comparison after tells them apart), under the length. */
    private static int key(int length, int first) {
        return length << 5 | (first & 0x1F);
    }

    /** Whether byte {@code b} is {@code lower}, or its upper case if {@code lower} is a letter (known names hold letters, digits and '-'). */
    private static boolean sameIgnoringCase(int b, int lower) {
        return b == lower || (lower >= 'a' && (b | 0x20) == lower);
    }

    /**
     * The index of {@code name}, compared ignoring ASCII case, or {@link #UNKNOWN}. PERF: a
     * constant (a literal such as {@code "Content-Length"}, which the JVM interns) is found by
     * identity; another spelling by comparing.
     */
    static int indexOf(String name) {
        int slot = slot(name.hashCode(), MULTIPLIER);
        return SLOT_NAME[slot] == name ? SLOT_INDEX[slot] : indexOfIgnoringCase(name);
    }

    private static int indexOfIgnoringCase(String name) {
        int length = name.length();
        if (length > LONGEST) {
            return UNKNOWN;
        }
        for (int index : BY_LENGTH[length]) {
            if (NAMES[index].equalsIgnoreCase(name)) {
                return index;
            }
        }
        return UNKNOWN;
    }

    /** Whether the ASCII bytes spell {@code text}, ignoring ASCII case. */
    static boolean equalsIgnoreCase(byte[] bytes, int start, int length, String text) {
        if (length != text.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int a = bytes[start + i] & 0xFF;
            int b = text.charAt(i);
            if (a != b && toLower(a) != toLower(b)) {
                return false;
            }
        }
        return true;
    }

    private static int toLower(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}
