package io.windhover.websockets.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes frames to the peer's byte stream and flushes each: the header, then the payload in
 * pieces of at most {@value #FLUSH_EVERY} bytes with a flush after each, so that a large frame
 * waits for the peer as it goes (the stream's back-pressure) instead of filling the transport's
 * buffer whole first. A client's frames are masked (RFC 6455 §5.3), for tests that play the client.
 *
 * <p>Not thread-safe: the socket's write lock is held around every frame.
 */
final class FrameWriter {

    /** 64 KiB: the transport holds a flush at 64 KiB unconsumed (MaxResponseBufferSize). */
    static final int FLUSH_EVERY = 64 * 1024;

    private final OutputStream output;
    private final boolean mask;
    private final byte[] header = new byte[14];
    /** Masked payloads are copied here, never changed in the caller's array; clients (tests) only. */
    private byte[] maskBuffer;

    FrameWriter(OutputStream output, boolean mask) {
        this.output = output;
        this.mask = mask;
    }

    void write(boolean fin, boolean rsv1, int opcode, byte[] payload, int offset, int length) throws IOException {
        int position = 0;
        header[position++] = (byte) ((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
        int maskBit = mask ? 0x80 : 0;
        if (length <= 125) {
            header[position++] = (byte) (maskBit | length);
        } else if (length <= 0xFFFF) {
            header[position++] = (byte) (maskBit | 126);
            header[position++] = (byte) (length >>> 8);
            header[position++] = (byte) length;
        } else {
            header[position++] = (byte) (maskBit | 127);
            long wide = length;
            for (int shift = 56; shift >= 0; shift -= 8) {
                header[position++] = (byte) (wide >>> shift);
            }
        }
        int key = 0;
        if (mask) {
            key = ThreadLocalRandom.current().nextInt();
            for (int shift = 24; shift >= 0; shift -= 8) {
                header[position++] = (byte) (key >>> shift);
            }
        }
        output.write(header, 0, position);
        for (int done = 0; done < length || length == 0; ) {
            int piece = Math.min(FLUSH_EVERY, length - done);
            if (mask) {
                writeMasked(payload, offset + done, piece, key, done);
            } else {
                output.write(payload, offset + done, piece);
            }
            output.flush();
            done += piece;
            if (length == 0) {
                break;
            }
        }
    }

    private void writeMasked(byte[] payload, int offset, int length, int key, int payloadPosition) throws IOException {
        if (maskBuffer == null || maskBuffer.length < length) {
            maskBuffer = new byte[Math.max(length, 256)];
        }
        for (int i = 0; i < length; i++) {
            maskBuffer[i] = (byte) (payload[offset + i] ^ (key >>> (24 - 8 * ((payloadPosition + i) & 3))));
        }
        output.write(maskBuffer, 0, length);
    }
}
