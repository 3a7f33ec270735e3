package io.windhover.websockets.protocol;

import io.windhover.websockets.CloseCodes;
import io.windhover.websockets.MessageType;
import io.windhover.websockets.WebSocketException;
import java.io.IOException;
import java.util.zip.DataFormatException;

/**
 * Turns frames into messages: joins fragments (RFC 6455 §5.4), hands control frames that come
 * between them to the {@link FrameListener}, inflates compressed messages (RFC 7692), checks text
 * as UTF-8 as it arrives (§8.1) and holds every message to the size limit — from a frame's
 * declared length before any of its payload is read when it is not compressed, and byte by byte
 * as it inflates when it is.
 *
 * <p>Not thread-safe: owned by the receiving thread.
 */
final class MessageReader {

    /** {@link #read}: the peer's Close came before the message's end; the message is lost. */
    static final int CLOSED = -2;

    private final FrameReader frames;
    private final MessageInflater inflater;
    private final long maxMessageSize;
    private final FrameListener listener;
    private final Utf8Validator utf8 = new Utf8Validator();

    /** The message being read, or null between messages. */
    private MessageType type;
    private boolean compressed;
    private boolean tailFed;
    private long messageSize;

    MessageReader(FrameReader frames, MessageInflater inflater, long maxMessageSize, FrameListener listener) {
        this.frames = frames;
        this.inflater = inflater;
        this.maxMessageSize = maxMessageSize;
        this.listener = listener;
    }

    /**
     * Reads up to the first frame of the next data message, answering control frames on the way.
     *
     * @return its type, or null when the peer's Close came first
     * @throws WebSocketException 1002 for a continuation with no message to continue, 1009 for a
     *     frame over the size limit, 1006 when the connection ended without a Close
     */
    MessageType nextMessage() throws IOException {
        if (type != null) {
            throw new IllegalStateException("the previous message was not read to its end");
        }
        if (!nextDataFrame()) {
            return null;
        }
        if (frames.opcode == Opcode.CONTINUATION) {
            throw FrameReader.protocolError("continuation frame with no message to continue");
        }
        type = frames.opcode == Opcode.TEXT ? MessageType.TEXT : MessageType.BINARY;
        compressed = frames.rsv1;
        tailFed = false;
        messageSize = 0;
        utf8.reset();
        checkDeclaredSize();
        return type;
    }

    /**
     * The whole message's length when the first frame tells it (one uncompressed frame), else -1:
     * the receiver then allocates exactly once.
     */
    long knownLength() {
        return !compressed && frames.fin && messageSize == 0 ? frames.remaining : -1;
    }

    /**
     * The next bytes of the current message: at least one, -1 at its end, {@link #CLOSED} when the
     * peer closed inside it.
     */
    int read(byte[] target, int offset, int length) throws IOException {
        if (type == null) {
            return -1;
        }
        while (true) {
            if (compressed) {
                // Asked first and always: zlib may hold output back (a long match cut by a full
                // buffer) even when all input is taken.
                int produced = inflate(target, offset, length);
                if (produced > 0) {
                    return accept(target, offset, produced);
                }
                if (!inflater.needsInput()) {
                    continue;
                }
                if (frames.remaining > 0) {
                    byte[] input = inflater.inputBuffer();
                    inflater.setInput(frames.readPayload(input, 0, input.length));
                    continue;
                }
            } else if (frames.remaining > 0) {
                return accept(target, offset, frames.readPayload(target, offset, length));
            }
            if (!frames.fin) {
                if (!nextContinuation()) {
                    type = null;
                    return CLOSED;
                }
            } else if (compressed && !tailFed) {
                inflater.finishInput();
                tailFed = true;
            } else {
                return end();
            }
        }
    }

    private int inflate(byte[] target, int offset, int length) throws WebSocketException {
        try {
            return inflater.inflate(target, offset, length);
        } catch (DataFormatException e) {
            // RFC 7692 §8: data that does not inflate fails the connection.
            throw new WebSocketException(CloseCodes.INVALID_PAYLOAD, "compressed message is not deflate data: " + e.getMessage());
        }
    }

    private int accept(byte[] target, int offset, int count) throws WebSocketException {
        messageSize += count;
        if (messageSize > maxMessageSize) {
            throw tooBig();
        }
        // §8.1: invalid UTF-8 in a text message fails the connection — as soon as it is seen.
        if (type == MessageType.TEXT && !utf8.feed(target, offset, count)) {
            throw new WebSocketException(CloseCodes.INVALID_PAYLOAD, "text message is not UTF-8");
        }
        return count;
    }

    private int end() throws WebSocketException {
        if (type == MessageType.TEXT && !utf8.isComplete()) {
            throw new WebSocketException(CloseCodes.INVALID_PAYLOAD, "text message ends inside a UTF-8 sequence");
        }
        if (compressed) {
            inflater.endMessage();
        }
        type = null;
        return -1;
    }

    private boolean nextContinuation() throws IOException {
        if (!nextDataFrame()) {
            return false;
        }
        // §5.4: "The fragments of one message MUST NOT be interleaved between the fragments of another message".
        if (frames.opcode != Opcode.CONTINUATION) {
            throw FrameReader.protocolError("new data message inside a fragmented one");
        }
        // RFC 7692 §6.1: RSV1 is set on the first frame of a compressed message only.
        if (frames.rsv1) {
            throw FrameReader.protocolError("RSV1 on a continuation frame");
        }
        checkDeclaredSize();
        return true;
    }

    private void checkDeclaredSize() throws WebSocketException {
        if (!compressed && messageSize + frames.remaining > maxMessageSize) {
            throw tooBig();
        }
    }

    private WebSocketException tooBig() {
        return new WebSocketException(CloseCodes.MESSAGE_TOO_BIG, "message over " + maxMessageSize + " bytes");
    }

    /** Reads frames until a data frame, handing control frames to the listener; false after a Close. */
    private boolean nextDataFrame() throws IOException {
        while (true) {
            if (!frames.readHeader()) {
                throw new WebSocketException(CloseCodes.ABNORMAL_CLOSURE, "the connection ended without a Close frame");
            }
            listener.frameArrived();
            if (!Opcode.isControl(frames.opcode)) {
                return true;
            }
            byte[] payload = frames.readWholePayload();
            switch (frames.opcode) {
                case Opcode.PING -> listener.ping(payload);
                case Opcode.PONG -> listener.pong(payload);
                default -> {
                    listener.close(CloseFrame.parse(payload));
                    return false;
                }
            }
        }
    }

    /** Frees the inflater's native memory; the reader is done. */
    void release() {
        if (inflater != null) {
            inflater.release();
        }
    }
}
