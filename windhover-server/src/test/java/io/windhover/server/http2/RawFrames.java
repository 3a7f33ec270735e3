package io.windhover.server.http2;

import java.io.ByteArrayOutputStream;

/** Frames as raw octets, built by hand from RFC 9113 §4.1's layout, for tests that send what no writer would. */
final class RawFrames {

    static final int DATA = 0x0;
    static final int HEADERS = 0x1;
    static final int PRIORITY = 0x2;
    static final int RST_STREAM = 0x3;
    static final int SETTINGS = 0x4;
    static final int PUSH_PROMISE = 0x5;
    static final int PING = 0x6;
    static final int GOAWAY = 0x7;
    static final int WINDOW_UPDATE = 0x8;
    static final int CONTINUATION = 0x9;

    private RawFrames() {
    }

    /** A frame whose Length field is the payload's. */
    static byte[] frame(int type, int flags, int streamId, byte[] payload) {
        return concat(header(payload.length, type, flags, streamId), payload);
    }

    /** A frame with a payload given as octets. */
    static byte[] frame(int type, int flags, int streamId, int... payload) {
        return frame(type, flags, streamId, octets(payload));
    }

    /** A 9-octet frame header; {@code streamId} is written as given, reserved bit and all. */
    static byte[] header(int length, int type, int flags, int streamId) {
        return new byte[] {
            (byte) (length >>> 16), (byte) (length >>> 8), (byte) length,
            (byte) type, (byte) flags,
            (byte) (streamId >>> 24), (byte) (streamId >>> 16), (byte) (streamId >>> 8), (byte) streamId,
        };
    }

    /** A setting as its 6 octets. */
    static byte[] setting(int id, long value) {
        return new byte[] {(byte) (id >>> 8), (byte) id,
            (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    static byte[] int32(long value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    static byte[] octets(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    static byte[] latin1(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
