package io.windhover.server.core;

import io.windhover.buffers.BufferSequence;
import java.nio.charset.StandardCharsets;

/**
 * RFC 9113 §3.4: "In HTTP/2, each endpoint is required to send a connection preface ... the client
 * connection preface starts with a sequence of 24 octets": {@code PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n}.
 * How a cleartext connection tells HTTP/2 by prior knowledge from HTTP/1.1, and the answer an
 * HTTP/1.1-only end point gives to it.
 */
public final class Http2Preface {

    /** The 24 octets. */
    public static final byte[] CLIENT_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * An empty SETTINGS frame, then a GOAWAY frame (RFC 9113 §6.8) with last stream 0 and
     * HTTP_1_1_REQUIRED (0xd, §7: "the endpoint requires that HTTP/1.1 be used instead of HTTP/2"):
     * what an HTTP/1.1-only end point answers a client that opens with the preface, so the client
     * knows to retry in HTTP/1.1. The SETTINGS frame first because §3.4 makes it "the first frame
     * the server sends": a client reads a GOAWAY before it as a broken connection, not as an answer.
     *
     * <pre>
     * SETTINGS: Length (24) = 0 | Type (8) = 4 | Flags (8) = 0 | R | Stream Identifier (31) = 0
     *
     * GOAWAY:
     * +-----------------------------------------------+
     * |                 Length (24) = 8               |
     * +---------------+---------------+---------------+
     * | Type (8) = 7  | Flags (8) = 0 |
     * +-+-------------+---------------+-------------------------------+
     * |R|                 Stream Identifier (31) = 0                  |
     * +-+-------------------------------------------------------------+
     * |R|                  Last-Stream-ID (31) = 0                    |
     * +-+-------------------------------------------------------------+
     * |                   Error Code (32) = 0xd                       |
     * +---------------------------------------------------------------+
     * </pre>
     */
    public static final byte[] HTTP_1_1_REQUIRED = {
        0, 0, 0, 4, 0, 0, 0, 0, 0,
        0, 0, 8, 7, 0, 0, 0, 0, 0,
        0, 0, 0, 0,
        0, 0, 0, 0x0d,
    };

    /** How the first bytes of a connection compare with the preface. */
    public enum Match {
        /** All 24 octets are there. */
        PREFACE,
        /** The bytes so far are its start: more are needed to tell. */
        PARTIAL,
        /** A byte differs: not HTTP/2 by prior knowledge. */
        DIFFERENT
    }

    private Http2Preface() {
    }

    /** Compares the start of {@code buffer} with the preface, reading at most 24 bytes. */
    public static Match match(BufferSequence buffer) {
        long length = Math.min(buffer.length(), CLIENT_PREFACE.length);
        long start = buffer.start();
        for (int i = 0; i < length; i++) {
            if (buffer.get(start + i) != CLIENT_PREFACE[i]) {
                return Match.DIFFERENT;
            }
        }
        return length == CLIENT_PREFACE.length ? Match.PREFACE : Match.PARTIAL;
    }
}
