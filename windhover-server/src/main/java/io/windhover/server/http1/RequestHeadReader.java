package io.windhover.server.http1;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.SequenceReader;
import io.windhover.server.Http1Limits;

/**
 * Reads one request head out of the connection's buffered input, over as many reads as it takes,
 * under the request-line and header-section size limits: the part of Kestrel's
 * {@code Http1Connection} that feeds {@code HttpParser}. Each call parses from the buffer's start,
 * which is where the previous call's {@link #consumed()} left the pipe.
 *
 * <p>Not thread-safe: used by whichever thread serves the connection at the time.
 */
final class RequestHeadReader {

    /**
     * Empty lines ignored before a request line. RFC 9112 §2.2 asks a server to ignore at least
     * one (clients that end a POST body with an extra CRLF send one); they are not counted toward
     * the request-line limit, so they never shorten the longest line accepted. More is a 400: 16
     * is far more than any client sends by mistake, few enough to bound what a peer can make us skip.
     */
    static final int MAX_EMPTY_LINES = 16;

    private final Http1Limits limits;
    /** Reused for every parse: a reader per call would be an allocation per request. */
    private final SequenceReader reader = new SequenceReader(BufferSequence.EMPTY);
    private boolean lineParsed;
    /** Empty lines skipped so far before the current request line. */
    private int emptyLines;
    private long consumed;

    RequestHeadReader(Http1Limits limits) {
        this.limits = limits;
    }

    /** Forgets the previous head: the next call starts at a request line. */
    void reset() {
        lineParsed = false;
        emptyLines = 0;
    }

    /** Whether the request line of the current head has been parsed. */
    boolean lineParsed() {
        return lineParsed;
    }

    /** The position after what the last {@link #parse} call consumed. */
    long consumed() {
        return consumed;
    }

    /**
     * Parses what {@code buffer} holds into {@code head}.
     *
     * @return true when the head is complete (it ends at {@link #consumed()})
     * @throws BadRequestException when the head is malformed or over a size limit (414, 431)
     */
    boolean parse(BufferSequence buffer, RequestHead head) {
        consumed = buffer.start();
        reader.reset(buffer);
        if (!lineParsed) {
            emptyLines += Http1Parser.skipEmptyLines(reader, MAX_EMPTY_LINES + 1 - emptyLines);
            if (emptyLines > MAX_EMPTY_LINES) {
                throw BadRequestException.of(RequestRejectionReason.INVALID_REQUEST_LINE,
                        "more than " + MAX_EMPTY_LINES + " empty lines before the request line");
            }
            consumed = reader.position();
            long limit = consumed + limits.maxRequestLineSize();
            if (Http1Parser.parseRequestLine(reader, limit, head)) {
                lineParsed = true;
                consumed = reader.position();
            } else if (buffer.end() >= limit) {
                throw BadRequestException.of(RequestRejectionReason.REQUEST_LINE_TOO_LONG,
                        "request line over " + limits.maxRequestLineSize() + " bytes");
            } else {
                return false;
            }
        }
        long limit = consumed + limits.maxRequestHeadersTotalSize();
        if (Http1Parser.parseHeaders(reader, limit, head, limits.maxRequestHeaderCount())) {
            consumed = reader.position();
            return true;
        }
        if (buffer.end() >= limit) {
            throw BadRequestException.of(RequestRejectionReason.HEADERS_TOO_LARGE,
                    "request headers over " + limits.maxRequestHeadersTotalSize() + " bytes");
        }
        return false;
    }
}
