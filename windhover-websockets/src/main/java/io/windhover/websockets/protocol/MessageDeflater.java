package io.windhover.websockets.protocol;

import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Compresses a whole message for one frame (RFC 7692 §7.2.1): deflate with a sync flush, then
 * remove the {@code 00 00 ff ff} the flush ends with.
 *
 * <p>Not thread-safe: used under the socket's write lock. The zlib state (about 256 KiB native
 * for a 15-bit window) is made at the first compressed message, reset after each with
 * {@code server_no_context_takeover}.
 */
final class MessageDeflater {

    private final boolean resetPerMessage;
    private Deflater deflater;
    private byte[] output = new byte[0];
    /** Bytes of {@link #output} the last {@link #deflate} produced. */
    private int length;

    MessageDeflater(boolean resetPerMessage) {
        this.resetPerMessage = resetPerMessage;
    }

    /** The compressed bytes of {@code data}; valid until the next call. Their length is {@link #length()}. */
    byte[] deflate(byte[] data, int offset, int length) {
        if (deflater == null) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        }
        deflater.setInput(data, offset, length);
        if (output.length < length / 2 + 64) {
            output = new byte[length / 2 + 64];
        }
        int position = 0;
        while (true) {
            position += deflater.deflate(output, position, output.length - position, Deflater.SYNC_FLUSH);
            // Deflater's contract: a sync flush that fills the buffer may have more to give.
            if (position < output.length) {
                break;
            }
            output = Arrays.copyOf(output, output.length * 2);
        }
        // §7.2.1: "Remove 4 octets (that are 0x00 0x00 0xff 0xff) from the tail end."
        this.length = position - 4;
        if (resetPerMessage) {
            deflater.reset();
        }
        return output;
    }

    int length() {
        return length;
    }

    void release() {
        if (deflater != null) {
            deflater.end();
            deflater = null;
        }
    }
}
