package io.windhover.server.http1;

import static io.windhover.server.http1.RequestRejectionReason.INVALID_METHOD;
import static io.windhover.server.http1.RequestRejectionReason.INVALID_REQUEST_HEADER;
import static io.windhover.server.http1.RequestRejectionReason.INVALID_REQUEST_LINE;
import static io.windhover.server.http1.RequestRejectionReason.INVALID_REQUEST_TARGET;
import static io.windhover.server.http1.RequestRejectionReason.OBSOLETE_LINE_FOLDING;
import static io.windhover.server.http1.RequestRejectionReason.TLS_OVER_HTTP;
import static io.windhover.server.http1.RequestRejectionReason.TOO_MANY_HEADERS;
import static io.windhover.server.http1.RequestRejectionReason.UNSUPPORTED_HTTP_VERSION;

import io.windhover.buffers.SequenceReader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The HTTP/1.1 request-head parser: pure and incremental, after Kestrel's {@code HttpParser}.
 *
 * <p>It parses a byte array — the connection's copy of the head ({@link RequestHeadReader} copies
 * it out of the pool blocks in one pass) — and either completes, reporting to the handler and
 * returning the index after what it parsed, or returns -1 when the bytes end before the element
 * does, having reported nothing. It enforces the grammar of RFC 9112 and nothing else: size
 * limits are the caller's, which passes an end no further than the limit and turns "still
 * incomplete" into {@link RequestRejectionReason#REQUEST_LINE_TOO_LONG} or
 * {@link RequestRejectionReason#HEADERS_TOO_LARGE}.
 *
 * <pre>{@code
 * int end = Http1Parser.parseRequestLine(head, 0, Math.min(length, maxRequestLine), handler);
 * if (end < 0) {
 *     // need more bytes (or, if the end was cut by the limit, 414)
 * }
 * }</pre>
 *
 * <p>PERF: an array, not the pool's {@code ByteBuffer}s: every access to a buffer of a shared
 * arena checks the arena is open, which made a byte-by-byte parse over a {@code SequenceReader}
 * about two thirds of the engine's time per request (async-profiler on
 * {@code Http1ConnectionBenchmark}). Searches for line ends go eight bytes at a time.
 *
 * <p>Stateless; thread-safe.
 */
public final class Http1Parser {

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte SP = ' ';
    private static final byte HTAB = '\t';
    private static final byte COLON = ':';
    /** The first byte of a TLS record carrying a handshake message (RFC 8446 §5.1, ContentType handshake(22)). */
    private static final int TLS_HANDSHAKE_RECORD = 0x16;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long CRS = ONES * CR;
    private static final long LFS = ONES * LF;
    private static final long SPACES = ONES * SP;
    private static final long DELS = ONES * 0x7F;

