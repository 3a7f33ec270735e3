package io.windhover.server.http2;

/**
 * The flag bits of RFC 9113 §6, by the frame types that define them. §4.1: "Flags are assigned
 * semantics specific to the indicated frame type. Unused flags are those that have no defined
 * semantics for a particular frame type. Unused flags MUST be ignored on receipt and MUST be left
 * unset (0x00) when sending." The reader tests only the bits a frame's type defines.
 */
public final class Http2Flags {

    /** DATA, HEADERS: the last frame the endpoint sends on the stream. */
    public static final int END_STREAM = 0x01;
    /** SETTINGS, PING: the frame acknowledges the peer's. */
    public static final int ACK = 0x01;
    /** HEADERS, PUSH_PROMISE, CONTINUATION: the frame ends the field block. */
    public static final int END_HEADERS = 0x04;
    /** DATA, HEADERS, PUSH_PROMISE: a Pad Length octet and padding are present. */
    public static final int PADDED = 0x08;
    /** HEADERS: the Exclusive, Stream Dependency and Weight fields are present. */
    public static final int PRIORITY = 0x20;

    private Http2Flags() {
    }
}
