package io.windhover.server.http1;

import static io.windhover.server.http1.RequestRejectionReason.HEADERS_TOO_LARGE;
import static io.windhover.server.http1.RequestRejectionReason.INVALID_CHUNK;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.SequenceReader;

/**
 * Decodes a chunked request body (RFC 9112 §7.1) incrementally, reporting the data as positions in
 * the buffer it reads, without copying.
 *
 * <pre>
 *   chunked-body = *chunk last-chunk trailer-section CRLF
 *   chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 *   chunk-size   = 1*HEXDIG
 *   last-chunk   = 1*("0") [ chunk-ext ] CRLF
 *   chunk-ext    = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
 * </pre>
 *
 * <p>Each {@link #decode} call consumes what it can: whole size lines, as much chunk data as is
 * there, whole CRLFs, and the trailer section as one block; it returns true once the body has ended
 * and leaves the reader at the first byte after it (a pipelined request). Extensions are validated
 * and ignored; trailers are reported.
 *
 * <p>Not thread-safe; one per request body.
 */
public final class ChunkedBodyDecoder {

    /**
     * A size line longer than this is refused: it can only be extensions, which nobody needs in
     * bulk, and an unbounded line would let a client hold memory without sending data.
     */
    public static final int MAX_CHUNK_LINE = 4096;
    /** A trailer section larger than this is refused with 431, like an oversized header block. */
    public static final int MAX_TRAILER_BYTES = 32 * 1024;

    /** Receives the decoded body. */
    public interface Sink {
        /** Chunk data {@code [start, end)} of {@code buffer}. */
        void onData(BufferSequence buffer, long start, long end);

        /** One trailer field, as {@link Http1ParserHandler#onHeader}. */
        void onTrailer(BufferSequence buffer, long nameStart, long nameEnd, long valueStart, long valueEnd);
    }

    private enum State { SIZE_LINE, DATA, DATA_END, TRAILERS, DONE }

    private final int maxTrailerCount;
    /** Where a trailer section is copied for the parser; made for the first one, as most bodies have none. */
    private byte[] trailerBytes;
    private State state = State.SIZE_LINE;
    private long remaining;
    /** Chunk data this call may still report. */
    private long budget;

    public ChunkedBodyDecoder(int maxTrailerCount) {
        this.maxTrailerCount = maxTrailerCount;
    }

    /** Makes the decoder ready for another body. */
    public void reset() {
        state = State.SIZE_LINE;
        remaining = 0;
        budget = 0;
    }

    /** Whether the last chunk and the trailer section have been consumed. */
    public boolean isDone() {
        return state == State.DONE;
    }

    /**
     * Decodes from {@code reader} as far as its bytes go.
     *
     * @return true when the body has ended
     * @throws BadRequestException for malformed chunked framing
     */
    public boolean decode(SequenceReader reader, Sink sink) {
        return decode(reader, sink, Long.MAX_VALUE);
    }

    /**
     * Like {@link #decode(SequenceReader, Sink)}, but reports at most {@code maxData} bytes of
     * chunk data before returning, so a caller that copies into a fixed array takes no more than
     * fits; it returns false then even when more bytes are at hand.
     */
    public boolean decode(SequenceReader reader, Sink sink, long maxData) {
        budget = maxData;
        while (true) {
            switch (state) {
                case SIZE_LINE -> {
                    if (!readSizeLine(reader)) {
                        return false;
                    }
                }
                case DATA -> {
                    if (!readData(reader, sink)) {
                        return false;
                    }
                }
                case DATA_END -> {
                    if (!readDataEnd(reader)) {
                        return false;
                    }
                }
                case TRAILERS -> {
                    if (!readTrailers(reader, sink)) {
                        return false;
                    }
                }
                case DONE -> {
                    return true;
                }
            }
        }
    }