    /** RFC 9110 §5.6.2 tchar, by byte value. */
    private static final boolean[] TOKEN = new boolean[256];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
    }

    private Http1Parser() {
    }

    /** Whether {@code b} is an RFC 9110 tchar. */
    static boolean isTokenByte(int b) {
        return TOKEN[b & 0xFF];
    }

    /**
     * RFC 9112 §2.2: "a server that is expecting to receive and parse a request-line SHOULD ignore
     * at least one empty line (CRLF) received prior to the request-line." Skips up to {@code max}
     * whole CRLFs at the reader's position, so that the caller decides how many it tolerates and
     * whether they count toward its limits. A CR at the end of the bytes stays: its LF may follow.
     *
     * @return how many empty lines were skipped
     */
    public static int skipEmptyLines(SequenceReader reader, int max) {
        int skipped = 0;
        while (skipped < max && reader.peek() == CR && reader.peek(1) == LF) {
            reader.advance(2);
            skipped++;
        }
        return skipped;
    }

    /**
     * {@link #parseRequestLine(byte[], int, int, Http1ParserHandler)} at a reader's position, for
     * callers without a copy of their own (tests, tools): copies what the reader has left, up to
     * {@code limit}, into a new array, and advances the reader past the line when it is complete.
     */
    public static boolean parseRequestLine(SequenceReader reader, long limit, Http1ParserHandler handler) {
        int end = parseRequestLine(remaining(reader, limit), 0, available(reader, limit), handler);
        if (end < 0) {
            return false;
        }
        reader.advance(end);
        return true;
    }

    /** {@link #parseRequestLine(SequenceReader, long, Http1ParserHandler)} with no limit but the reader's end. */
    public static boolean parseRequestLine(SequenceReader reader, Http1ParserHandler handler) {
        return parseRequestLine(reader, Long.MAX_VALUE, handler);
    }

    /**
     * {@link #parseHeaders(byte[], int, int, Http1ParserHandler, int)} at a reader's position, for
     * callers without a copy of their own (tests, tools): copies what the reader has left, up to
     * {@code limit}, into a new array, and advances the reader past the block when it is complete.
     */
    public static boolean parseHeaders(SequenceReader reader, long limit, Http1ParserHandler handler, int maxHeaderCount) {
        int end = parseHeaders(remaining(reader, limit), 0, available(reader, limit), handler, maxHeaderCount);
        if (end < 0) {
            return false;
        }
        reader.advance(end);
        return true;
    }

    /** {@link #parseHeaders(SequenceReader, long, Http1ParserHandler, int)} with no limit but the reader's end. */
    public static boolean parseHeaders(SequenceReader reader, Http1ParserHandler handler, int maxHeaderCount) {
        return parseHeaders(reader, Long.MAX_VALUE, handler, maxHeaderCount);
    }

    private static int available(SequenceReader reader, long limit) {
        return (int) Math.min(reader.remaining(), Math.max(0, limit - reader.position()));
    }

    private static byte[] remaining(SequenceReader reader, long limit) {
        byte[] copy = new byte[available(reader, limit)];
        reader.sequence().copyTo(reader.position(), copy, 0, copy.length);
        return copy;
    }

    /**
     * Parses {@code method SP request-target SP HTTP-version CRLF} from {@code bytes[from, to)};
     * empty lines before it are the caller's to {@link #skipEmptyLines skip}.
     *
     * @return the index after the line's LF when a whole line was parsed and reported; -1 when
     *     the bytes end first
     * @throws BadRequestException when the line breaks the grammar
     */
    public static int parseRequestLine(byte[] bytes, int from, int to, Http1ParserHandler handler) {
        if (from < to && bytes[from] == TLS_HANDSHAKE_RECORD) {
            // A ClientHello, which may hold no LF at all: answer it now, and say what it is.
            throw BadRequestException.of(TLS_OVER_HTTP, "a TLS handshake arrived on a plain-HTTP end point");
        }
        int lf = indexOf(bytes, from, to, LFS);
        if (lf < 0) {
            requireTokenMethodSoFar(bytes, from, to);
            return -1;
        }
        // The same check first once the line is complete, so that a line is refused for the same
        // reason however its bytes were split into reads (found by Http1ParserFuzzTest).
        requireTokenMethodSoFar(bytes, from, lf);
        if (lf == from || bytes[lf - 1] != CR) {
            throw BadRequestException.of(INVALID_REQUEST_LINE, "line ended by a bare LF");
        }
        int lineEnd = lf - 1; // the CR

        // method
        int i = from;
        int b;
        while ((b = bytes[i] & 0xFF) != SP) {
            if (i >= lineEnd || !TOKEN[b]) {
                throw BadRequestException.of(INVALID_METHOD, "the method is not a token");
            }
            i++;
        }
        int methodEnd = i;
        if (methodEnd == from) {
            throw BadRequestException.of(INVALID_METHOD, "empty method");
        }
        HttpMethod method = knownMethod(bytes, from, methodEnd);

        // request-target
        int targetStart = ++i;
        int queryStart = -1;
        while ((b = bytes[i] & 0xFF) != SP) {
            // RFC 9112 §3.2: the target is visible ASCII; whitespace, controls and raw non-ASCII are invalid.
            if (i >= lineEnd || b < 0x21 || b > 0x7E || b == '#') {
                // RFC 9112 §3.2: no form of request-target has a fragment ("#" ends a URI before it);
                // Kestrel refuses one with 400 too, rather than route a path the client never meant.
                throw BadRequestException.of(INVALID_REQUEST_TARGET,
                        b == '#' ? "a fragment ('#') in the request target" : "invalid byte in the request target");
            }
            if (b == '?' && queryStart < 0) {
                queryStart = i;
            }
            i++;
        }
        int targetEnd = i;
        if (targetEnd == targetStart) {
            throw BadRequestException.of(INVALID_REQUEST_TARGET, "empty request target");
        }
        RequestTargetForm form = targetForm(bytes, method, targetStart, targetEnd, queryStart);
        if (form == null) {
            throw BadRequestException.of(INVALID_REQUEST_TARGET, "the target's form does not fit the method");
        }

        // HTTP-version
        HttpVersion version = version(bytes, i + 1, lineEnd);
        if (version == null) {
            throw BadRequestException.of(INVALID_REQUEST_LINE, "malformed HTTP version");
        }
        handler.onStartLine(bytes, method, version, form, from, methodEnd, targetStart,
                queryStart < 0 ? targetEnd : queryStart, targetEnd);
        return lf + 1;
    }

    /**
     * Parses the header fields and the empty line that ends them from {@code bytes[from, to)}.
     * Nothing is reported until the whole block is there, so a caller never sees half of a
     * request's headers.
     *
     * @param maxHeaderCount more fields than this is {@link RequestRejectionReason#TOO_MANY_HEADERS}
     * @return the index after the block's final LF when it was parsed and reported; -1 when it is incomplete
     * @throws BadRequestException when a line breaks the grammar or there are too many fields
     */
    public static int parseHeaders(byte[] bytes, int from, int to, Http1ParserHandler handler, int maxHeaderCount) {
        // Pass 1: find the end of the block, checking line endings; nothing is reported yet.
        int lineStart = from;
        int count = 0;
        int blockEnd;
        while (true) {
            int cr = lineEnd(bytes, lineStart, to);
            if (cr < 0) {
                return -1;
            }
            if (cr == lineStart) {
                blockEnd = cr + 2;
                break;
            }
            if (++count > maxHeaderCount) {
                throw BadRequestException.of(TOO_MANY_HEADERS, "more than " + maxHeaderCount + " header fields");
            }
            lineStart = cr + 2;
        }
        // Pass 2: parse and report each line, whose ends are now known to be CRLFs.
        for (int line = from; line < blockEnd - 2; ) {
            int cr = indexOf(bytes, line, blockEnd, CRS);
            parseHeaderLine(bytes, line, cr, handler);
            line = cr + 2;
        }
        handler.onHeadersComplete();
        return blockEnd;
    }

    /**
     * The index of the CR of the CRLF that ends the line at {@code from}, or -1 when the bytes end
     * first. RFC 9112 §2.2: a bare LF is not a line ending here, and a bare CR is invalid;
     * tolerating either lets requests be read differently by us and by a proxy in front of us
     * (request smuggling). Each is refused as soon as it is seen, not once the block is complete,
     * which a stray CR in the final empty line would otherwise put off indefinitely.
     */
    private static int lineEnd(byte[] bytes, int from, int to) {
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            long found = (zeroBytes(word ^ CRS) | zeroBytes(word ^ LFS));
            if (found != 0) {
                return endAt(bytes, i + (Long.numberOfTrailingZeros(found) >>> 3), to);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == CR || bytes[i] == LF) {
                return endAt(bytes, i, to);
            }
        }
        return -1;
    }

    /** {@link #lineEnd}'s verdict on the first CR or LF of a line, at {@code i}. */
    private static int endAt(byte[] bytes, int i, int to) {
        if (bytes[i] == LF) {
            throw BadRequestException.of(INVALID_REQUEST_HEADER, "line ended by a bare LF");
        }
        if (i + 1 == to) {
            return -1; // its LF may follow
        }
        if (bytes[i + 1] != LF) {
            throw BadRequestException.of(INVALID_REQUEST_HEADER, "a bare CR in a header line");
        }
        return i;
    }

    /**
     * The high bit of every byte of {@code word} that is zero. It can also flag a byte above a
     * true zero (a borrow), never below one, so the lowest flag is exact.
     */
    private static long zeroBytes(long word) {
        return (word - ONES) & ~word & HIGHS;
    }

    /** The index of the first byte of {@code pattern} (a byte repeated eight times) in {@code bytes[from, to)}, or -1. */
    private static int indexOf(byte[] bytes, int from, int to, long pattern) {
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long found = zeroBytes((long) LONGS.get(bytes, i) ^ pattern);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        byte value = (byte) pattern;
        for (; i < to; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** {@code field-name ":" OWS field-value OWS} in {@code bytes[from, lineEnd)}, {@code lineEnd} its CR. */
    private static void parseHeaderLine(byte[] bytes, int from, int lineEnd, Http1ParserHandler handler) {
        int b = bytes[from];
        if (b == SP || b == HTAB) {
            // RFC 9112 §5.2: obs-fold is rejected with 400 (we are not a user agent that could unfold it).
            throw BadRequestException.of(OBSOLETE_LINE_FOLDING, "a header line starts with whitespace");
        }
        int i = from;
        while ((b = bytes[i] & 0xFF) != COLON) {
            if (!TOKEN[b]) {
                // RFC 9112 §5.1: no whitespace is allowed between the field name and the colon.
                throw BadRequestException.of(INVALID_REQUEST_HEADER, "invalid byte in a header name");
            }
            if (++i == lineEnd) {
                throw BadRequestException.of(INVALID_REQUEST_HEADER, "a header line has no colon");
            }
        }
        int nameEnd = i;
        if (nameEnd == from) {
            throw BadRequestException.of(INVALID_REQUEST_HEADER, "empty header name");
        }
        int valueStart = nameEnd + 1;
        while (valueStart < lineEnd && isWhitespace(bytes[valueStart])) {
            valueStart++;
        }
        int valueEnd = lineEnd;
        while (valueEnd > valueStart && isWhitespace(bytes[valueEnd - 1])) {
            valueEnd--;
        }
        requireNoControls(bytes, valueStart, valueEnd);
        handler.onHeader(bytes, from, nameEnd, valueStart, valueEnd);
    }

    /**
     * RFC 9110 §5.5: field values exclude CTLs but HTAB; NUL, CR and LF in a value are rejected.
     * PERF: eight bytes at a time, each word tested for a byte below 0x20 or equal to 0x7F, and
     * looked at byte by byte only then (a word with an HTAB, or the one that fails).
     */
    private static void requireNoControls(byte[] bytes, int from, int to) {
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            if ((((word - SPACES) & ~word & HIGHS) | zeroBytes(word ^ DELS)) != 0) {
                requireNoControlBytes(bytes, i, i + Long.BYTES);
            }
        }
        requireNoControlBytes(bytes, i, to);
    }

    private static void requireNoControlBytes(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xFF;
            if ((b < 0x20 && b != HTAB) || b == 0x7F) {
                throw BadRequestException.of(INVALID_REQUEST_HEADER, "control byte in a header value");
            }
        }
    }

    private static boolean isWhitespace(byte b) {
        return b == SP || b == HTAB;
    }

    /**
     * Refuses a method that is already not a token while its line is still incomplete: bytes of
     * another protocol may never contain the LF a request line waits for, and would otherwise get
     * their answer only from the request headers timeout. A CR last may be the start of the CRLF
     * after an empty line or a method; the complete line decides.
     */
    private static void requireTokenMethodSoFar(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xFF;
            if (b == SP) {
                return;
            }
            if (!TOKEN[b] && !(b == CR && i == to - 1)) {
                throw BadRequestException.of(INVALID_METHOD, "the method is not a token");
            }
        }
    }

    /** {@code HTTP/1.1} and {@code HTTP/1.0}; null when malformed; 505 for another well-formed version. */
    private static HttpVersion version(byte[] bytes, int from, int lineEnd) {
        if (lineEnd - from != 8 || bytes[from] != 'H' || bytes[from + 1] != 'T' || bytes[from + 2] != 'T'
                || bytes[from + 3] != 'P' || bytes[from + 4] != '/') {
            return null;
        }
        int major = bytes[from + 5];
        int dot = bytes[from + 6];
        int minor = bytes[from + 7];
        if (dot != '.' || major < '0' || major > '9' || minor < '0' || minor > '9') {
            return null;
        }
        if (major == '1' && minor == '1') {
            return HttpVersion.HTTP_1_1;
        }
        if (major == '1' && minor == '0') {
            return HttpVersion.HTTP_1_0;
        }
        throw BadRequestException.of(UNSUPPORTED_HTTP_VERSION, "HTTP/" + (char) major + "." + (char) minor);
    }

    private static RequestTargetForm targetForm(byte[] bytes, HttpMethod method, int start, int end, int queryStart) {
        int first = bytes[start];
        // RFC 9112 §3.2.3: CONNECT takes the authority form, and only CONNECT does.
        if (method == HttpMethod.CONNECT) {
            return isAuthority(bytes, start, end) ? RequestTargetForm.AUTHORITY : null;
        }
        if (first == '/') {
            return RequestTargetForm.ORIGIN;
        }
        // RFC 9112 §3.2.4: "*" is for a server-wide OPTIONS only.
        if (first == '*' && end - start == 1) {
            return method == HttpMethod.OPTIONS ? RequestTargetForm.ASTERISK : null;
        }
        return isAbsolute(bytes, start, queryStart < 0 ? end : queryStart) ? RequestTargetForm.ABSOLUTE : null;
    }

    /** {@code host:port} with a non-empty host and a decimal port, and nothing else. */
    private static boolean isAuthority(byte[] bytes, int start, int end) {
        int colon = -1;
        for (int i = start; i < end; i++) {
            int b = bytes[i];
            if (b == '/' || b == '?' || b == '#' || b == '@') {
                return false;
            }
            if (b == ':') {
                colon = i;
            }
        }
        if (colon <= start || colon == end - 1) {
            return false;
        }
        for (int i = colon + 1; i < end; i++) {
            int b = bytes[i];
            if (b < '0' || b > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code scheme "://" ...}: RFC 3986 scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ). */
    private static boolean isAbsolute(byte[] bytes, int start, int end) {
        int i = start;
        int b = bytes[i];
        if (!isAsciiLetter(b)) {
            return false;
        }
        while (++i < end) {
            b = bytes[i];
            if (b == ':') {
                return end - i > 3 && bytes[i + 1] == '/' && bytes[i + 2] == '/';
            }
            if (!isAsciiLetter(b) && !(b >= '0' && b <= '9') && b != '+' && b != '-' && b != '.') {
                return false;
            }
        }
        return false;
    }

    private static boolean isAsciiLetter(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    /** PERF: the method's bytes (up to eight) packed in a long, compared with each known method's. */
    private static HttpMethod knownMethod(byte[] bytes, int from, int to) {
        int length = to - from;
        if (length > Long.BYTES) {
            return HttpMethod.CUSTOM;
        }
        long key = 0;
        for (int i = 0; i < length; i++) {
            key |= (long) (bytes[from + i] & 0xFF) << (8 * i);
        }
        for (HttpMethod method : KNOWN) {
            if (method.token.length == length && KEYS[method.ordinal()] == key) {
                return method;
            }
        }
        return HttpMethod.CUSTOM;
    }

    private static final HttpMethod[] KNOWN = {
        HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.HEAD, HttpMethod.DELETE,
        HttpMethod.OPTIONS, HttpMethod.PATCH, HttpMethod.CONNECT, HttpMethod.TRACE,
    };

    private static final long[] KEYS = new long[HttpMethod.values().length];

    static {
        for (HttpMethod method : KNOWN) {
            long key = 0;
            for (int i = 0; i < method.token.length; i++) {
                key |= (long) (method.token[i] & 0xFF) << (8 * i);
            }
            KEYS[method.ordinal()] = key;
        }
    }
}
