package io.windhover.server.http2;

import static io.windhover.server.http2.Http2ErrorCode.ENHANCE_YOUR_CALM;
import static io.windhover.server.http2.Http2ErrorCode.FRAME_SIZE_ERROR;
import static io.windhover.server.http2.Http2ErrorCode.PROTOCOL_ERROR;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.SequenceReader;

/**
 * Reads the frames a client sends (RFC 9113 §4 and §6) from the connection's input, one frame per
 * call, and reports each to an {@link Http2FrameHandler}: Kestrel's {@code Http2FrameReader}, pure
 * and incremental like {@code Http1Parser}.
 *
 * <pre>{@code
 * ReadResult result = input.read();
 * var in = new SequenceReader(result.buffer());  // or reset() a kept one
 * try {
 *     while (frameReader.readFrame(in, this)) {
 *         // one frame handled
 *     }
 * } catch (Http2Exception e) {
 *     // a stream error: RST_STREAM and go on (the frame was consumed); a connection error: GOAWAY
 * } finally {
 *     input.advanceTo(in.position(), result.buffer().end());
 * }
 * }</pre>
 *
 * <p><b>Contract.</b> {@link #readFrame} returns false and consumes nothing while the input holds
 * less than a whole frame. Otherwise it checks the frame against every rule of RFC 9113 §4–6 that
 * needs no stream state, consumes it, and calls the handler's method for its type. A frame the rules
 * refuse throws {@link Http2Exception} with the scope and code the RFC gives, quoted above each
 * check. A stream error is thrown with the frame consumed, so the connection can reset the stream
 * and read on; after a connection error the reader's position means nothing. What is decided from
 * the 9-octet header alone — an oversized frame above all — is refused before the payload arrives,
 * so a peer cannot make the connection buffer 16 MiB to be told no.
 *
 * <p><b>State.</b> Besides its limits the reader remembers whether a field block is open (a HEADERS
 * without END_HEADERS, waiting for CONTINUATIONs on its stream) and how many octets it has used, for
 * §6.10's ordering rule and the CONTINUATION-flood limit. It allocates nothing per frame: a field
 * block fragment is copied into an array it keeps (grown to the largest fragment seen), and a
 * SETTINGS frame's values into an {@link Http2Settings} it keeps.
 *
 * <p>Not thread-safe; owned by the connection's frame loop.
 */
public final class Http2FrameReader {

    /** RFC 9113 §4.1: "All frames begin with a fixed 9-octet header followed by a variable-length frame payload." */
    public static final int FRAME_HEADER_LENGTH = 9;

    /**
     * Default for the octets one field block may span on the wire: 64 KiB, twice the 32 KiB header
     * list that {@code HpackDecoder} and Kestrel accept. A block counts each of its frames' headers
     * too, so that one cut into thousands of empty CONTINUATIONs (the CONTINUATION flood, 2024) ends
     * as surely as one too large.
     */
    public static final int DEFAULT_MAX_HEADER_BLOCK_SIZE = 64 * 1024;

    /** §4.1: "The 31-bit stream identifier"; the reserved bit above it "MUST be ignored when receiving". */
    private static final int STREAM_ID_MASK = 0x7FFF_FFFF;
    private static final int PRIORITY_FIELDS_LENGTH = 5;
    private static final int SETTING_LENGTH = 6;

    private int maxFrameSize;
    private final int maxHeaderBlockSize;
    private final Http2Settings received = new Http2Settings();
    private byte[] fragment = new byte[256];
    /** The stream of the open field block, 0 when none is open. */
    private int headerBlockStream;
    /** Octets of the open field block's frames so far, frame headers included. */
    private int headerBlockSize;

    /** A reader with the RFC's initial SETTINGS_MAX_FRAME_SIZE (16 KiB) and {@link #DEFAULT_MAX_HEADER_BLOCK_SIZE}. */
    public Http2FrameReader() {
        this(Http2Setting.MIN_MAX_FRAME_SIZE, DEFAULT_MAX_HEADER_BLOCK_SIZE);
    }

