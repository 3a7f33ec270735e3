package io.windhover.server.http;

import io.windhover.buffers.PipeWriter;
import java.io.OutputStream;

/**
 * The response half of an {@link HttpContext}. The status and headers may change until the
 * response has started — when the body is flushed, or its buffer fills — and are then sent.
 * Framing (Content-Length or chunked) is the server's business: a handler that writes a body and
 * returns gets a Content-Length; one that flushes first gets chunked framing, unless it set a
 * Content-Length itself.
 */
public interface HttpResponse {

    int status();

    /**
     * Sets the final status code, 200 to 999 (200 until set).
     *
     * @throws IllegalArgumentException for a code outside 100-999, and for an informational (1xx)
     *     one, which cannot end a response; {@code 101} is sent by {@link HttpContext#upgrade()}
     * @throws IllegalStateException once the response has started
     */
    HttpResponse status(int status);

    /** The headers to send; changing them after the response has started has no effect. */
    HttpHeaders headers();

    /**
     * The body. Closing it ends the response; returning from the handler does too. Like the whole
     * context it is valid only until the handler returns: the engine reuses it for the connection's
     * next request (no allocation per request), so a body kept and written later, from another
     * thread, may reach that next response — as in Kestrel, whose response streams are reused too.
     */
    OutputStream body();

    /**
     * The body as a {@link PipeWriter}, for code written against pipes: the same body as
     * {@link #body()}, framed the same way, in the order written. {@code flush()} sends what was
     * written; {@code complete()} ends the response, {@code complete(error)} fails it.
     *
     * <pre>{@code
     * PipeWriter writer = context.response().bodyWriter();
     * ByteBuffer memory = writer.getMemory(64);
     * memory.put("Hello".getBytes(US_ASCII));
     * writer.advance(5);
     * writer.complete();
     * }</pre>
     */
    PipeWriter bodyWriter();

    /** Body bytes the application has written so far (sent or still buffered), for logs and metrics. */
    long bytesWritten();

    /** Whether the status line and headers have been sent. */
    boolean hasStarted();

    /**
     * Discards the body written so far, none of which has been sent: what an error handler does
     * before it writes its own answer for a handler that failed halfway through its body (ASP.NET's
     * {@code HttpResponse.Clear}, for the body). Status, headers and trailers stay as they are.
     *
     * @throws IllegalStateException if the response has started: some of it is on the wire
     */
    void discardBody();

    /**
     * Trailer fields, sent after the body where the protocol can (HTTP/1.1: a chunked response,
     * which a response with trailers becomes unless it set a Content-Length; otherwise they are
     * dropped). Add them before the response ends.
     */
    HttpHeaders trailers();
}
