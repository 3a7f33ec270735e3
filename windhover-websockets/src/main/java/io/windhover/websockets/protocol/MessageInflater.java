package io.windhover.websockets.protocol;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates compressed messages (RFC 7692 §7.2.2): each frame's payload goes in as it arrives,
 * inflated bytes come out into the reader's buffer, at most as many as it asks for — so a small
 * message that inflates to gigabytes (a compression bomb) is stopped at the message size limit
 * having produced no more than that. The message's end appends the {@code 00 00 ff ff} the
 * sender removed.
 *
 * <p>Not thread-safe: owned by the receiving thread. The zlib state (about 44 KiB native) is made
 * at the first compressed message and kept between messages unless the client said
 * {@code client_no_context_takeover}.
 */
final class MessageInflater {

    /** §7.2.2: "Append 4 octets of 0x00 0x00 0xff 0xff to the tail end of the payload of the message." */
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};

    private final boolean resetPerMessage;
    private Inflater inflater;
    /** The compressed bytes being inflated: a frame payload piece, or the tail. */
    private byte[] input;
    private int inputEnd;

    MessageInflater(boolean resetPerMessage) {
        this.resetPerMessage = resetPerMessage;
    }

    /** Room for compressed bytes read from a frame; hand them over with {@link #setInput(int)}. */
    byte[] inputBuffer() {
        if (input == null) {
            input = new byte[8192];
        }
        return input;
    }

    void setInput(int length) {
        inputEnd = length;
        inflater().setInput(input, 0, length);
    }

    /** Feeds the message's tail; after it, {@link #inflate} yields the rest of the message. */
    void finishInput() {
        inflater().setInput(TAIL);
        inputEnd = -1;
    }

    /** Whether every compressed byte given has been inflated and no output is pending. */
    boolean needsInput() {
        return inflater == null || inflater.needsInput();
    }

    /**
     * Inflates into {@code target}, up to {@code length} bytes; 0 when more input is needed.
     *
     * @throws DataFormatException for bytes that are not deflate data
     */
    int inflate(byte[] target, int offset, int length) throws DataFormatException {
        Inflater zlib = inflater();
        int produced = zlib.inflate(target, offset, length);
        if (zlib.finished()) {
            // A block with BFINAL ends the stream: the next bytes (if any) start a new one.
            int left = zlib.getRemaining();
            zlib.reset();
            if (left > 0 && inputEnd >= 0) {
                zlib.setInput(input, inputEnd - left, left);
            }
        }
        return produced;
    }

    /** The message ended: forget the window when the client promised not to use it. */
    void endMessage() {
        if (resetPerMessage && inflater != null) {
            inflater.reset();
        }
    }

    void release() {
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }

    private Inflater inflater() {
        if (inflater == null) {
            inflater = new Inflater(true);
        }
        return inflater;
    }
}