    /**
     * @param maxFrameSize the SETTINGS_MAX_FRAME_SIZE the server advertised: larger payloads are a
     *     FRAME_SIZE_ERROR
     * @param maxHeaderBlockSize the most octets a field block's HEADERS and CONTINUATION frames may
     *     total, their 9-octet headers included; more is a connection error ENHANCE_YOUR_CALM. At
     *     least {@code maxFrameSize + 9}, so that a block in one full frame is accepted.
     */
    public Http2FrameReader(int maxFrameSize, int maxHeaderBlockSize) {
        maxFrameSize(maxFrameSize);
        if (maxHeaderBlockSize < maxFrameSize + FRAME_HEADER_LENGTH) {
            throw new IllegalArgumentException("maxHeaderBlockSize must hold one full frame, was " + maxHeaderBlockSize);
        }
        this.maxHeaderBlockSize = maxHeaderBlockSize;
    }

    /**
     * Changes the largest payload accepted, when the peer acknowledged a SETTINGS frame that
     * changed SETTINGS_MAX_FRAME_SIZE (until then it may send frames the old value allows).
     */
    public void maxFrameSize(int maxFrameSize) {
        this.maxFrameSize = (int) Http2Setting.MAX_FRAME_SIZE.requireValid(maxFrameSize);
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }

    /** Whether a field block is open: the next frame must be a CONTINUATION on its stream. */
    public boolean isInHeaderBlock() {
        return headerBlockStream != 0;
    }

    /**
     * Reads one frame from {@code in} and reports it to {@code handler}.
     *
     * @return false, having consumed nothing, if {@code in} holds less than a whole frame; true when
     *     a frame was consumed and reported
     * @throws Http2Exception for a frame RFC 9113 refuses, or from the handler
     */
    public boolean readFrame(SequenceReader in, Http2FrameHandler handler) throws Http2Exception {
        if (in.remaining() < FRAME_HEADER_LENGTH) {
            return false;
        }
        // §4.1:
        // HTTP Frame {
        //   Length (24),
        //   Type (8),
        //   Flags (8),
        //   Reserved (1),
        //   Stream Identifier (31),
        //   Frame Payload (..),
        // }
        int length = in.peek(0) << 16 | in.peek(1) << 8 | in.peek(2);
        int typeCode = in.peek(3);
        int flags = in.peek(4);
        int streamId = (in.peek(5) << 24 | in.peek(6) << 16 | in.peek(7) << 8 | in.peek(8)) & STREAM_ID_MASK;
        Http2FrameType type = Http2FrameType.of(typeCode);
        checkHeader(type, length, flags, streamId);
        if (in.remaining() < FRAME_HEADER_LENGTH + length) {
            return false;
        }
        long payload = in.position() + FRAME_HEADER_LENGTH;
        in.advance(FRAME_HEADER_LENGTH + length);
        BufferSequence input = in.sequence();
        switch (type) {
            case null -> handler.onUnknownFrame(typeCode, flags, streamId, length);
            case DATA -> readData(input, payload, length, flags, streamId, handler);
            case HEADERS -> readHeaders(input, payload, length, flags, streamId, handler);
            case PRIORITY -> readPriority(input, payload, length, streamId, handler);
            case RST_STREAM -> readRstStream(input, payload, streamId, handler);
            case SETTINGS -> readSettings(input, payload, length, flags, handler);
            case PING -> readPing(input, payload, flags, handler);
            case GOAWAY -> readGoAway(input, payload, length, handler);
            case WINDOW_UPDATE -> readWindowUpdate(input, payload, streamId, handler);
            case CONTINUATION -> readContinuation(input, payload, length, flags, streamId, handler);
            case PUSH_PROMISE -> throw new AssertionError("refused by checkHeader");
        }
        return true;
    }

    /**
     * What the 9-octet header alone decides, before waiting for the payload. Changes no state: it
     * runs again each time an incomplete frame is looked at.
     */
    private void checkHeader(Http2FrameType type, int length, int flags, int streamId) throws Http2Exception {
        // §4.2: "An endpoint MUST send an error code of FRAME_SIZE_ERROR if a frame exceeds the size
        // defined in SETTINGS_MAX_FRAME_SIZE". A connection error for every type, as §4.2 requires
        // for frames that carry a field block or alter the connection, and allows for the rest: a
        // stream error would mean reading the oversized payload to skip it.
        if (length > maxFrameSize) {
            throw Http2Exception.connection(FRAME_SIZE_ERROR,
                    "frame of " + length + " octets over SETTINGS_MAX_FRAME_SIZE " + maxFrameSize);
        }
        checkFieldBlockOrder(type, streamId);
        switch (type) {
            case null -> { } // §4.1: "Implementations MUST ignore and discard frames of unknown types."
            case DATA -> checkDataHeader(length, flags, streamId);
            case HEADERS -> checkHeadersHeader(length, flags, streamId);
            case PRIORITY, RST_STREAM -> checkStreamFrameHeader(type, length, streamId);
            case SETTINGS -> checkSettingsHeader(length, flags, streamId);
            case PUSH_PROMISE -> refusePushPromise();
            case PING -> checkPingHeader(length, streamId);
            case GOAWAY -> checkGoAwayHeader(length, streamId);
            case WINDOW_UPDATE -> checkWindowUpdateHeader(length);
            case CONTINUATION -> checkContinuationHeader(length, streamId);
        }
    }