    private boolean readSizeLine(SequenceReader reader) {
        BufferSequence buffer = reader.sequence();
        long start = reader.position();
        long lf = buffer.indexOf((byte) '\n', start);
        if (lf < 0) {
            if (reader.remaining() > MAX_CHUNK_LINE) {
                throw BadRequestException.of(INVALID_CHUNK, "chunk-size line longer than " + MAX_CHUNK_LINE + " bytes");
            }
            return false;
        }
        if (lf - start > MAX_CHUNK_LINE) {
            throw BadRequestException.of(INVALID_CHUNK, "chunk-size line longer than " + MAX_CHUNK_LINE + " bytes");
        }
        if (lf == start || buffer.get(lf - 1) != '\r') {
            throw BadRequestException.of(INVALID_CHUNK, "chunk-size line ended by a bare LF");
        }
        long size = parseSizeLine(buffer, start, lf - 1);
        reader.advance(lf + 1 - start);
        if (size == 0) {
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.DATA;
        }
        return true;
    }

    /** {@code chunk-size [ chunk-ext ]} in {@code [from, end)}; returns the size. */
    private static long parseSizeLine(BufferSequence buffer, long from, long end) {
        long size = 0;
        long i = from;
        for (; i < end; i++) {
            int digit = Character.digit(buffer.get(i), 16);
            if (digit < 0) {
                break;
            }
            if ((size >>> 59) != 0) { // the next shift would overflow a positive long
                throw BadRequestException.of(INVALID_CHUNK, "chunk size overflows");
            }
            size = (size << 4) | digit;
        }
        if (i == from) {
            throw BadRequestException.of(INVALID_CHUNK, "chunk size is not hexadecimal");
        }
        validateExtensions(buffer, i, end);
        return size;
    }

    /** {@code *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )}, to the end of the line. */
    private static void validateExtensions(BufferSequence buffer, long i, long end) {
        while (i < end) {
            i = skipWhitespace(buffer, i, end);
            if (i == end || buffer.get(i) != ';') {
                throw BadRequestException.of(INVALID_CHUNK, "malformed chunk extension");
            }
            i = skipWhitespace(buffer, i + 1, end);
            long nameStart = i;
            i = skipToken(buffer, i, end);
            if (i == nameStart) {
                throw BadRequestException.of(INVALID_CHUNK, "chunk extension without a name");
            }
            long afterName = skipWhitespace(buffer, i, end);
            if (afterName < end && buffer.get(afterName) == '=') {
                i = skipWhitespace(buffer, afterName + 1, end);
                i = i < end && buffer.get(i) == '"' ? skipQuoted(buffer, i + 1, end) : requireToken(buffer, i, end);
            } else if (afterName < end && buffer.get(afterName) != ';') {
                throw BadRequestException.of(INVALID_CHUNK, "malformed chunk extension");
            }
            // Else i stays after the name: BWS there is only for an "=" or a ";" after it, and the
            // next turn refuses it at the end of the line (found by ChunkedBodyDecoderFuzzTest).
        }
    }

