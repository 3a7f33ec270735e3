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

    private final Http1Limits limits;
    /** Reused for every parse: a reader per call would be an allocation per request. */
    private final SequenceReader reader = new SequenceReader(BufferSequence.EMPTY);
    private boolean lineParsed;
    private long consumed;

    RequestHeadReader(Http1Limits limits) {
        this.limits = limits;
    }

    /** Forgets the previous head: the next call starts at a request line. */
    void reset() {
        lineParsed = false;
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