    private void checkFieldBlockOrder(Http2FrameType type, int streamId) throws Http2Exception {
        if (headerBlockStream != 0 && (type != Http2FrameType.CONTINUATION || streamId != headerBlockStream)) {
            // §6.2: "A HEADERS frame without the END_HEADERS flag set MUST be followed by a
            // CONTINUATION frame for the same stream. A receiver MUST treat the receipt of any other
            // type of frame or a frame on a different stream as a connection error (Section 5.4.1)
            // of type PROTOCOL_ERROR." §5.5 adds that this holds for extension frames too.
            throw Http2Exception.connection(PROTOCOL_ERROR, (type == null ? "a frame of unknown type" : type)
                    + " on stream " + streamId + " inside the field block of stream " + headerBlockStream);
        }
        if (headerBlockStream == 0 && type == Http2FrameType.CONTINUATION) {
            // §6.10: "A CONTINUATION frame MUST be preceded by a HEADERS, PUSH_PROMISE or
            // CONTINUATION frame without the END_HEADERS flag set. A recipient that observes
            // violation of this rule MUST respond with a connection error (Section 5.4.1) of type
            // PROTOCOL_ERROR."
            throw Http2Exception.connection(PROTOCOL_ERROR, "CONTINUATION on stream " + streamId + " outside a field block");
        }
    }

    private static void checkDataHeader(int length, int flags, int streamId) throws Http2Exception {
        if (streamId == 0) {
            // §6.1: "If a DATA frame is received whose Stream Identifier field is 0x00, the recipient
            // MUST respond with a connection error (Section 5.4.1) of type PROTOCOL_ERROR."
            throw Http2Exception.connection(PROTOCOL_ERROR, "DATA on stream 0");
        }
        if ((flags & Http2Flags.PADDED) != 0 && length < 1) {
            // §4.2: FRAME_SIZE_ERROR for a frame "too small to contain mandatory frame data": a
            // padded frame without its Pad Length. A connection error, as Kestrel makes it: the
            // connection window must still be charged for a frame it refuses (§6.9).
            throw Http2Exception.connection(FRAME_SIZE_ERROR, "padded DATA without a Pad Length");
        }
    }

    private static void checkHeadersHeader(int length, int flags, int streamId) throws Http2Exception {
        if (streamId == 0) {
            // §6.2: "If a HEADERS frame is received whose Stream Identifier field is 0x00, the
            // recipient MUST respond with a connection error (Section 5.4.1) of type PROTOCOL_ERROR."
            throw Http2Exception.connection(PROTOCOL_ERROR, "HEADERS on stream 0");
        }
        int fields = ((flags & Http2Flags.PADDED) != 0 ? 1 : 0) + ((flags & Http2Flags.PRIORITY) != 0 ? PRIORITY_FIELDS_LENGTH : 0);
        if (length < fields) {
            // §4.2: "too small to contain mandatory frame data" is a FRAME_SIZE_ERROR, and "A frame
            // size error in a frame that could alter the state of the entire connection MUST be
            // treated as a connection error (Section 5.4.1); this includes any frame carrying a
            // field block (Section 4.3) (that is, HEADERS, PUSH_PROMISE, and CONTINUATION)".
            throw Http2Exception.connection(FRAME_SIZE_ERROR, "HEADERS of " + length + " octets cannot hold its " + fields + " octets of fields");
        }
    }

