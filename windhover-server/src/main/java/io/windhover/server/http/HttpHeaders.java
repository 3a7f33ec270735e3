package io.windhover.server.http;

import io.windhover.buffers.BufferSequence;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * An ordered, case-insensitive multimap of header fields, as requests and responses of every
 * protocol carry them. Names are compared ignoring ASCII case (RFC 9110 §5.1); values are kept as
 * given.
 *
 * <pre>{@code
 * response.headers().set("Content-Type", "text/plain");
 * String host = request.headers().get("host"); // first value, or null
 * }</pre>
 *
 * <p>Fields a protocol engine parsed are kept as bytes ({@link #addBytes}): a well-known name is
 * recognised without making a string, and a value becomes a string only when asked for, so a
 * request whose handler reads two headers pays for two strings, not for all of them.
 *
 * <p>The fields of a response and its trailers ({@link #forResponse()}) are checked as they are
 * added: a name that is not a token or a value with CR, LF, NUL or another control is refused
 * there, before it could split the response on the wire. Request fields are not: the protocol
 * engine has already parsed them under its own, stricter rules.
 *
 * <p>Not thread-safe: owned by the request or response it belongs to.
 */
public final class HttpHeaders implements Iterable<Map.Entry<String, String>> {

    /** Fields held once the first is added: most requests carry fewer, and trailers usually none. */
    private static final int INITIAL_FIELDS = 8;
    private static final String[] NO_STRINGS = {};
    private static final int[] NO_SPANS = {};
    private static final byte[] NO_BYTES = {};
    private static final String CONTENT_LENGTH = "Content-Length";

    // Empty until the first field: an idle keep-alive connection holds four of these.
    /** Names and values as strings; null where a byte field's string has not been made yet. */
    private String[] names = NO_STRINGS;
    private String[] values = NO_STRINGS;
    /** For byte fields: name start, name end, value start, value end in {@link #bytes}; name start -1 for string fields. */
    private int[] spans = NO_SPANS;
    private int count;
    private byte[] bytes = NO_BYTES;
    /** Made on the first {@link #view}: most header collections never need one. */
    private ByteView view;
    private int bytesUsed;
    /** Bit {@code i} set while a field named {@link KnownHeaderNames} {@code i} may be present: absent ones are answered without a scan. */
    private long knownPresent;
    /** Whether fields are checked as they are added: those to be sent, which an application sets. */
    private final boolean checked;

    /** Fields added unchecked, as a protocol engine fills them from a request it parsed. */
    public HttpHeaders() {
        this(false);
    }

    private HttpHeaders(boolean checked) {
        this.checked = checked;
    }

    /**
     * Fields to be sent, as a response's headers and trailers: {@link #add} and {@link #set}
     * throw {@link IllegalArgumentException}, naming the field, for a name that is not an
     * RFC 9110 token and for a value with a char other than visible ones, SP, HTAB and obs-text
     * (U+0080 to U+00FF). The check is one pass over the chars of each field added.
     */
    public static HttpHeaders forResponse() {
        return new HttpHeaders(true);
    }

    /** The number of fields. */
    public int size() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** The name of field {@code index}: as given, or a well-known name's usual spelling if it was parsed. */
    public String name(int index) {
        Objects.checkIndex(index, count);
        String name = names[index];
        if (name == null) {
            int at = index * 4;
            name = new String(bytes, spans[at], spans[at + 1] - spans[at], StandardCharsets.US_ASCII);
            names[index] = name;
        }
        return name;
    }

    /** The value of field {@code index}. */
    public String value(int index) {
        Objects.checkIndex(index, count);
        String value = values[index];
        if (value == null) {
            int at = index * 4;
            // ISO-8859-1 keeps every byte as one char: obs-text survives.
            value = new String(bytes, spans[at + 2], spans[at + 3] - spans[at + 2], StandardCharsets.ISO_8859_1);
            values[index] = value;
        }
        return value;
    }

    /**
     * The first value of {@code name} without making a String of it: for a received field, a view
     * of the bytes it arrived in (ISO-8859-1, a char per byte), valid until these headers change
     * and reused by the next call; for a field set as a String, that String. Null when absent. For
     * checks on the hot path (the HTTP/1.1 engine validates every Host with it).
     *
     * <pre>{@code
     * CharSequence host = headers.view("Host");
     * boolean local = host != null && host.length() > 0 && host.charAt(0) == '[';
     * }</pre>
     */
    public CharSequence view(String name) {
        int index = indexOf(name);
        if (index < 0) {
            return null;
        }
        if (values[index] != null) {
            return values[index];
        }
        if (view == null) {
            view = new ByteView();
        }
        int at = index * 4;
        view.set(bytes, spans[at + 2], spans[at + 3]);
        return view;
    }

    /** A reusable window on received bytes, read as ISO-8859-1. */
    private static final class ByteView implements CharSequence {
        private byte[] bytes;
        private int start;
        private int end;

        void set(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.start = start;
            this.end = end;
        }

        @Override
        public int length() {
            return end - start;
        }

        @Override
        public char charAt(int index) {
            Objects.checkIndex(index, end - start);
            return (char) (bytes[start + index] & 0xFF);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            Objects.checkFromToIndex(from, to, end - start);
            return new String(bytes, start + from, to - from, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        }
    }

    /** The first value of {@code name}, or null. */
    public String get(String name) {
        int index = indexOf(name);
        return index < 0 ? null : value(index);
    }

    /** Every value of {@code name}, in order; empty if none. */
    public List<String> getAll(String name) {
        int index = indexOf(name);
        if (index < 0) {
            return List.of();
        }
        List<String> all = new ArrayList<>(2);
        for (; index >= 0; index = scan(name, index + 1)) {
            all.add(value(index));
        }
        return all;
    }

    /** How many fields are named {@code name}. */
    public int count(String name) {
        int found = 0;
        for (int index = indexOf(name); index >= 0; index = scan(name, index + 1)) {
            found++;
        }
        return found;
    }

    public boolean contains(String name) {
        return indexOf(name) >= 0;
    }

    /**
     * Adds a field, keeping any others of the same name.
     *
     * @throws IllegalArgumentException for fields to be sent ({@link #forResponse()}), if the name
     *     is not a token or the value holds a control char other than HTAB or a char past U+00FF
     */
    public HttpHeaders add(String name, String value) {
        check(name, value);
        if (checked && isContentLength(name)) {
            if (contains(CONTENT_LENGTH)) {
                // RFC 9110 §8.6: one length per message; two would be the smuggling vector we refuse in requests.
                throw new IllegalArgumentException("a response carries one Content-Length; set(...) replaces it");
            }
            value = contentLength(value);
        }
        return append(name, value);
    }

    private static boolean isContentLength(String name) {
        return name.length() == CONTENT_LENGTH.length() && name.equalsIgnoreCase(CONTENT_LENGTH);
    }

    /**
     * RFC 9110 §8.6: {@code Content-Length = 1*DIGIT}. A response's value is checked where it is set,
     * as Kestrel keeps it as a number: "-1", "1e3", "10, 10" or one past 2^63 - 1 are refused, and
     * "007" or " 7 " become "7", so the wire never carries a length a client could read two ways.
     */
    private static String contentLength(String value) {
        String digits = value.strip();
        long length = digits.isEmpty() || digits.length() > 19 ? -1 : 0;
        for (int i = 0; i < digits.length() && length >= 0; i++) {
            char c = digits.charAt(i);
            // ASCII digits only: Long.parseLong would take a sign and other scripts' digits too.
            length = c < '0' || c > '9' || length > (Long.MAX_VALUE - (c - '0')) / 10 ? -1 : length * 10 + (c - '0');
        }
        if (length < 0) {
            throw new IllegalArgumentException("Content-Length '" + value + "' is not a length: it must be a decimal from 0 to "
                    + Long.MAX_VALUE);
        }
        String normal = Long.toString(length);
        return normal.equals(value) ? value : normal;
    }

    private void check(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (checked) {
            FieldSyntax.requireValid(name, value);
        }
    }

    private HttpHeaders append(String name, String value) {
        int index = grow();
        names[index] = name;
        values[index] = value;
        spans[index * 4] = -1;
        int known = KnownHeaderNames.indexOf(name);
        if (known != KnownHeaderNames.UNKNOWN) {
            knownPresent |= 1L << known;
        }
        return this;
    }

    /**
     * Adds a field from bytes a protocol engine parsed: the name (ASCII) at
     * {@code [nameStart, nameEnd)} and the value (ISO-8859-1) at {@code [valueStart, valueEnd)} of
     * {@code buffer}. The bytes are copied, so the buffer may be released; the strings are made
     * when first asked for.
     */
    public HttpHeaders addBytes(BufferSequence buffer, long nameStart, long nameEnd, long valueStart, long valueEnd) {
        int nameLength = (int) (nameEnd - nameStart);
        int valueLength = (int) (valueEnd - valueStart);
        reserve(nameLength + valueLength);
        buffer.copyTo(nameStart, bytes, bytesUsed, nameLength);
        buffer.copyTo(valueStart, bytes, bytesUsed + nameLength, valueLength);
        return commit(bytesUsed, nameLength, bytesUsed + nameLength, valueLength);
    }

    /**
     * {@link #addBytes(BufferSequence, long, long, long, long)} from an array: the name at
     * {@code source[nameStart, nameEnd)}, the value at {@code source[valueStart, valueEnd)}, the
     * value after the name as a parsed line has them. One copy per field.
     */
    public HttpHeaders addBytes(byte[] source, int nameStart, int nameEnd, int valueStart, int valueEnd) {
        Objects.checkFromToIndex(nameStart, nameEnd, valueStart);
        Objects.checkFromToIndex(valueStart, valueEnd, source.length);
        int length = valueEnd - nameStart;
        reserve(length);
        System.arraycopy(source, nameStart, bytes, bytesUsed, length);
        return commit(bytesUsed, nameEnd - nameStart, bytesUsed + (valueStart - nameStart), valueEnd - valueStart);
    }

    /**
     * {@link #addBytes(BufferSequence, long, long, long, long)} from a name and a value that lie in
     * different arrays, as an HPACK decoder hands them (a name from its table, a value just
     * decoded): both are copied into this collection's own storage, side by side.
     *
     * <pre>{@code
     * headers.addBytes(name, 0, name.length, value, valueStart, valueLength);
     * }</pre>
     */
    public HttpHeaders addBytes(byte[] name, int nameOffset, int nameLength, byte[] value, int valueOffset, int valueLength) {
        Objects.checkFromIndexSize(nameOffset, nameLength, name.length);
        Objects.checkFromIndexSize(valueOffset, valueLength, value.length);
        reserve(nameLength + valueLength);
        System.arraycopy(name, nameOffset, bytes, bytesUsed, nameLength);
        System.arraycopy(value, valueOffset, bytes, bytesUsed + nameLength, valueLength);
        return commit(bytesUsed, nameLength, bytesUsed + nameLength, valueLength);
    }

    private void reserve(int length) {
        if (bytes.length - bytesUsed < length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, bytesUsed + length + 128));
        }
    }

    /** Makes the copied bytes at {@code nameAt} and {@code valueAt} a field, if the checks pass. */
    private HttpHeaders commit(int nameAt, int nameLength, int valueAt, int valueLength) {
        if (checked) {
            FieldSyntax.requireValid(bytes, nameAt, nameAt + nameLength, valueAt, valueAt + valueLength); // nothing committed yet
        }
        bytesUsed = valueAt + valueLength;
        int index = grow();
        int at = index * 4;
        spans[at] = nameAt;
        spans[at + 1] = nameAt + nameLength;
        spans[at + 2] = valueAt;
        spans[at + 3] = bytesUsed;
        int known = KnownHeaderNames.find(bytes, nameAt, nameLength);
        if (known != KnownHeaderNames.UNKNOWN) {
            names[index] = KnownHeaderNames.name(known);
            knownPresent |= 1L << known;
        } else {
            names[index] = null;
        }
        values[index] = null;
        return this;
    }

    /** Replaces every field of {@code name} with one; checked as {@link #add} is. */
    public HttpHeaders set(String name, String value) {
        check(name, value); // before the fields it replaces are gone
        if (checked && isContentLength(name)) {
            value = contentLength(value);
        }
        remove(name);
        return append(name, value);
    }

    /** Removes every field of {@code name}; true if there was one. */
    public boolean remove(String name) {
        int known = KnownHeaderNames.indexOf(name);
        if (known != KnownHeaderNames.UNKNOWN) {
            if ((knownPresent & (1L << known)) == 0) {
                return false;
            }
            knownPresent &= ~(1L << known); // every field of the name goes
        }
        boolean removed = false;
        for (int index = scan(name, 0); index >= 0; index = scan(name, index)) {
            int after = count - index - 1;
            System.arraycopy(names, index + 1, names, index, after);
            System.arraycopy(values, index + 1, values, index, after);
            System.arraycopy(spans, (index + 1) * 4, spans, index * 4, after * 4);
            count--;
            names[count] = null;
            values[count] = null;
            removed = true;
        }
        return removed;
    }

    /**
     * Whether a comma-separated value of {@code name} has the element {@code token}, ignoring case
     * and the optional whitespace around elements (as {@code Connection: keep-alive, close}).
     */
    public boolean containsToken(String name, String token) {
        for (int index = indexOf(name); index >= 0; index = scan(name, index + 1)) {
            if (values[index] != null ? hasToken(values[index], token) : hasToken(index, token)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasToken(String value, String token) {
        int length = value.length();
        int start = 0;
        while (start <= length) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? length : comma;
            int from = start;
            int to = end;
            while (from < to && isWhitespace(value.charAt(from))) {
                from++;
            }
            while (to > from && isWhitespace(value.charAt(to - 1))) {
                to--;
            }
            if (to - from == token.length() && value.regionMatches(true, from, token, 0, token.length())) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private boolean hasToken(int index, String token) {
        int at = index * 4;
        int end = spans[at + 3];
        int start = spans[at + 2];
        while (start <= end) {
            int elementEnd = start;
            while (elementEnd < end && bytes[elementEnd] != ',') {
                elementEnd++;
            }
            int from = start;
            int to = elementEnd;
            while (from < to && isWhitespace((char) bytes[from])) {
                from++;
            }
            while (to > from && isWhitespace((char) bytes[to - 1])) {
                to--;
            }
            if (KnownHeaderNames.equalsIgnoreCase(bytes, from, to - from, token)) {
                return true;
            }
            start = elementEnd + 1;
        }
        return false;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * Removes every field and lets go of the storage they used, for a collection that will hold
     * little or nothing again (the head of a 101 once sent: the connection speaks another protocol),
     * or not for a while (a connection's request fields while it waits for its next request).
     */
    public void clearAndRelease() {
        clear();
        names = NO_STRINGS;
        values = NO_STRINGS;
        spans = NO_SPANS;
        bytes = NO_BYTES;
        view = null;
    }

    public void clear() {
        knownPresent = 0;
        if (count == 0 && bytesUsed == 0) {
            return; // as most trailers are, every request
        }
        for (int index = 0; index < count; index++) {
            names[index] = null;
            values[index] = null;
        }
        count = 0;
        bytesUsed = 0;
    }

    /** The index of the first field named {@code name}, or -1. */
    private int indexOf(String name) {
        int known = KnownHeaderNames.indexOf(name);
        if (known != KnownHeaderNames.UNKNOWN && (knownPresent & (1L << known)) == 0) {
            return -1;
        }
        return scan(name, 0);
    }

    /** The first field named {@code name} at or after {@code from} by comparing each field's name: what {@link #indexOf} does once the name's bit is set. */
    private int scan(String name, int from) {
        for (int index = from; index < count; index++) {
            String known = names[index];
            if (known != null) {
                if (known == name || known.equalsIgnoreCase(name)) {
                    return index;
                }
            } else {
                int at = index * 4;
                if (KnownHeaderNames.equalsIgnoreCase(bytes, spans[at], spans[at + 1] - spans[at], name)) {
                    return index;
                }
            }
        }
        return -1;
    }

    private int grow() {
        if (count == names.length) {
            int capacity = Math.max(INITIAL_FIELDS, count * 2);
            names = Arrays.copyOf(names, capacity);
            values = Arrays.copyOf(values, capacity);
            spans = Arrays.copyOf(spans, capacity * 4);
        }
        return count++;
    }

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Map.Entry<String, String> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int index = next++;
                return new AbstractMap.SimpleImmutableEntry<>(name(index), value(index));
            }
        };
    }

    @Override
    public String toString() {
        var text = new StringBuilder();
        for (int index = 0; index < count; index++) {
            text.append(name(index)).append(": ").append(value(index)).append('\n');
        }
        return text.toString();
    }
}
