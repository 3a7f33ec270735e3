package io.windhover.server.http1;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.SequenceReader;
import io.windhover.server.Http1Limits;
import io.windhover.server.HttpLimits;
import java.util.Arrays;

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

    /** The head's bytes are copied into an array this long at first, grown as heads need. */
    private static final int INITIAL_WINDOW = 256;
    /** A window grown past this for one large head is let go after it, not kept by an idle connection. */
    private static final int RETAINED_WINDOW = 8 * 1024;

    private final int maxRequestLineSize;
    private final int maxRequestHeadersTotalSize;
    private final int maxRequestHeaderCount;
    /** Reused for every parse: a reader per call would be an allocation per request. */
    private final SequenceReader reader = new SequenceReader(BufferSequence.EMPTY);
    /**
     * The bytes from {@link #windowStart} on, copied out of the pool blocks: the parser reads an
     * array (see {@link Http1Parser} for why). Made on the first request, so a connection that
     * never sends one holds none.
     */
    private byte[] window;
    private long windowStart;
    /** How many bytes of the window hold a copy. */
    private int copied;
    private boolean lineParsed;
    /** Empty lines skipped so far before the current request line. */
    private int emptyLines;
    private long consumed;

    RequestHeadReader(HttpLimits limits, Http1Limits http1Limits) {
        this(http1Limits.maxRequestLineSize(), limits.maxRequestHeadersTotalSize(), limits.maxRequestHeaderCount());
    }

    /** A reader for heads within these sizes (the line with its CRLF; the header block; its fields). */
    RequestHeadReader(int maxRequestLineSize, int maxRequestHeadersTotalSize, int maxRequestHeaderCount) {
        this.maxRequestLineSize = maxRequestLineSize;
        this.maxRequestHeadersTotalSize = maxRequestHeadersTotalSize;
        this.maxRequestHeaderCount = maxRequestHeaderCount;
    }

    /** Forgets the previous head: the next call starts at a request line. */
    void reset() {
        lineParsed = false;
        emptyLines = 0;
        if (window != null && window.length > RETAINED_WINDOW) {
            window = null;
        }
    }

    /** The connection leaves HTTP/1.1 (an upgrade): the window is not needed again. */
    void release() {
        window = null;
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
        if (!lineParsed) {
            reader.reset(buffer);
            emptyLines += Http1Parser.skipEmptyLines(reader, MAX_EMPTY_LINES + 1 - emptyLines);
            if (emptyLines > MAX_EMPTY_LINES) {
                throw BadRequestException.of(RequestRejectionReason.INVALID_REQUEST_LINE,
                        "more than " + MAX_EMPTY_LINES + " empty lines before the request line");
            }
            consumed = reader.position();
        }
        startWindow(buffer, consumed);
        int headersAt = 0;
        if (!lineParsed) {
            int limit = maxRequestLineSize;
            int end;
            while ((end = Http1Parser.parseRequestLine(window, 0, Math.min(copied, limit), head)) < 0) {
                if (!copyMore(buffer, limit)) {
                    if (buffer.end() - windowStart >= limit) {
                        throw BadRequestException.of(RequestRejectionReason.REQUEST_LINE_TOO_LONG,
                                "request line over " + maxRequestLineSize + " bytes");
                    }
                    return false;
                }
            }
            lineParsed = true;
            headersAt = end;
            consumed = windowStart + end;
        }
        int limit = headersAt + maxRequestHeadersTotalSize;
        int end;
        while ((end = Http1Parser.parseHeaders(window, headersAt, Math.min(copied, limit), head, maxRequestHeaderCount)) < 0) {
            if (!copyMore(buffer, limit)) {
                if (buffer.end() - windowStart >= limit) {
                    throw BadRequestException.of(RequestRejectionReason.HEADERS_TOO_LARGE,
                            "request headers over " + maxRequestHeadersTotalSize + " bytes");
                }
                return false;
            }
        }
        consumed = windowStart + end;
        return true;
    }

    /** Copies the first bytes from {@code start} on into the window: as many as it holds, or as there are. */
    private void startWindow(BufferSequence buffer, long start) {
        if (window == null) {
            window = new byte[INITIAL_WINDOW];
        }
        windowStart = start;
        copied = (int) Math.min(buffer.end() - start, window.length);
        buffer.copyTo(start, window, 0, copied);
    }

    /**
     * Copies more of the buffer into the window, no further than {@code bound} bytes from its
     * start, at least doubling what it holds so that a long head costs a bounded number of
     * passes; false when there is nothing more to copy.
     */
    private boolean copyMore(BufferSequence buffer, int bound) {
        int wanted = (int) Math.min(buffer.end() - windowStart, bound);
        if (copied >= wanted) {
            return false;
        }
        int next = Math.min(wanted, Math.max(copied * 2, INITIAL_WINDOW));
        if (next > window.length) {
            window = Arrays.copyOf(window, next);
        }
        buffer.copyTo(windowStart + copied, window, copied, next - copied);
        copied = next;
        return true;
    }
}
