package io.windhover.server.http;

import io.windhover.buffers.PipeReader;
import java.io.InputStream;

/**
 * The request half of an {@link HttpContext}, the same for HTTP/1.1 and, later, HTTP/2 and HTTP/3
 * streams: nothing here says how the request was framed on the wire.
 */
public interface HttpRequest {

    /** The method as sent, such as {@code GET}. */
    String method();

    /** The request target as sent: {@code /path?query}, or another form (RFC 9112 §3.2). */
    String target();

    /** The path part of the target, still percent-encoded. */
    String path();

    /** The query part of the target including its {@code '?'}, or the empty string. */
    String query();

    /**
     * The host (and port) the request is for, as the client gave it: HTTP/1.1's Host field, or the
     * authority of an absolute-form target; HTTP/2's {@code :authority}. Null when the request
     * names none (an HTTP/1.0 request without Host).
     */
    String authority();

    /** {@code HTTP/1.1}, {@code HTTP/1.0}, later {@code HTTP/2} and {@code HTTP/3}. */
    String protocol();

    HttpHeaders headers();

    /**
     * The body, decoded from its framing (Content-Length or chunked): reads return -1 at its end.
     * A body nobody reads is discarded by the server before the next request.
     */
    InputStream body();

    /**
     * The body as a {@link PipeReader}, for parsers written against pipes: the same bytes as
     * {@link #body()}, from the same position. {@code isCompleted()} means the rest of the body is
     * in the buffer; the next request's bytes never are. Completing it ends the handler's reading,
     * not the connection.
     *
     * <pre>{@code
     * PipeReader reader = context.request().bodyReader();
     * while (true) {
     *     ReadResult result = reader.read();
     *     long consumed = parse(result.buffer());
     *     reader.advanceTo(consumed, result.buffer().end());
     *     if (result.isCompleted()) {
     *         break;
     *     }
     * }
     * }</pre>
     */
    PipeReader bodyReader();

    /**
     * The most body bytes this request may carry: reading past it fails, and the client is answered
     * {@code 413 Content Too Large} if the response has not started. A Content-Length over it fails
     * the first read, before anything is read; if the handler never reads, it is answered 413 in
     * place of the handler's response when the handler returns, unless that response has started
     * (then the connection closes after it). Starts at the server's limit.
     */
    long maxBodySize();

    /**
     * Sets this request's body limit before its body is read — an upload endpoint raises it, others
     * keep the server's default. {@link Long#MAX_VALUE} means no limit.
     *
     * <pre>{@code
     * context.request().maxBodySize(10L << 30); // this endpoint takes uploads up to 10 GiB
     * }</pre>
     *
     * @throws IllegalStateException once reading the body has begun
     */
    void maxBodySize(long bytes);

    /** Trailer fields of a chunked body; complete once {@link #body()} has returned -1. */
    HttpHeaders trailers();
}
