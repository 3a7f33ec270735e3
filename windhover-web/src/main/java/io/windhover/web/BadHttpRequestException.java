package io.windhover.web;

import io.windhover.server.http.RequestRejectedException;

/**
 * A request refused because of what the client sent — a body over the size limit (413), malformed
 * chunked framing (400), a body that came too slowly (408) — with the status it is answered with.
 * Endpoint routing and the {@link io.windhover.web.middleware.ExceptionHandler} answer it as problem
 * details with that status and log it at DEBUG only: it is the client's error, not a bug. ASP.NET
 * Core's {@code BadHttpRequestException}.
 *
 * <p>The server reports such a request, when the application reads the body, as an
 * {@link java.io.IOException} caused by its {@link RequestRejectedException}; {@link #in(Throwable)}
 * recognises that one too.
 */
public final class BadHttpRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /** @param status a 4xx status, such as 413 */
    public BadHttpRequestException(int status, String message, Throwable cause) {
        super(message, cause, false, false); // no stack trace: a bad request is input, not a bug
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("a bad request is answered with a 4xx status, not " + status);
        }
        this.status = status;
    }

    /** The status the request is answered with. */
    public int status() {
        return status;
    }

    /**
     * The bad request {@code error} reports, itself or through its causes — this type or the
     * server's own request rejection — or null when it is something else (a bug, a lost connection).
     */
    public static BadHttpRequestException in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BadHttpRequestException bad) {
                return bad;
            }
            if (t instanceof RequestRejectedException rejected) {
                return new BadHttpRequestException(rejected.status(), rejected.detail(), rejected);
            }
        }
        return null;
    }
}
