package io.windhover.websockets.protocol;

/**
 * Checks UTF-8 incrementally, chunk after chunk, so that a text message cut across frames (and
 * a character cut across them) is judged as one, and invalid bytes are refused as soon as they
 * arrive rather than at the message's end (Autobahn's "fail fast" cases 6.4.x). Björn
 * Höhrmann's DFA: one table lookup per byte, no allocation; it refuses overlong forms,
 * surrogates and code points past U+10FFFF, as RFC 3629 does.
 *
 * <p>Not thread-safe; one per message being read.
 */
final class Utf8Validator {

    private static final int ACCEPT = 0;
    private static final int REJECT = 12;

    /** Byte → character class. */
    private static final byte[] CLASSES = new byte[256];
    /** State × class → state; states are multiples of 12. */
    private static final byte[] TRANSITIONS = {
        0, 12, 24, 36, 60, 96, 84, 12, 12, 12, 48, 72, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
        12, 0, 12, 12, 12, 12, 12, 0, 12, 0, 12, 12, 12, 24, 12, 12, 12, 12, 12, 24, 12, 24, 12, 12,
        12, 12, 12, 12, 12, 12, 12, 24, 12, 12, 12, 12, 12, 24, 12, 12, 12, 12, 12, 12, 12, 24, 12, 12,
        12, 12, 12, 12, 12, 12, 12, 36, 12, 36, 12, 12, 12, 36, 12, 12, 12, 12, 12, 36, 12, 36, 12, 12,
        12, 36, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
    };

    static {
        for (int b = 0x80; b <= 0x8F; b++) {
            CLASSES[b] = 1;
        }
        for (int b = 0x90; b <= 0x9F; b++) {
            CLASSES[b] = 9;
        }
        for (int b = 0xA0; b <= 0xBF; b++) {
            CLASSES[b] = 7;
        }
        CLASSES[0xC0] = CLASSES[0xC1] = 8;
        for (int b = 0xC2; b <= 0xDF; b++) {
            CLASSES[b] = 2;
        }
        CLASSES[0xE0] = 10;
        for (int b = 0xE1; b <= 0xEF; b++) {
            CLASSES[b] = 3;
        }
        CLASSES[0xED] = 4;
        CLASSES[0xF0] = 11;
        CLASSES[0xF1] = CLASSES[0xF2] = CLASSES[0xF3] = 6;
        CLASSES[0xF4] = 5;
        for (int b = 0xF5; b <= 0xFF; b++) {
            CLASSES[b] = 8;
        }
    }

    private int state = ACCEPT;

    /** Takes the next bytes; false once the bytes so far cannot begin valid UTF-8. */
    boolean feed(byte[] bytes, int offset, int length) {
        int s = state;
        for (int i = offset, end = offset + length; i < end; i++) {
            byte b = bytes[i];
            if (b >= 0 && s == ACCEPT) {
                continue; // PERF: ASCII outside a sequence, the usual text, skips the tables
            }
            s = TRANSITIONS[s + CLASSES[b & 0xFF]];
            if (s == REJECT) {
                state = REJECT;
                return false;
            }
        }
        state = s;
        return true;
    }

    /** Whether the bytes so far end on a whole character: the check at a message's end. */
    boolean isComplete() {
        return state == ACCEPT;
    }

    void reset() {
        state = ACCEPT;
    }

    static boolean isValid(byte[] bytes, int offset, int length) {
        var validator = new Utf8Validator();
        return validator.feed(bytes, offset, length) && validator.isComplete();
    }
}
