package io.windhover.server.http2;

import io.windhover.server.hpack.HpackHeaderHandler;
import io.windhover.server.hpack.HpackStaticTable;
import io.windhover.server.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Takes the fields of one request's field block (or its trailers) from the HPACK decoder and holds
 * them against RFC 9113 §8.2-8.3: pseudo-header fields first, each once, only the request's four;
 * names in lower case; no connection-specific fields; {@code te} only {@code trailers}; values
 * without NUL, CR, LF or edge whitespace. The block must be decoded to its end whatever it holds
 * (the HPACK table must stay in step), so the first problem is recorded, not thrown: the stream is
 * then malformed, a stream error PROTOCOL_ERROR (§8.1.1).
 *
 * <p>Not thread-safe; used by the frame loop while it decodes the block.
 */
final class Http2RequestHeaders implements HpackHeaderHandler {

    private static final byte[] UPGRADE = "upgrade".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROXY_CONNECTION = "proxy-connection".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRAILERS = "trailers".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROTOCOL = ":protocol".getBytes(StandardCharsets.US_ASCII);

    private final int maxFieldCount;
    private HttpHeaders fields;
    private boolean trailers;
    private boolean regularSeen;
    private int count;
    private String malformed;
    private boolean tooMany;
    private StringBuilder cookie;
    String method;
    String scheme;
    String authority;
    String path;
    /** RFC 8441's {@code :protocol}: the request is an extended CONNECT. */
    String protocol;
    long contentLength = -1;

    /** @param maxFieldCount regular fields a block may carry (HttpLimits.maxRequestHeaderCount) */
    Http2RequestHeaders(int maxFieldCount) {
        this.maxFieldCount = maxFieldCount;
    }

    /** Starts a block whose regular fields go into {@code fields}; {@code trailers} for a trailer block (no pseudo-fields). */
    void begin(HttpHeaders fields, boolean trailers) {
        this.fields = fields;
        this.trailers = trailers;
        regularSeen = false;
        count = 0;
        malformed = null;
        tooMany = false;
        cookie = null;
        method = scheme = authority = path = protocol = null;
        contentLength = -1;
    }

    @Override
    public void onHeader(int nameId, byte[] name, int nameOffset, int nameLength, byte[] value, int valueOffset,
            int valueLength) {
        if (malformed != null) {
            return;
        }
        if (nameLength > 0 && name[nameOffset] == ':') {
            onPseudoField(nameId, name, nameOffset, nameLength, value, valueOffset, valueLength);
            return;
        }
        regularSeen = true;
        if (!validName(name, nameOffset, nameLength)) {
            malformed("a field name that is not a lower-case token: '" + latin1(name, nameOffset, nameLength) + "'");
            return;
        }
        if (!validValue(value, valueOffset, valueLength)) {
            malformed("field '" + latin1(name, nameOffset, nameLength) + "' has a value with NUL, CR, LF or edge whitespace");
            return;
        }
        switch (nameId) {
            // §8.2.2: "An endpoint MUST NOT generate an HTTP/2 message containing connection-specific
            // header fields ... Any message containing connection-specific header fields MUST be
            // treated as malformed."
            case HpackStaticTable.CONNECTION, HpackStaticTable.KEEP_ALIVE, HpackStaticTable.TRANSFER_ENCODING ->
                    malformed("connection-specific field '" + latin1(name, nameOffset, nameLength) + "'");
            // "The only exception to this is the TE header field, which MAY be present in an HTTP/2
            // request; when it is, it MUST NOT contain any value other than "trailers"."
            case HpackStaticTable.TE -> {
                if (!equalsIgnoreCase(value, valueOffset, valueLength, TRAILERS)) {
                    malformed("te: " + latin1(value, valueOffset, valueLength));
                } else {
                    add(name, nameOffset, nameLength, value, valueOffset, valueLength);
                }
            }
            // §8.2.3: a client may split cookie into several fields; they are joined with "; ".
            case HpackStaticTable.COOKIE -> {
                if (cookie == null) {
                    cookie = new StringBuilder(valueLength);
                } else {
                    cookie.append("; ");
                }
                cookie.append(latin1(value, valueOffset, valueLength));
            }
            case HpackStaticTable.CONTENT_LENGTH -> {
                long length = parseLength(value, valueOffset, valueLength);
                if (length < 0 || (contentLength >= 0 && contentLength != length)) {
                    malformed("content-length: " + latin1(value, valueOffset, valueLength));
                } else {
                    contentLength = length;
                    add(name, nameOffset, nameLength, value, valueOffset, valueLength);
                }
            }
            default -> {
                if (sameBytes(name, nameOffset, nameLength, UPGRADE)
                        || sameBytes(name, nameOffset, nameLength, PROXY_CONNECTION)) {
                    malformed("connection-specific field '" + latin1(name, nameOffset, nameLength) + "'");
                } else {
                    add(name, nameOffset, nameLength, value, valueOffset, valueLength);
                }
            }
        }
    }

    private void add(byte[] name, int nameOffset, int nameLength, byte[] value, int valueOffset, int valueLength) {
        if (++count > maxFieldCount) {
            tooMany = true;
            return;
        }
        fields.addBytes(name, nameOffset, nameLength, value, valueOffset, valueLength);
    }

