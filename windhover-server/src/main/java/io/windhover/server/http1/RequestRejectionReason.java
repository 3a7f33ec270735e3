package io.windhover.server.http1;

/**
 * Why a request is refused before it reaches the application, each with the status it is
 * answered with; the connection is closed after the answer. Kestrel's {@code RequestRejectionReason}.
 */
public enum RequestRejectionReason {
    INVALID_REQUEST_LINE(400),
    INVALID_METHOD(400),
    INVALID_REQUEST_TARGET(400),
    /** A well-formed version other than HTTP/1.0 and HTTP/1.1. */
    UNSUPPORTED_HTTP_VERSION(505),
    REQUEST_LINE_TOO_LONG(414),
    INVALID_REQUEST_HEADER(400),
    /** RFC 9112 §5.2: obsolete line folding is rejected. */
    OBSOLETE_LINE_FOLDING(400),
    HEADERS_TOO_LARGE(431),
    TOO_MANY_HEADERS(431);

    private final int status;

    RequestRejectionReason(int status) {
        this.status = status;
    }

    /** The status code the request is answered with. */
    public int status() {
        return status;
    }
}
