package io.windhover.server.http2;

/**
 * The ten frame types of RFC 9113 §6, with their type codes.
 *
 * <p>§4.1: "Implementations MUST ignore and discard frames of unknown types." A type code outside
 * this enum is such a frame: {@link #of(int)} answers {@code null} for it, and
 * {@link Http2FrameReader} reports it through {@link Http2FrameHandler#onUnknownFrame} rather than
 * as one of these.
 */
public enum Http2FrameType {
    DATA(0x0),
    HEADERS(0x1),
    PRIORITY(0x2),
    RST_STREAM(0x3),
    SETTINGS(0x4),
    PUSH_PROMISE(0x5),
    PING(0x6),
    GOAWAY(0x7),
    WINDOW_UPDATE(0x8),
    CONTINUATION(0x9);

    private static final Http2FrameType[] BY_CODE = values();

    private final int code;

    Http2FrameType(int code) {
        this.code = code;
    }

    /** The octet in the frame header's Type field. */
    public int code() {
        return code;
    }

    /** The type with this code, or {@code null} for a type RFC 9113 does not define (an extension's). */
    public static Http2FrameType of(int code) {
        // The codes are 0..9 in declaration order, so the ordinal is the code.
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