    private static long skipWhitespace(BufferSequence buffer, long i, long end) {
        while (i < end && (buffer.get(i) == ' ' || buffer.get(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static long skipToken(BufferSequence buffer, long i, long end) {
        while (i < end && Http1Parser.isTokenByte(buffer.get(i))) {
            i++;
        }
        return i;
    }

    private static long requireToken(BufferSequence buffer, long i, long end) {
        long after = skipToken(buffer, i, end);
        if (after == i) {
            throw BadRequestException.of(INVALID_CHUNK, "chunk extension value is neither a token nor a quoted string");
        }
        return after;
    }

    /**
     * RFC 9110 §5.6.4 quoted-string after its opening quote; returns the index after the closing
     * quote. Strict on purpose: parsers that disagree on where a quoted extension ends disagree on
     * where the chunk starts.
     */
    private static long skipQuoted(BufferSequence buffer, long i, long end) {
        while (i < end) {
            int b = buffer.get(i) & 0xFF;
            if (b == '"') {
                return i + 1;
            }
            if (b == '\\') {
                if (i + 1 == end || !isQuotedPairByte(buffer.get(i + 1) & 0xFF)) {
                    throw BadRequestException.of(INVALID_CHUNK, "bad escape in a quoted chunk extension");
                }
                i += 2;
                continue;
            }
            boolean qdtext = b == '\t' || b == ' ' || b == 0x21 || (b >= 0x23 && b <= 0x5B) || (b >= 0x5D && b <= 0x7E) || b >= 0x80;
            if (!qdtext) {
                throw BadRequestException.of(INVALID_CHUNK, "control byte in a quoted chunk extension");
            }
            i++;
        }
        throw BadRequestException.of(INVALID_CHUNK, "unterminated quoted chunk extension");
    }

    private static boolean isQuotedPairByte(int b) {
        return b == '\t' || b == ' ' || (b >= 0x21 && b <= 0x7E) || b >= 0x80;
    }

    private boolean readData(SequenceReader reader, Sink sink) {
        long available = reader.remaining();
        if (available == 0 || budget == 0) {
            return false;
        }
        long take = Math.min(Math.min(available, remaining), budget);
        long start = reader.position();
        sink.onData(reader.sequence(), start, start + take);
        reader.advance(take);
        remaining -= take;
        budget -= take;
        if (remaining > 0) {
            return false;
        }
        state = State.DATA_END;
        return true;
    }

    private boolean readDataEnd(SequenceReader reader) {
        int first = reader.peek();
        if (first < 0) {
            return false;
        }
        if (first != '\r') {
            throw BadRequestException.of(INVALID_CHUNK, "chunk data not followed by CRLF");
        }
        int second = reader.peek(1);
        if (second < 0) {
            return false;
        }
        if (second != '\n') {
            throw BadRequestException.of(INVALID_CHUNK, "chunk data not followed by CRLF");
        }
        reader.advance(2);
        state = State.SIZE_LINE;
        return true;
    }

    private boolean readTrailers(SequenceReader reader, Sink sink) {
        var trailers = new Http1ParserHandler() {
            /** The section's array as a sequence, for the sink: made for the first field, as most sections have none. */
            private BufferSequence copy;

            @Override
            public void onStartLine(byte[] bytes, HttpMethod method, HttpVersion version, RequestTargetForm form,
                    int lineStart, int methodEnd, int targetStart, int queryStart, int targetEnd) {
                throw new IllegalStateException("no start line in a trailer section");
            }

            @Override
            public void onHeader(byte[] bytes, int nameStart, int nameEnd, int valueStart, int valueEnd) {
                if (copy == null) {
                    copy = BufferSequence.of(bytes); // one parse call, one array
                }
                long base = copy.start();
                sink.onTrailer(copy, base + nameStart, base + nameEnd, base + valueStart, base + valueEnd);
            }

            @Override
            public void onHeadersComplete() {
                state = State.DONE;
            }
        };
        long start = reader.position();
        // The parser reads an array: what it may look at, no further than a whole section at the
        // limit, is copied into one kept from call to call, so that a section arriving a byte at
        // a time costs no allocation per read.
        int available = (int) Math.min(reader.remaining(), MAX_TRAILER_BYTES + 2);
        byte[] section = trailerBytes(available);
        reader.sequence().copyTo(start, section, 0, available);
        int end = Http1Parser.parseHeaders(section, 0, available, trailers, maxTrailerCount);
        if (end >= 0) {
            reader.advance(end);
            // A whole section that arrived in one read is held to the same limit as one still arriving
            // (found by reading the fuzz test's reference decoder): its fields, without the empty line.
            if (reader.position() - start - 2 > MAX_TRAILER_BYTES) {
                throw BadRequestException.of(HEADERS_TOO_LARGE, "trailer section larger than " + MAX_TRAILER_BYTES + " bytes");
            }
            return true;
        }
        if (reader.remaining() > MAX_TRAILER_BYTES) {
            throw BadRequestException.of(HEADERS_TOO_LARGE, "trailer section larger than " + MAX_TRAILER_BYTES + " bytes");
        }
        return false;
    }

    /** The trailer section's array, at least {@code length} long, grown by doubling up to the limit. */
    private byte[] trailerBytes(int length) {
        if (trailerBytes == null || trailerBytes.length < length) {
            int grown = trailerBytes == null ? 256 : trailerBytes.length * 2;
            trailerBytes = new byte[Math.min(Math.max(length, grown), MAX_TRAILER_BYTES + 2)];
        }
        return trailerBytes;
    }
}
