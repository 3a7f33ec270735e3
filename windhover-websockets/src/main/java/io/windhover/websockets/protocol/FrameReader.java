package io.windhover.websockets.protocol;

import io.windhover.websockets.CloseCodes;
import io.windhover.websockets.WebSocketException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads frames from the peer's byte stream: one header, then its payload in pieces as they
 * arrive, unmasked in place. Applies every rule that needs no message state (RFC 6455 §5.2, §5.5);
 * the message rules (continuation order, sizes, UTF-8) are {@link MessageReader}'s.
 *
 * <p>Not thread-safe: owned by the receiving thread. Holds 14 bytes of header between frames.
 */
final class FrameReader {

    private final InputStream input;
    /** Whether the peer is a client, whose frames must be masked (and a server's must not be). */
    private final boolean peerIsClient;
    /** Whether RSV1 may be set: permessage-deflate was negotiated (RFC 7692 §6). */
    private final boolean compressionNegotiated;
    private final byte[] header = new byte[14];

    boolean fin;
    boolean rsv1;
    int opcode;
    /** Payload bytes of the current frame not read yet. */
    long remaining;
    private int maskKey;
    private boolean masked;
    /** Position in the payload modulo 4, where unmasking resumes. */
    private int maskOffset;

    FrameReader(InputStream input, boolean peerIsClient, boolean compressionNegotiated) {
        this.input = input;
        this.peerIsClient = peerIsClient;
        this.compressionNegotiated = compressionNegotiated;
    }

    /*
     *  0                   1                   2                   3
     *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
     * +-+-+-+-+-------+-+-------------+-------------------------------+
     * |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
     * |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
     * |N|V|V|V|       |S|             |   (if payload len==126/127)   |
     * | |1|2|3|       |K|             |                               |
     * +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
     * |     Extended payload length continued, if payload len == 127  |
     * + - - - - - - - - - - - - - - - +-------------------------------+
     * |                               | Masking-key, if MASK set to 1 |
     * +-------------------------------+-------------------------------+
     * | Masking-key (continued)       |          Payload Data         |
     * +-------------------------------- - - - - - - - - - - - - - - - +
     */

    /**
     * Reads the next frame's header.
     *
     * @return false when the stream ended cleanly before it (no byte of a frame read)
     * @throws WebSocketException 1002 for a header the RFC forbids
     * @throws EOFException when the stream ends inside the header
     */
    boolean readHeader() throws IOException {
        int first = input.read(header, 0, 2);
        if (first < 0) {
            return false;
        }
        if (first < 2) {
            readFully(first, 2 - first);
        }
        int b0 = header[0] & 0xFF;
        int b1 = header[1] & 0xFF;
        fin = (b0 & 0x80) != 0;
        rsv1 = (b0 & 0x40) != 0;
        opcode = b0 & 0x0F;
        masked = (b1 & 0x80) != 0;
        int length7 = b1 & 0x7F;
        // §5.2: "MUST be 0 unless an extension is negotiated that defines meanings for non-zero values".
        if ((b0 & 0x30) != 0 || (rsv1 && !compressionNegotiated)) {
            throw protocolError("reserved bit set: " + Integer.toBinaryString(b0 >>> 4) + " (FIN RSV1 RSV2 RSV3)");
        }
        if (!Opcode.isKnown(opcode)) {
            throw protocolError("reserved opcode " + opcode);
        }
        if (Opcode.isControl(opcode)) {
            // §5.5: "All control frames MUST have a payload length of 125 bytes or less and MUST NOT be fragmented."
            if (!fin) {
                throw protocolError("fragmented control frame");
            }
            if (length7 > 125) {
                throw protocolError("control frame payload over 125 bytes");
            }
            // RFC 7692 §6.1: RSV1 marks a compressed data message, never a control frame.
            if (rsv1) {
                throw protocolError("RSV1 on a control frame");
            }
        }
        // §5.1: "The server MUST close the connection upon receiving a frame that is not masked";
        // "A client MUST close a connection if it detects a masked frame."
        if (masked != peerIsClient) {
            throw protocolError(peerIsClient ? "client frame not masked" : "server frame masked");
        }
        int position = 2;
        long length = length7;
        if (length7 == 126) {
            readFully(position, 2);
            length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            position = 4;
        } else if (length7 == 127) {
            readFully(position, 8);
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xFF);
            }
            // §5.2: "the most significant bit MUST be 0".
            if (length < 0) {
                throw protocolError("payload length with the most significant bit set");
            }
            position = 10;
        }
        if (masked) {
            readFully(position, 4);
            maskKey = ((header[position] & 0xFF) << 24) | ((header[position + 1] & 0xFF) << 16)
                    | ((header[position + 2] & 0xFF) << 8) | (header[position + 3] & 0xFF);
        }
        remaining = length;
        maskOffset = 0;
        return true;
    }

    /**
     * Reads up to {@code length} bytes of the current payload into {@code target}, unmasked,
     * waiting for at least one.
     *
     * @throws EOFException when the stream ends inside the payload
     */
    int readPayload(byte[] target, int offset, int length) throws IOException {
        int wanted = (int) Math.min(length, remaining);
        if (wanted == 0) {
            return 0;
        }
        int read = input.read(target, offset, wanted);
        if (read < 0) {
            throw new EOFException("the connection ended inside a frame");
        }
        if (masked) {
            unmask(target, offset, read);
        }
        remaining -= read;
        return read;
    }

    /** Reads the rest of the current payload into a new array: for control frames (at most 125 bytes). */
    byte[] readWholePayload() throws IOException {
        byte[] payload = new byte[(int) remaining];
        int position = 0;
        while (position < payload.length) {
            position += readPayload(payload, position, payload.length - position);
        }
        return payload;
    }

    private void unmask(byte[] bytes, int offset, int length) {
        int key = maskKey;
        int shift = maskOffset;
        for (int i = offset, end = offset + length; i < end; i++) {
            bytes[i] ^= (byte) (key >>> (24 - 8 * (shift & 3)));
            shift++;
        }
        maskOffset = shift & 3;
    }

    private void readFully(int offset, int length) throws IOException {
        int position = offset;
        int end = offset + length;
        while (position < end) {
            int read = input.read(header, position, end - position);
            if (read < 0) {
                throw new EOFException("the connection ended inside a frame header");
            }
            position += read;
        }
    }

    static WebSocketException protocolError(String message) {
        return new WebSocketException(CloseCodes.PROTOCOL_ERROR, message);
    }
}
