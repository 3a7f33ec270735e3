package io.windhover.server.http1;

import static io.windhover.server.http1.RequestRejectionReason.INVALID_METHOD;
import static io.windhover.server.http1.RequestRejectionReason.INVALID_REQUEST_HEADER;
import static io.windhover.server.http1.RequestRejectionReason.INVALID_REQUEST_LINE;
import static io.windhover.server.http1.RequestRejectionReason.INVALID_REQUEST_TARGET;
import static io.windhover.server.http1.RequestRejectionReason.OBSOLETE_LINE_FOLDING;
import static io.windhover.server.http1.RequestRejectionReason.TLS_OVER_HTTP;
import static io.windhover.server.http1.RequestRejectionReason.TOO_MANY_HEADERS;
import static io.windhover.server.http1.RequestRejectionReason.UNSUPPORTED_HTTP_VERSION;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.SequenceReader;

/**
 * The HTTP/1.1 request-head parser: pure and incremental, after Kestrel's {@code HttpParser}.
 *
 * <p>Each method parses from a {@link SequenceReader} and either completes — reporting to the
 * handler and leaving the reader past what it parsed — or returns false, having consumed nothing,
 * when the bytes end before the element does. It enforces the grammar of RFC 9112 and nothing
 * else: size limits are the caller's, which hands the parser a slice no longer than the limit and
 * turns "still incomplete" into {@link RequestRejectionReason#REQUEST_LINE_TOO_LONG} or
 * {@link RequestRejectionReason#HEADERS_TOO_LARGE}.
 *
 * <pre>{@code
 * var reader = new SequenceReader(buffer.slice(buffer.start(), Math.min(buffer.end(), buffer.start() + maxRequestLine)));
 * if (!Http1Parser.parseRequestLine(reader, handler)) {
 *     // need more bytes (or, if the slice was cut by the limit, 414)
 * }
 * }</pre>
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
     * Parses {@code method SP request-target SP HTTP-version CRLF}; empty lines before it are the
     * caller's to {@link #skipEmptyLines skip}.
     *
     * @return true when a whole line was parsed and reported; false, consuming nothing, when the
     *     bytes end first
     * @throws BadRequestException when the line breaks the grammar
     */
    public static boolean parseRequestLine(SequenceReader reader, Http1ParserHandler handler) {
        return parseRequestLine(reader, reader.sequence().end(), handler);
    }

    /**
     * {@link #parseRequestLine(SequenceReader, Http1ParserHandler)} that looks no further than
     * position {@code limit}: a line whose end is not before it counts as incomplete.
     */
    public static boolean parseRequestLine(SequenceReader reader, long limit, Http1ParserHandler handler) {
        BufferSequence buffer = reader.sequence();
        long start = reader.position();
        long searchEnd = Math.min(limit, buffer.end());
        if (start < searchEnd && reader.peek() == TLS_HANDSHAKE_RECORD) {
            // A ClientHello, which may hold no LF at all: answer it now, and say what it is.
            throw BadRequestException.of(TLS_OVER_HTTP, "a TLS handshake arrived on a plain-HTTP end point");
        }
        long lf = start < searchEnd ? buffer.indexOf(LF, start, searchEnd) : -1;
        if (lf < 0) {
            requireTokenMethodSoFar(reader, searchEnd - start);
            return false;
        }
        // The same check first once the line is complete, so that a line is refused for the same
        // reason however its bytes were split into reads (found by Http1ParserFuzzTest).
        requireTokenMethodSoFar(reader, lf - start);
        requireCrBefore(buffer, start, lf, INVALID_REQUEST_LINE);
        long lineEnd = lf - 1; // the CR

        // method
        long methodKey = 0;
        int methodLength = 0;
        int b;
        while ((b = reader.read()) != SP) {
            if (reader.position() > lineEnd || !TOKEN[b]) {
                throw rejected(reader, start, INVALID_METHOD, "the method is not a token");
            }
            if (methodLength < Long.BYTES) {
                methodKey |= (long) b << (8 * methodLength);
            }
            methodLength++;
        }
        long methodEnd = reader.position() - 1;
        if (methodLength == 0) {
            throw rejected(reader, start, INVALID_METHOD, "empty method");
        }
        HttpMethod method = knownMethod(methodKey, methodLength);

        // request-target
        long targetStart = reader.position();
        long queryStart = -1;
        while ((b = reader.read()) != SP) {
            // RFC 9112 §3.2: the target is visible ASCII; whitespace, controls and raw non-ASCII are invalid.
            if (reader.position() > lineEnd || b < 0x21 || b > 0x7E) {
                throw rejected(reader, start, INVALID_REQUEST_TARGET, "invalid byte in the request target");
            }
            if (b == '?' && queryStart < 0) {
                queryStart = reader.position() - 1;
            }
        }
        long targetEnd = reader.position() - 1;
        if (targetEnd == targetStart) {
            throw rejected(reader, start, INVALID_REQUEST_TARGET, "empty request target");
        }
        RequestTargetForm form = targetForm(buffer, method, targetStart, targetEnd, queryStart);
        if (form == null) {
            throw rejected(reader, start, INVALID_REQUEST_TARGET, "the target's form does not fit the method");
        }

        // HTTP-version
        HttpVersion version = version(buffer, reader.position(), lineEnd);
        if (version == null) {
            throw rejected(reader, start, INVALID_REQUEST_LINE, "malformed HTTP version");
        }
        handler.onStartLine(buffer, method, version, form, start, methodEnd, targetStart,
                queryStart < 0 ? targetEnd : queryStart, targetEnd);
        reader.advance(lf + 1 - reader.position());
        return true;
    }

    /**
     * Parses the header fields and the empty line that ends them. Nothing is reported or consumed
     * until the whole block is there, so a caller never sees half of a request's headers.
     *
     * @param maxHeaderCount more fields than this is {@link RequestRejectionReason#TOO_MANY_HEADERS}
     * @return true when the block was parsed and reported; false, consuming nothing, when it is incomplete
     * @throws BadRequestException when a line breaks the grammar or there are too many fields
     */
    public static boolean parseHeaders(SequenceReader reader, Http1ParserHandler handler, int maxHeaderCount) {
        return parseHeaders(reader, reader.sequence().end(), handler, maxHeaderCount);
    }

    /**
     * {@link #parseHeaders(SequenceReader, Http1ParserHandler, int)} that looks no further than
     * position {@code limit}: a block whose end is not before it counts as incomplete.
     */
    public static boolean parseHeaders(SequenceReader reader, long limit, Http1ParserHandler handler, int maxHeaderCount) {
        BufferSequence buffer = reader.sequence();
        long searchEnd = Math.min(limit, buffer.end());
        long start = reader.position();
        // Pass 1: find the end of the block, checking line endings; nothing is reported yet.
        long lineStart = start;
        int count = 0;
        long blockEnd;
        while (true) {
            long lf = lineStart < searchEnd ? buffer.indexOf(LF, lineStart, searchEnd) : -1;
            if (lf < 0) {
                return false;
            }
            // RFC 9112 §2.2: a bare LF is not a line ending here; tolerating it lets requests be
            // read differently by us and by a proxy in front of us (request smuggling).
            requireCrBefore(buffer, lineStart, lf, INVALID_REQUEST_HEADER);
            // Nor is a bare CR: refused as soon as its line is complete, not once the block is,
            // which a stray CR in the final empty line would otherwise put off indefinitely.
            if (lf - 1 > lineStart && buffer.indexOf(CR, lineStart, lf - 1) >= 0) {
                throw BadRequestException.of(INVALID_REQUEST_HEADER, "a bare CR in a header line");
            }
            if (lf - 1 == lineStart) {
                blockEnd = lf + 1;
                break;
            }
            if (++count > maxHeaderCount) {
                throw BadRequestException.of(TOO_MANY_HEADERS, "more than " + maxHeaderCount + " header fields");
            }
            lineStart = lf + 1;
        }
        // Pass 2: parse and report each line.
        while (reader.position() < blockEnd - 2) {
            long lf = buffer.indexOf(LF, reader.position());
            parseHeaderLine(reader, buffer, lf - 1, handler);
            reader.advance(lf + 1 - reader.position());
        }
        reader.advance(blockEnd - reader.position());
        handler.onHeadersComplete();
        return true;
    }

    /** {@code field-name ":" OWS field-value OWS}, the reader at the line's start, {@code lineEnd} its CR. */
    private static void parseHeaderLine(SequenceReader reader, BufferSequence buffer, long lineEnd, Http1ParserHandler handler) {
        long nameStart = reader.position();
        int b = reader.peek();
        if (b == SP || b == HTAB) {
            // RFC 9112 §5.2: obs-fold is rejected with 400 (we are not a user agent that could unfold it).
            throw BadRequestException.of(OBSOLETE_LINE_FOLDING, "a header line starts with whitespace");
        }
        while ((b = reader.read()) != COLON) {
            if (reader.position() > lineEnd) {
                throw BadRequestException.of(INVALID_REQUEST_HEADER, "a header line has no colon");
            }
            if (!TOKEN[b]) {
                // RFC 9112 §5.1: no whitespace is allowed between the field name and the colon.
                throw BadRequestException.of(INVALID_REQUEST_HEADER, "invalid byte in a header name");
            }
        }
        long nameEnd = reader.position() - 1;
        if (nameEnd == nameStart) {
            throw BadRequestException.of(INVALID_REQUEST_HEADER, "empty header name");
        }
        long valueStart = -1;
        long valueEnd = -1;
        while (reader.position() < lineEnd) {
            b = reader.read();
            if (b == SP || b == HTAB) {
                continue;
            }
            // RFC 9110 §5.5: field values exclude CTLs but HTAB; NUL, CR and LF in a value are rejected.
            if (b < 0x20 || b == 0x7F) {
                throw BadRequestException.of(INVALID_REQUEST_HEADER, "control byte in a header value");
            }
            if (valueStart < 0) {
                valueStart = reader.position() - 1;
            }
            valueEnd = reader.position();
        }
        if (valueStart < 0) {
            valueStart = valueEnd = lineEnd;
        }
        handler.onHeader(buffer, nameStart, nameEnd, valueStart, valueEnd);
    }

    /**
     * Refuses a method that is already not a token while its line is still incomplete: bytes of
     * another protocol may never contain the LF a request line waits for, and would otherwise get
     * their answer only from the request headers timeout. A CR last may be the start of the CRLF
     * after an empty line or a method; the complete line decides.
     */
    private static void requireTokenMethodSoFar(SequenceReader reader, long available) {
        for (long i = 0; i < available; i++) {
            int b = reader.peek(i);
            if (b == SP) {
                return;
            }
            if (!TOKEN[b] && !(b == CR && i == available - 1)) {
                throw BadRequestException.of(INVALID_METHOD, "the method is not a token");
            }
        }
    }

    private static void requireCrBefore(BufferSequence buffer, long lineStart, long lf, RequestRejectionReason reason) {
        if (lf == lineStart || buffer.get(lf - 1) != CR) {
            throw BadRequestException.of(reason, "line ended by a bare LF");
        }
    }

    private static BadRequestException rejected(SequenceReader reader, long start, RequestRejectionReason reason, String detail) {
        reader.rewind(reader.position() - start);
        return BadRequestException.of(reason, detail);
    }

    /** {@code HTTP/1.1} and {@code HTTP/1.0}; null when malformed; 505 for another well-formed version. */
    private static HttpVersion version(BufferSequence buffer, long from, long lineEnd) {
        if (lineEnd - from != 8 || !matches(buffer, from, "HTTP/")) {
            return null;
        }
        int major = buffer.get(from + 5);
        int dot = buffer.get(from + 6);
        int minor = buffer.get(from + 7);
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

    private static RequestTargetForm targetForm(BufferSequence buffer, HttpMethod method, long start, long end, long queryStart) {
        int first = buffer.get(start);
        // RFC 9112 §3.2.3: CONNECT takes the authority form, and only CONNECT does.
        if (method == HttpMethod.CONNECT) {
            return isAuthority(buffer, start, end) ? RequestTargetForm.AUTHORITY : null;
        }
        if (first == '/') {
            return RequestTargetForm.ORIGIN;
        }
        // RFC 9112 §3.2.4: "*" is for a server-wide OPTIONS only.
        if (first == '*' && end - start == 1) {
            return method == HttpMethod.OPTIONS ? RequestTargetForm.ASTERISK : null;
        }
        return isAbsolute(buffer, start, queryStart < 0 ? end : queryStart) ? RequestTargetForm.ABSOLUTE : null;
    }

    /** {@code host:port} with a non-empty host and a decimal port, and nothing else. */
    private static boolean isAuthority(BufferSequence buffer, long start, long end) {
        long colon = -1;
        for (long i = start; i < end; i++) {
            int b = buffer.get(i);
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
        for (long i = colon + 1; i < end; i++) {
            int b = buffer.get(i);
            if (b < '0' || b > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code scheme "://" ...}: RFC 3986 scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ). */
    private static boolean isAbsolute(BufferSequence buffer, long start, long end) {
        long i = start;
        int b = buffer.get(i);
        if (!Character.isLetter(b) || b > 0x7F) {
            return false;
        }
        while (++i < end) {
            b = buffer.get(i);
            if (b == ':') {
                return end - i > 3 && buffer.get(i + 1) == '/' && buffer.get(i + 2) == '/';
            }
            if (!(b < 0x80 && Character.isLetterOrDigit(b)) && b != '+' && b != '-' && b != '.') {
                return false;
            }
        }
        return false;
    }

    private static boolean matches(BufferSequence buffer, long from, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (buffer.get(from + i) != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** PERF: the method's first bytes packed in a long, compared with each known method's. */
    private static HttpMethod knownMethod(long key, int length) {
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
