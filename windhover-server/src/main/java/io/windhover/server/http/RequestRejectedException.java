package io.windhover.server.http;

/**
 * The server refused the request for what the client sent — a body over the size limit (413),
 * malformed chunked framing (400), a body that came too slowly (408) — and answers it with
 * {@link #status()}. A handler meets it as the cause of the {@link java.io.IOException} a body read
 * fails with; the layers above (the web layer's problem details) answer with its status.
 * Kestrel's {@code BadHttpRequestException}.
 *
 * <pre>{@code
 * try {
 *     body = context.request().body().readAllBytes();
 * } catch (IOException e) {
 *     if (e.getCause() instanceof RequestRejectedException rejected) {
 *         context.response().status(rejected.status());   // 413, 400, 408
 *         return;
 *     }
 *     throw e;
 * }
 * }</pre>
 */
public abstract class RequestRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected RequestRejectedException(String message) {
        super(message, null, false, false); // no stack trace: a bad request is input, not a bug
    }

    /** The status the server answers: 400, 408, 413, 414, 431, 501 or 505. */
    public abstract int status();

    /** Why, as a stable name for logs and metrics, such as {@code REQUEST_BODY_TOO_LARGE}. */
    public abstract String reasonName();

    /** What was wrong, for a human. */
    public abstract String detail();
}