    /** PRIORITY and RST_STREAM: both belong to a stream. */
    private static void checkStreamFrameHeader(Http2FrameType type, int length, int streamId) throws Http2Exception {
        if (streamId == 0) {
            // §6.3: "If a PRIORITY frame is received with a stream identifier of 0x00, the recipient
            // MUST respond with a connection error (Section 5.4.1) of type PROTOCOL_ERROR."
            // §6.4: "If a RST_STREAM frame is received with a stream identifier of 0x00, the
            // recipient MUST treat this as a connection error (Section 5.4.1) of type PROTOCOL_ERROR."
            throw Http2Exception.connection(PROTOCOL_ERROR, type + " on stream 0");
        }
        if (type == Http2FrameType.RST_STREAM && length != 4) {
            // §6.4: "A RST_STREAM frame with a length other than 4 octets MUST be treated as a
            // connection error (Section 5.4.1) of type FRAME_SIZE_ERROR."
            throw Http2Exception.connection(FRAME_SIZE_ERROR, "RST_STREAM of " + length + " octets");
        }
        // PRIORITY's length is a stream error, thrown once the frame is consumed (readPriority).
    }

    private static void checkSettingsHeader(int length, int flags, int streamId) throws Http2Exception {
        if (streamId != 0) {
            // §6.5: "If an endpoint receives a SETTINGS frame whose Stream Identifier field is
            // anything other than 0x00, the endpoint MUST respond with a connection error (Section
            // 5.4.1) of type PROTOCOL_ERROR."
            throw Http2Exception.connection(PROTOCOL_ERROR, "SETTINGS on stream " + streamId);
        }
        if ((flags & Http2Flags.ACK) != 0 && length != 0) {
            // §6.5: "Receipt of a SETTINGS frame with the ACK flag set and a length field value other
            // than 0 MUST be treated as a connection error (Section 5.4.1) of type FRAME_SIZE_ERROR."
            throw Http2Exception.connection(FRAME_SIZE_ERROR, "SETTINGS ACK with " + length + " octets of payload");
        }
        if (length % SETTING_LENGTH != 0) {
            // §6.5: "A SETTINGS frame with a length other than a multiple of 6 octets MUST be treated
            // as a connection error (Section 5.4.1) of type FRAME_SIZE_ERROR."
            throw Http2Exception.connection(FRAME_SIZE_ERROR, "SETTINGS of " + length + " octets, not a multiple of 6");
        }
    }

    private static void refusePushPromise() throws Http2Exception {
        // §8.4: "A client cannot push. Thus, servers MUST treat the receipt of a PUSH_PROMISE frame
        // as a connection error (Section 5.4.1) of type PROTOCOL_ERROR."
        throw Http2Exception.connection(PROTOCOL_ERROR, "PUSH_PROMISE from a client");
    }

    private static void checkPingHeader(int length, int streamId) throws Http2Exception {
        if (streamId != 0) {
            // §6.7: "If a PING frame is received with a Stream Identifier field value other than
            // 0x00, the recipient MUST respond with a connection error (Section 5.4.1) of type
            // PROTOCOL_ERROR."
            throw Http2Exception.connection(PROTOCOL_ERROR, "PING on stream " + streamId);
        }
        if (length != 8) {
            // §6.7: "Receipt of a PING frame with a length field value other than 8 MUST be treated
            // as a connection error (Section 5.4.1) of type FRAME_SIZE_ERROR."
            throw Http2Exception.connection(FRAME_SIZE_ERROR, "PING of " + length + " octets");
        }
    }

    private static void checkGoAwayHeader(int length, int streamId) throws Http2Exception {
        if (streamId != 0) {
            // §6.8: "An endpoint MUST treat a GOAWAY frame with a stream identifier other than 0x00
            // as a connection error (Section 5.4.1) of type PROTOCOL_ERROR."
            throw Http2Exception.connection(PROTOCOL_ERROR, "GOAWAY on stream " + streamId);
        }
        if (length < 8) {
            // §4.2: FRAME_SIZE_ERROR for a frame "too small to contain mandatory frame data" (the
            // Last-Stream-ID and Error Code), a connection error for a frame on stream 0.
            throw Http2Exception.connection(FRAME_SIZE_ERROR, "GOAWAY of " + length + " octets");
        }
    }

    private static void checkWindowUpdateHeader(int length) throws Http2Exception {
        if (length != 4) {
            // §6.9: "A WINDOW_UPDATE frame with a length other than 4 octets MUST be treated as a
            // connection error (Section 5.4.1) of type FRAME_SIZE_ERROR."
            throw Http2Exception.connection(FRAME_SIZE_ERROR, "WINDOW_UPDATE of " + length + " octets");
        }
    }

