package io.windhover.server.http2;

import io.windhover.server.http.RequestRejectedException;

/**
 * A request an HTTP/2 stream refuses for what the client sent — a body over its limit (413), a
 * body that does not match its {@code content-length} (400) — met by the handler as the cause of a
 * failed body read, and answered with {@link #status()} when the response has not started.
 */
final class Http2RequestRejection extends RequestRejectedException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String reasonName;
    private final String detail;

    Http2RequestRejection(int status, String reasonName, String detail) {
        super(reasonName + ": " + detail);
        this.status = status;
        this.reasonName = reasonName;
        this.detail = detail;
    }

    static Http2RequestRejection bodyTooLarge(long limit) {
        return new Http2RequestRejection(413, "REQUEST_BODY_TOO_LARGE",
                "the request body is over the limit of " + limit + " bytes");
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String reasonName() {
        return reasonName;
    }

    @Override
    public String detail() {
        return detail;
    }
}
