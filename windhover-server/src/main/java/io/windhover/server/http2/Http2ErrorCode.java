package io.windhover.server.http2;

/**
 * The error codes of RFC 9113 §7, carried by RST_STREAM and GOAWAY frames.
 *
 * <p>§7: "Unknown or unsupported error codes MUST NOT trigger any special behavior. These MAY be
 * treated by an implementation as being equivalent to INTERNAL_ERROR." {@link #of(int)} does that.
 */
public enum Http2ErrorCode {
    /** The condition is not a result of an error: a graceful GOAWAY, a stream closed early on purpose. */
    NO_ERROR(0x0),
    /** An unspecific protocol error, when no more specific code applies. */
    PROTOCOL_ERROR(0x1),
    /** The endpoint met an unexpected internal error. */
    INTERNAL_ERROR(0x2),
    /** The peer violated the flow-control protocol. */
    FLOW_CONTROL_ERROR(0x3),
    /** A SETTINGS frame was not acknowledged in time. */
    SETTINGS_TIMEOUT(0x4),
    /** A frame arrived after the stream was half-closed. */
    STREAM_CLOSED(0x5),
    /** A frame had an invalid size. */
    FRAME_SIZE_ERROR(0x6),
    /** The stream was refused before any application processing. */
    REFUSED_STREAM(0x7),
    /** The stream is no longer needed. */
    CANCEL(0x8),
    /** The field-compression context cannot be maintained. */
    COMPRESSION_ERROR(0x9),
    /** A connection established by CONNECT was reset or abnormally closed. */
    CONNECT_ERROR(0xa),
    /** The peer exhibits behaviour that might be generating excessive load. */
    ENHANCE_YOUR_CALM(0xb),
    /** The transport does not meet minimum security requirements. */
    INADEQUATE_SECURITY(0xc),
    /** The endpoint requires HTTP/1.1 instead of HTTP/2. */
    HTTP_1_1_REQUIRED(0xd);

    private static final Http2ErrorCode[] BY_CODE = values();

    private final int code;

    Http2ErrorCode(int code) {
        this.code = code;
    }

    /** The 32-bit value on the wire. */
    public int code() {
        return code;
    }

    /** The error code for a wire value; an unknown value (any of 2^32 - 14) is INTERNAL_ERROR. */
    public static Http2ErrorCode of(int code) {
        // The codes are 0..13 in declaration order; a negative int is an unsigned value past 2^31.
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : INTERNAL_ERROR;
    }
}