    private void checkContinuationHeader(int length, int streamId) throws Http2Exception {
        // Stream 0 never reaches here: §6.10 "If a CONTINUATION frame is received with a Stream
        // Identifier field of 0x00, the recipient MUST respond with a connection error (Section
        // 5.4.1) of type PROTOCOL_ERROR." — no field block is open on stream 0, so
        // checkFieldBlockOrder has answered it so already.
        checkHeaderBlockSize(headerBlockSize + FRAME_HEADER_LENGTH + length, streamId);
    }

    private void checkHeaderBlockSize(long size, int streamId) throws Http2Exception {
        if (size > maxHeaderBlockSize) {
            // §10.5: "An endpoint MAY treat activity that is suspicious as a connection error
            // (Section 5.4.1) of type ENHANCE_YOUR_CALM." A field block must be decoded whole to
            // keep HPACK in step (§4.3), so one without end can only be answered this way.
            throw Http2Exception.connection(ENHANCE_YOUR_CALM, "field block of stream " + streamId + " over "
                    + maxHeaderBlockSize + " octets");
        }
    }

    // DATA Frame {
    //   Length (24),
    //   Type (8) = 0x00,
    //   Unused Flags (4),
    //   PADDED Flag (1),
    //   Unused Flags (2),
    //   END_STREAM Flag (1),
    //   Reserved (1),
    //   Stream Identifier (31),
    //   [Pad Length (8)],
    //   Data (..),
    //   Padding (..2040),
    // }
    private static void readData(BufferSequence input, long payload, int length, int flags, int streamId,
            Http2FrameHandler handler) throws Http2Exception {
        long dataStart = payload;
        int dataLength = length;
        if ((flags & Http2Flags.PADDED) != 0) {
            int padLength = input.get(payload) & 0xFF;
            if (padLength >= length) {
                // §6.1: "If the length of the padding is the length of the frame payload or greater,
                // the recipient MUST treat this as a connection error (Section 5.4.1) of type
                // PROTOCOL_ERROR."
                throw Http2Exception.connection(PROTOCOL_ERROR, "DATA padding of " + padLength + " octets in a payload of " + length);
            }
            dataStart++;
            dataLength = length - 1 - padLength;
        }
        handler.onData(streamId, (flags & Http2Flags.END_STREAM) != 0, input, dataStart, dataLength, length);
    }

    // HEADERS Frame {
    //   Length (24),
    //   Type (8) = 0x01,
    //   Unused Flags (2),
    //   PRIORITY Flag (1),
    //   Unused Flag (1),
    //   PADDED Flag (1),
    //   END_HEADERS Flag (1),
    //   Unused Flag (1),
    //   END_STREAM Flag (1),
    //   Reserved (1),
    //   Stream Identifier (31),
    //   [Pad Length (8)],
    //   [Exclusive (1)],
    //   [Stream Dependency (31)],
    //   [Weight (8)],
    //   Field Block Fragment (..),
    //   Padding (..2040),
    // }
    private void readHeaders(BufferSequence input, long payload, int length, int flags, int streamId,
            Http2FrameHandler handler) throws Http2Exception {
        long at = payload;
        int padLength = 0;
        if ((flags & Http2Flags.PADDED) != 0) {
            padLength = input.get(at++) & 0xFF;
        }
        boolean dependsOnItself = false;
        if ((flags & Http2Flags.PRIORITY) != 0) {
            // §5.3.2: the priority signals are deprecated; the fields are read for §5.3.1's one rule.
            dependsOnItself = (readInt(input, at) & STREAM_ID_MASK) == streamId;
            at += PRIORITY_FIELDS_LENGTH;
        }
        int fragmentLength = length - (int) (at - payload) - padLength;
        if (fragmentLength < 0) {
            // §6.2: "Padding that exceeds the size remaining for the field block fragment MUST be
            // treated as a PROTOCOL_ERROR." A connection error, like DATA's (§6.1).
            throw Http2Exception.connection(PROTOCOL_ERROR, "HEADERS padding of " + padLength + " octets in a payload of " + length);
        }
        boolean endHeaders = (flags & Http2Flags.END_HEADERS) != 0;
        byte[] bytes = copyFragment(input, at, fragmentLength);
        headerBlockStream = endHeaders ? 0 : streamId;
        headerBlockSize = endHeaders ? 0 : FRAME_HEADER_LENGTH + length;
        handler.onHeaders(streamId, (flags & Http2Flags.END_STREAM) != 0, endHeaders, bytes, 0, fragmentLength);
        if (dependsOnItself) {
            // §5.3.1: "A stream cannot depend on itself. An endpoint MUST treat this as a stream error
            // (Section 5.4.2) of type PROTOCOL_ERROR." Thrown after the fragment was handed over, so
            // the block is still decoded (see Http2FrameHandler.onHeaders).
            throw Http2Exception.stream(streamId, PROTOCOL_ERROR, "HEADERS of stream " + streamId + " depends on itself");
        }
    }