    private void onPseudoField(int nameId, byte[] name, int nameOffset, int nameLength, byte[] value, int valueOffset,
            int valueLength) {
        // §8.3: "Pseudo-header fields MUST NOT appear in a trailer section"; "All pseudo-header
        // fields MUST appear in a field block before all regular field lines".
        if (trailers) {
            malformed("a pseudo-header field in trailers");
            return;
        }
        if (regularSeen) {
            malformed("pseudo-header field " + latin1(name, nameOffset, nameLength) + " after a regular field");
            return;
        }
        String text = latin1(value, valueOffset, valueLength);
        switch (nameId) {
            case HpackStaticTable.METHOD -> method = once(method, text, ":method");
            case HpackStaticTable.SCHEME -> scheme = once(scheme, text, ":scheme");
            case HpackStaticTable.AUTHORITY -> authority = once(authority, text, ":authority");
            case HpackStaticTable.PATH -> path = once(path, text, ":path");
            // §8.3: "Endpoints MUST treat a request or response that contains undefined or invalid
            // pseudo-header fields as malformed." :status is a response's. :protocol is RFC 8441's,
            // defined since this server sends SETTINGS_ENABLE_CONNECT_PROTOCOL.
            default -> {
                if (sameBytes(name, nameOffset, nameLength, PROTOCOL)) {
                    protocol = once(protocol, text, ":protocol");
                } else {
                    malformed("pseudo-header field " + latin1(name, nameOffset, nameLength) + " is not a request's");
                }
            }
        }
        if (!validValue(value, valueOffset, valueLength)) {
            malformed("pseudo-header field " + latin1(name, nameOffset, nameLength) + " has an invalid value");
        }
    }

    private String once(String current, String value, String field) {
        if (current != null) {
            malformed("pseudo-header field " + field + " twice");
        }
        return value;
    }

    /**
     * Ends the block: the cookie fields joined, and for a request head the required pseudo-fields
     * checked (§8.3.1).
     *
     * @return what makes the request malformed, or null
     */
    String finish() {
        if (cookie != null && malformed == null) {
            fields.add("cookie", cookie.toString());
        }
        if (malformed != null || trailers) {
            return malformed;
        }
        if (method == null) {
            return "no :method";
        }
        if (protocol != null) {
            // RFC 8441 §4: :protocol belongs to CONNECT requests alone, and "On requests that contain
            // the :protocol pseudo-header field, the :scheme and :path pseudo-header fields of the
            // target URI ... MUST also be included"; :authority names the target as for any request.
            if (!"CONNECT".equals(method)) {
                return ":protocol on a " + method + " request";
            }
            if (protocol.isEmpty() || authority == null || scheme == null || path == null) {
                return "an extended CONNECT needs :protocol, :scheme, :authority and :path";
            }
        } else if ("CONNECT".equals(method)) {
            // §8.5: "The :scheme and :path pseudo-header fields MUST be omitted" and :authority given.
            return authority == null || scheme != null || path != null ? "a CONNECT request needs :authority alone" : null;
        }
        // §8.3.1: "All HTTP/2 requests MUST include exactly one valid value for the :method, :scheme,
        // and :path pseudo-header fields, unless they are CONNECT requests"; ":path ... MUST NOT be empty".
        if (scheme == null || path == null) {
            return "no " + (scheme == null ? ":scheme" : ":path");
        }
        if (path.isEmpty() || (path.charAt(0) != '/' && !("*".equals(path) && "OPTIONS".equals(method)))) {
            return ":path '" + path + "' is not an origin-form target";
        }
        return null;
    }

    /** Whether the block carried more regular fields than the limit (431, not malformed). */
    boolean tooManyFields() {
        return tooMany;
    }

    private void malformed(String why) {
        if (malformed == null) {
            malformed = why;
        }
    }

    /** §8.2.1: "A field name MUST NOT contain characters in the ranges 0x00-0x20, 0x41-0x5a, or 0x7f-0xff". */
    private static boolean validName(byte[] name, int offset, int length) {
        if (length == 0) {
            return false;
        }
        for (int i = offset; i < offset + length; i++) {
            int c = name[i] & 0xFF;
            if (c <= 0x20 || (c >= 'A' && c <= 'Z') || c >= 0x7F || c == ':') {
                return false;
            }
        }
        return true;
    }

    /**
     * §8.2.1: "A field value MUST NOT contain the zero value (ASCII NUL, 0x00), line feed (ASCII LF,
     * 0x0a), or carriage return (ASCII CR, 0x0d) at any position. A field value MUST NOT start or
     * end with an ASCII whitespace character (ASCII SP or HTAB, 0x20 or 0x09)."
     */
    private static boolean validValue(byte[] value, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte c = value[i];
            if (c == 0 || c == '\n' || c == '\r') {
                return false;
            }
        }
        if (length > 0) {
            byte first = value[offset];
            byte last = value[offset + length - 1];
            return first != ' ' && first != '\t' && last != ' ' && last != '\t';
        }
        return true;
    }

    private static long parseLength(byte[] value, int offset, int length) {
        if (length == 0 || length > 18) {
            return -1;
        }
        long result = 0;
        for (int i = offset; i < offset + length; i++) {
            int digit = value[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            result = result * 10 + digit;
        }
        return result;
    }

    private static boolean equalsIgnoreCase(byte[] bytes, int offset, int length, byte[] lowerCase) {
        if (length != lowerCase.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int c = bytes[offset + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerCase[i]) {
                return false;
            }
        }
        return true;
    }

    private static String latin1(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    private static boolean sameBytes(byte[] bytes, int offset, int length, byte[] other) {
        return Arrays.equals(bytes, offset, offset + length, other, 0, other.length);
    }
}
