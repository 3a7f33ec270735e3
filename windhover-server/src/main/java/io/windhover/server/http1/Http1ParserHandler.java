package io.windhover.server.http1;

/**
 * Receives what {@link Http1Parser} finds, as positions into the bytes being parsed: nothing is
 * copied or allocated by the parser, and the handler takes only what it needs. Positions are valid
 * until the caller reuses the array.
 */
public interface Http1ParserHandler {

    /**
     * A complete request line.
     *
     * @param bytes the bytes the positions refer to
     * @param method the method, {@link HttpMethod#CUSTOM} for any other token
     * @param methodEnd the method token is {@code [lineStart, methodEnd)}
     * @param targetStart the request target is {@code [targetStart, targetEnd)}
     * @param queryStart position of the {@code '?'} in the target, or {@code targetEnd} without one
     */
    void onStartLine(byte[] bytes, HttpMethod method, HttpVersion version, RequestTargetForm form,
            int lineStart, int methodEnd, int targetStart, int queryStart, int targetEnd);

    /** One header field: the name is {@code [nameStart, nameEnd)}, the value without surrounding whitespace {@code [valueStart, valueEnd)}. */
    void onHeader(byte[] bytes, int nameStart, int nameEnd, int valueStart, int valueEnd);

    /** The empty line after the headers. */
    void onHeadersComplete();
}