    // PRIORITY Frame {
    //   Length (24) = 0x05,
    //   Type (8) = 0x02,
    //   Unused Flags (8),
    //   Reserved (1),
    //   Stream Identifier (31),
    //   Exclusive (1),
    //   Stream Dependency (31),
    //   Weight (8),
    // }
    private static void readPriority(BufferSequence input, long payload, int length, int streamId,
            Http2FrameHandler handler) throws Http2Exception {
        if (length != PRIORITY_FIELDS_LENGTH) {
            // §6.3: "A PRIORITY frame with a length other than 5 octets MUST be treated as a stream
            // error (Section 5.4.2) of type FRAME_SIZE_ERROR."
            throw Http2Exception.stream(streamId, FRAME_SIZE_ERROR, "PRIORITY of " + length + " octets");
        }
        if ((readInt(input, payload) & STREAM_ID_MASK) == streamId) {
            // §5.3.1: "A stream cannot depend on itself. An endpoint MUST treat this as a stream error
            // (Section 5.4.2) of type PROTOCOL_ERROR."
            throw Http2Exception.stream(streamId, PROTOCOL_ERROR, "PRIORITY of stream " + streamId + " depends on itself");
        }
        handler.onPriority(streamId);
    }

    // RST_STREAM Frame {
    //   Length (24) = 0x04,
    //   Type (8) = 0x03,
    //   Unused Flags (8),
    //   Reserved (1),
    //   Stream Identifier (31),
    //   Error Code (32),
    // }
    private static void readRstStream(BufferSequence input, long payload, int streamId, Http2FrameHandler handler)
            throws Http2Exception {
        // checkStreamFrameHeader has checked the stream and the length: only the code is left.
        handler.onRstStream(streamId, Http2ErrorCode.of(readInt(input, payload)));
    }

    // SETTINGS Frame {
    //   Length (24),
    //   Type (8) = 0x04,
    //   Unused Flags (7),
    //   ACK Flag (1),
    //   Reserved (1),
    //   Stream Identifier (31) = 0,
    //   Setting (48) ...,
    // }
    //
    // Setting {
    //   Identifier (16),
    //   Value (32),
    // }
    private void readSettings(BufferSequence input, long payload, int length, int flags, Http2FrameHandler handler)
            throws Http2Exception {
        if ((flags & Http2Flags.ACK) != 0) {
            handler.onSettingsAck();
            return;
        }
        received.clear();
        readSettingsPayload(input, payload, length, received);
        handler.onSettings(received);
    }

    /**
     * The settings of a SETTINGS payload (six octets each) into {@code into}: a frame's, or the
     * {@code HTTP2-Settings} of an h2c upgrade, which carries the same payload (RFC 7540 §3.2.1).
     *
     * @throws Http2Exception for a value out of its setting's range, with that setting's error code
     */
    static void readSettingsPayload(BufferSequence input, long payload, int length, Http2Settings into)
            throws Http2Exception {
        for (long at = payload; at < payload + length; at += SETTING_LENGTH) {
            int id = (input.get(at) & 0xFF) << 8 | input.get(at + 1) & 0xFF;
            long value = readInt(input, at + 2) & 0xFFFF_FFFFL;
            Http2Setting setting = Http2Setting.of(id);
            if (setting == null) {
                // §6.5.2: "An endpoint that receives a SETTINGS frame with any unknown or unsupported
                // identifier MUST ignore that setting."
                continue;
            }
            if (!setting.isValid(value)) {
                // The value checks and their codes are Http2Setting.isValid's, each with its sentence.
                throw Http2Exception.connection(setting.invalidValueError(), setting + " of " + value);
            }
            // §6.5.3: "The values in the SETTINGS frame MUST be processed in the order they appear
            // in the frame": a value repeated later in the frame replaces the earlier one.
            into.set(setting, value);
        }
    }

