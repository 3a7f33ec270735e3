package io.windhover.server.hpack;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * RFC 7541 Appendix A: the 61 fields both ends know without sending them, and the <em>name ids</em>
 * the decoder reports so that the HTTP/2 engine can recognise a name with an {@code int} compare
 * instead of a {@code String}.
 *
 * <p>A name id is the index of the first static entry with that name ({@link #METHOD} is 2 for both
 * {@code :method: GET} and {@code :method: POST}); a few names the engine must check but the table
 * lacks get ids past it ({@link #PROTOCOL} and the connection-specific fields of RFC 9113 §8.2.2);
 * every other name is {@link #UNKNOWN_NAME}. The ids past 61 are never written to the wire.
 *
 * <p>Immutable; thread-safe.
 */
public final class HpackStaticTable {

    /** The number of entries: indices 1 to 61; the dynamic table starts at 62. */
    public static final int LENGTH = 61;

    public static final int UNKNOWN_NAME = 0;
    public static final int AUTHORITY = 1;
    public static final int METHOD = 2;
    public static final int PATH = 4;
    public static final int SCHEME = 6;
    public static final int STATUS = 8;
    public static final int ACCEPT_ENCODING = 16;
    public static final int AUTHORIZATION = 23;
    public static final int CONTENT_LENGTH = 28;
    public static final int CONTENT_TYPE = 31;
    public static final int COOKIE = 32;
    public static final int HOST = 38;
    public static final int PROXY_AUTHORIZATION = 49;
    public static final int SET_COOKIE = 55;
    public static final int TRANSFER_ENCODING = 57;
    /** RFC 8441 §4: the extended CONNECT pseudo-header; not in the static table. */
    public static final int PROTOCOL = 62;
    /** RFC 9113 §8.2.2: allowed only with the value "trailers". */
    public static final int TE = 63;
    /** RFC 9113 §8.2.2: connection-specific, a request carrying it is malformed. */
    public static final int CONNECTION = 64;
    public static final int KEEP_ALIVE = 65;
    public static final int PROXY_CONNECTION = 66;
    public static final int UPGRADE = 67;

    private static final String[][] FIELDS = {
        {":authority", ""}, {":method", "GET"}, {":method", "POST"}, {":path", "/"}, {":path", "/index.html"},
        {":scheme", "http"}, {":scheme", "https"}, {":status", "200"}, {":status", "204"}, {":status", "206"},
        {":status", "304"}, {":status", "400"}, {":status", "404"}, {":status", "500"}, {"accept-charset", ""},
        {"accept-encoding", "gzip, deflate"}, {"accept-language", ""}, {"accept-ranges", ""}, {"accept", ""},
        {"access-control-allow-origin", ""}, {"age", ""}, {"allow", ""}, {"authorization", ""},
        {"cache-control", ""}, {"content-disposition", ""}, {"content-encoding", ""}, {"content-language", ""},
        {"content-length", ""}, {"content-location", ""}, {"content-range", ""}, {"content-type", ""},
        {"cookie", ""}, {"date", ""}, {"etag", ""}, {"expect", ""}, {"expires", ""}, {"from", ""}, {"host", ""},
        {"if-match", ""}, {"if-modified-since", ""}, {"if-none-match", ""}, {"if-range", ""},
        {"if-unmodified-since", ""}, {"last-modified", ""}, {"link", ""}, {"location", ""}, {"max-forwards", ""},
        {"proxy-authenticate", ""}, {"proxy-authorization", ""}, {"range", ""}, {"referer", ""}, {"refresh", ""},
        {"retry-after", ""}, {"server", ""}, {"set-cookie", ""}, {"strict-transport-security", ""},
        {"transfer-encoding", ""}, {"user-agent", ""}, {"vary", ""}, {"via", ""}, {"www-authenticate", ""},
    };

    /** Names with ids past the table, from {@link #PROTOCOL} on. */
    private static final String[] EXTRA_NAMES = {":protocol", "te", "connection", "keep-alive", "proxy-connection", "upgrade"};

    private static final byte[][] NAMES = new byte[PROTOCOL + EXTRA_NAMES.length][];
    private static final byte[][] VALUES = new byte[LENGTH + 1][];
    private static final int[] NAME_IDS = new int[LENGTH + 1];
    private static final Map<String, Integer> IDS_BY_NAME = new HashMap<>();

    /** Open addressing over the name bytes' hash; 128 slots for 58 names keeps probes short. */
    private static final int[] SLOTS = new int[128];

    static {
        for (int i = 1; i <= LENGTH; i++) {
            String name = FIELDS[i - 1][0];
            NAMES[i] = ascii(name);
            VALUES[i] = ascii(FIELDS[i - 1][1]);
            Integer first = IDS_BY_NAME.putIfAbsent(name, i);
            NAME_IDS[i] = first == null ? i : first;
        }
        for (int i = 0; i < EXTRA_NAMES.length; i++) {
            NAMES[PROTOCOL + i] = ascii(EXTRA_NAMES[i]);
            IDS_BY_NAME.put(EXTRA_NAMES[i], PROTOCOL + i);
        }
        for (var entry : IDS_BY_NAME.entrySet()) {
            byte[] name = ascii(entry.getKey());
            int slot = hash(name, 0, name.length);
            while (SLOTS[slot] != 0) {
                slot = (slot + 1) & (SLOTS.length - 1);
            }
            SLOTS[slot] = entry.getValue();
        }
    }

    private HpackStaticTable() {
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static int hash(byte[] bytes, int offset, int length) {
        int h = length;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + bytes[i];
        }
        return (h ^ (h >>> 7) ^ (h >>> 14)) & (SLOTS.length - 1);
    }

    /** The name of entry {@code index} (1 to 61), or of a name id past the table. The array is shared: never write to it. */
    static byte[] name(int index) {
        return NAMES[index];
    }

    /** The value of entry {@code index} (1 to 61), empty for most. The array is shared: never write to it. */
    static byte[] value(int index) {
        return VALUES[index];
    }

    /** The name id of entry {@code index} (1 to 61): the index of the first entry with the same name. */
    static int nameIdOf(int index) {
        return NAME_IDS[index];
    }

    /**
     * The id of the name in {@code bytes[offset, offset + length)}, or {@link #UNKNOWN_NAME}. Case
     * matters: HTTP/2 names are lower case (RFC 9113 §8.2.1), so {@code Host} is unknown. Allocates
     * nothing.
     */
    public static int nameId(byte[] bytes, int offset, int length) {
        int slot = hash(bytes, offset, length);
        for (int id; (id = SLOTS[slot]) != 0; slot = (slot + 1) & (SLOTS.length - 1)) {
            byte[] candidate = NAMES[id];
            if (Arrays.equals(candidate, 0, candidate.length, bytes, offset, offset + length)) {
                return id;
            }
        }
        return UNKNOWN_NAME;
    }

    /** The id of a lower-case name, or {@link #UNKNOWN_NAME}. */
    public static int nameId(String name) {
        Integer id = IDS_BY_NAME.get(name);
        return id == null ? UNKNOWN_NAME : id;
    }

    /** The name a name id stands for, such as {@code ":path"} for {@link #PATH}. */
    public static String nameOf(int nameId) {
        return new String(NAMES[nameId], StandardCharsets.US_ASCII);
    }

    /**
     * The index of the entry holding exactly {@code name: value}, or 0: an empty value matches the
     * entries without one; only {@code :method}, {@code :path}, {@code :scheme}, {@code :status} and
     * {@code accept-encoding} have others.
     */
    static int fieldIndex(int nameId, String value) {
        if (value.isEmpty()) {
            return nameId <= LENGTH && VALUES[nameId].length == 0 ? nameId : 0;
        }
        switch (nameId) {
            case METHOD, PATH, SCHEME -> {
                for (int i = nameId; i <= nameId + 1; i++) {
                    if (FIELDS[i - 1][1].equals(value)) {
                        return i;
                    }
                }
            }
            case STATUS -> {
                return statusIndex(value);
            }
            case ACCEPT_ENCODING -> {
                return value.equals("gzip, deflate") ? ACCEPT_ENCODING : 0;
            }
            default -> {
                return 0;
            }
        }
        return 0;
    }

    /** The index of {@code :status: status}, or 0 when the code is not one of the seven in the table. */
    static int statusIndex(int status) {
        return switch (status) {
            case 200 -> 8;
            case 204 -> 9;
            case 206 -> 10;
            case 304 -> 11;
            case 400 -> 12;
            case 404 -> 13;
            case 500 -> 14;
            default -> 0;
        };
    }

    private static int statusIndex(String value) {
        if (value.length() != 3) {
            return 0;
        }
        int status = 0;
        for (int i = 0; i < 3; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            status = status * 10 + (c - '0');
        }
        return statusIndex(status);
    }
}
