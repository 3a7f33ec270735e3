package io.windhover.server.http1;

import io.windhover.buffers.BufferSequence;

/**
 * Receives what {@link Http1Parser} finds, as positions into the buffer being parsed: nothing is
 * copied or allocated by the parser, and the handler takes only what it needs. Positions are valid
 * until the reader's next {@code advanceTo}.
 */
public interface Http1ParserHandler {

    /**
     * A complete request line.
     *
     * @param buffer the bytes the positions refer to
     * @param method the method, {@link HttpMethod#CUSTOM} for any other token
     * @param methodEnd the method token is {@code [lineStart, methodEnd)}
     * @param targetStart the request target is {@code [targetStart, targetEnd)}
     * @param queryStart position of the {@code '?'} in the target, or {@code targetEnd} without one
     */
    void onStartLine(BufferSequence buffer, HttpMethod method, HttpVersion version, RequestTargetForm form,
            long lineStart, long methodEnd, long targetStart, long queryStart, long targetEnd);

    /** One header field: the name is {@code [nameStart, nameEnd)}, the value without surrounding whitespace {@code [valueStart, valueEnd)}. */
    void onHeader(BufferSequence buffer, long nameStart, long nameEnd, long valueStart, long valueEnd);

    /** The empty line after the headers. */
    void onHeadersComplete();
}
