package io.windhover.websockets.protocol;

import io.windhover.websockets.CloseCodes;
import io.windhover.websockets.WebSocketException;
import java.nio.charset.StandardCharsets;

/**
 * A Close frame's payload (RFC 6455 §5.5.1): nothing, or a 2-byte status code followed by a
 * UTF-8 reason, 125 bytes in all.
 *
 * @param code the status, or {@link CloseCodes#NO_STATUS_RECEIVED} for an empty payload
 * @param reason the reason, "" when none
 */
record CloseFrame(int code, String reason) {

    /** 125 less the code's 2 bytes. */
    static final int MAX_REASON_BYTES = 123;

    /**
     * Reads a peer's Close payload.
     *
     * @throws WebSocketException 1002 for a 1-byte payload or a code that may not be sent, 1007
     *     for a reason that is not UTF-8
     */
    static CloseFrame parse(byte[] payload) throws WebSocketException {
        if (payload.length == 0) {
            return new CloseFrame(CloseCodes.NO_STATUS_RECEIVED, "");
        }
        if (payload.length == 1) {
            throw FrameReader.protocolError("Close payload of 1 byte: a status code takes 2");
        }
        int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        if (!CloseCodes.isSendable(code)) {
            throw FrameReader.protocolError("Close with status code " + code + ", which may not be sent");
        }
        if (!Utf8Validator.isValid(payload, 2, payload.length - 2)) {
            throw new WebSocketException(CloseCodes.INVALID_PAYLOAD, "Close reason is not UTF-8");
        }
        return new CloseFrame(code, new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8));
    }

    /** The payload to send: empty for {@link CloseCodes#NO_STATUS_RECEIVED}, else the code and the reason. */
    byte[] payload() {
        if (code == CloseCodes.NO_STATUS_RECEIVED) {
            return new byte[0];
        }
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + Math.min(text.length, MAX_REASON_BYTES)];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, payload.length - 2);
        return payload;
    }

    /** A reason of our own cut to fit, never inside a UTF-8 sequence. */
    static String fit(String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        if (text.length <= MAX_REASON_BYTES) {
            return reason;
        }
        int end = MAX_REASON_BYTES;
        while (end > 0 && (text[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(text, 0, end, StandardCharsets.UTF_8);
    }
}
