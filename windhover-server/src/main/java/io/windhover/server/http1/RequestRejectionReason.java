package io.windhover.server.http1;

/**
 * Why a request is refused before it reaches the application, each with the status it is
 * answered with; the connection is closed after the answer. Kestrel's {@code RequestRejectionReason}.
 */
public enum RequestRejectionReason {
    INVALID_REQUEST_LINE(400),
    INVALID_METHOD(400),
    /**
     * A TLS handshake on an end point without TLS, as when a client uses https:// for an http://
     * URL: Kestrel's {@code TlsOverHttpError}, told apart so that the log says what happened.
     */
    TLS_OVER_HTTP(400),
    INVALID_REQUEST_TARGET(400),
    /** A well-formed version other than HTTP/1.0 and HTTP/1.1. */
    UNSUPPORTED_HTTP_VERSION(505),
    REQUEST_LINE_TOO_LONG(414),
    INVALID_REQUEST_HEADER(400),
    /** RFC 9112 §5.2: obsolete line folding is rejected. */
    OBSOLETE_LINE_FOLDING(400),
    HEADERS_TOO_LARGE(431),
    TOO_MANY_HEADERS(431),
    /** RFC 9112 §6.3: a Content-Length that is not one non-negative decimal number, or several of them. */
    INVALID_CONTENT_LENGTH(400),
    /** RFC 9112 §6.3: Transfer-Encoding together with Content-Length — a smuggling vector. */
    CONTENT_LENGTH_AND_TRANSFER_ENCODING(400),
    /** RFC 9112 §6.3: the final transfer coding of a request must be chunked. */
    FINAL_TRANSFER_CODING_NOT_CHUNKED(400),
    /** RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 request means faulty framing. */
    TRANSFER_ENCODING_IN_HTTP_1_0(400),
    /** RFC 9112 §6.1: a transfer coding the server does not implement (only chunked is). */
    UNSUPPORTED_TRANSFER_CODING(501),
    /** RFC 9112 §7.1: a malformed chunk-size line, chunk extension or chunk terminator. */
    INVALID_CHUNK(400),
    /** The body is larger than the request body size limit. */
    REQUEST_BODY_TOO_LARGE(413),
    /** RFC 9112 §3.2: no Host, several, one that is not uri-host [":" port], or one that contradicts an absolute-form target. */
    INVALID_HOST(400),
    /** The request body arrived slower than the minimum request body data rate. */
    REQUEST_BODY_TIMEOUT(408),
    /** The request head did not arrive within the request headers timeout. */
    REQUEST_HEADERS_TIMEOUT(408),
    /** The connection ended before the request did. */
    UNEXPECTED_END_OF_REQUEST(400);

    private final int status;

    RequestRejectionReason(int status) {
        this.status = status;
    }

    /** The status code the request is answered with. */
    public int status() {
        return status;
    }
}
