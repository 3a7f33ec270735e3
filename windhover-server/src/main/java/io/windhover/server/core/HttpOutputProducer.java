package io.windhover.server.core;

import io.windhover.buffers.FlushResult;
import io.windhover.server.http.HttpHeaders;
import java.io.IOException;

/**
 * What a protocol does with a response that {@link ResponseState} has decided: how its head, body
 * and end are framed on the wire and when they are sent. Kestrel's {@code IHttpOutputProducer},
 * Jetty 12's {@code HttpStream}. HTTP/1.1 frames with Content-Length or chunks in the
 * connection's output; an HTTP/2 stream will frame with HEADERS and DATA frames within its window.
 *
 * <p>Called by the request's thread only, in this order: {@link #writeHead} once, then
 * {@link #writeBody} and {@link #flush} any number of times, then {@link #writeEnd} once.
 */
public interface HttpOutputProducer {

    /**
     * The head is decided: status and headers no longer change. A protocol may hold it back to go
     * out with the first body bytes.
     *
     * @param declaredLength the Content-Length the handler set, or -1
     * @param completeLength the whole body's length when it is all written already (the response
     *     ended within the state's buffer), else -1: the protocol may frame it with a length
     * @param bodyAllowed false for a status that has no body (1xx, 204, 304): nothing follows
     */
    void writeHead(int status, HttpHeaders headers, HttpHeaders trailers, long declaredLength, long completeLength,
            boolean bodyAllowed);

    /** Body bytes to frame and send; never called for a HEAD request or a status without a body. */
    void writeBody(byte[] data, int offset, int length) throws IOException;

    /** The end of the response, with its trailers (empty when none). */
    void writeEnd(HttpHeaders trailers) throws IOException;

    /**
     * Sends what was written. With {@code mayWait} false it never waits for the peer (inline on an
     * I/O loop); otherwise it may, under back-pressure.
     *
     * @throws IOException when the connection (or stream) failed
     */
    FlushResult flush(boolean mayWait) throws IOException;

    /**
     * The body was found not to match its Content-Length after some of it was sent: the peer cannot
     * tell where it ends (HTTP/1.1 closes the connection after it; HTTP/2 resets the stream).
     */
    void lengthMismatchAfterStart();

    /** Bytes written and not yet flushed. */
    long unflushedBytes();

    /** Bytes written that the peer has not taken yet. */
    long unconsumedBytes();

    /** Runs {@code callback} once a flush would no longer wait; false, registering nothing, if it would not wait now. */
    boolean whenWritable(Runnable callback);

    /** Makes a waiting flush return at once, canceled. */
    void cancelPendingFlush();
}