    // PING Frame {
    //   Length (24) = 0x08,
    //   Type (8) = 0x06,
    //   Unused Flags (7),
    //   ACK Flag (1),
    //   Reserved (1),
    //   Stream Identifier (31) = 0,
    //   Opaque Data (64),
    // }
    private static void readPing(BufferSequence input, long payload, int flags, Http2FrameHandler handler)
            throws Http2Exception {
        long opaqueData = (long) readInt(input, payload) << 32 | readInt(input, payload + 4) & 0xFFFF_FFFFL;
        if ((flags & Http2Flags.ACK) != 0) {
            handler.onPingAck(opaqueData);
        } else {
            handler.onPing(opaqueData);
        }
    }

    // GOAWAY Frame {
    //   Length (24),
    //   Type (8) = 0x07,
    //   Unused Flags (8),
    //   Reserved (1),
    //   Stream Identifier (31) = 0,
    //   Reserved (1),
    //   Last-Stream-ID (31),
    //   Error Code (32),
    //   Additional Debug Data (..),
    // }
    private static void readGoAway(BufferSequence input, long payload, int length, Http2FrameHandler handler)
            throws Http2Exception {
        int lastStreamId = readInt(input, payload) & STREAM_ID_MASK;
        Http2ErrorCode errorCode = Http2ErrorCode.of(readInt(input, payload + 4));
        handler.onGoAway(lastStreamId, errorCode, input, payload + 8, length - 8);
    }

    // WINDOW_UPDATE Frame {
    //   Length (24) = 0x04,
    //   Type (8) = 0x08,
    //   Unused Flags (8),
    //   Reserved (1),
    //   Stream Identifier (31),
    //   Reserved (1),
    //   Window Size Increment (31),
    // }
    private static void readWindowUpdate(BufferSequence input, long payload, int streamId, Http2FrameHandler handler)
            throws Http2Exception {
        int increment = readInt(input, payload) & STREAM_ID_MASK;
        if (increment == 0) {
            // §6.9: "A receiver MUST treat the receipt of a WINDOW_UPDATE frame with a flow-control
            // window increment of 0 as a stream error (Section 5.4.2) of type PROTOCOL_ERROR; errors
            // on the connection flow-control window MUST be treated as a connection error (Section
            // 5.4.1)."
            if (streamId == 0) {
                throw Http2Exception.connection(PROTOCOL_ERROR, "WINDOW_UPDATE of 0 on the connection");
            }
            throw Http2Exception.stream(streamId, PROTOCOL_ERROR, "WINDOW_UPDATE of 0 on stream " + streamId);
        }
        handler.onWindowUpdate(streamId, increment);
    }

    // CONTINUATION Frame {
    //   Length (24),
    //   Type (8) = 0x09,
    //   Unused Flags (5),
    //   END_HEADERS Flag (1),
    //   Unused Flags (2),
    //   Reserved (1),
    //   Stream Identifier (31),
    //   Field Block Fragment (..),
    // }
    private void readContinuation(BufferSequence input, long payload, int length, int flags, int streamId,
            Http2FrameHandler handler) throws Http2Exception {
        boolean endHeaders = (flags & Http2Flags.END_HEADERS) != 0;
        byte[] bytes = copyFragment(input, payload, length);
        headerBlockSize = endHeaders ? 0 : headerBlockSize + FRAME_HEADER_LENGTH + length;
        headerBlockStream = endHeaders ? 0 : streamId;
        handler.onContinuation(streamId, endHeaders, bytes, 0, length);
    }

    /**
     * Copies a field block fragment into the reader's array. PERF: HpackDecoder parses arrays; a
     * fragment read in place would be a copy per pool block anyway, which are direct memory.
     */
    private byte[] copyFragment(BufferSequence input, long from, int length) {
        if (fragment.length < length) {
            fragment = new byte[Math.max(length, Math.min(maxFrameSize, fragment.length * 2))];
        }
        input.copyTo(from, fragment, 0, length);
        return fragment;
    }

    /** The big-endian 32-bit value at {@code at}. */
    private static int readInt(BufferSequence input, long at) {
        return (input.get(at) & 0xFF) << 24 | (input.get(at + 1) & 0xFF) << 16
                | (input.get(at + 2) & 0xFF) << 8 | input.get(at + 3) & 0xFF;
    }
}
