package io.windhover.server.http2;

import io.windhover.buffers.PipeWriter;
import io.windhover.server.hpack.HeaderBlockBuffer;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Writes the frames a server sends (RFC 9113 §6) into the connection's output pipe: Kestrel's
 * {@code Http2FrameWriter} without its locking and flow control, which belong to the connection.
 *
 * <p>Each method commits whole frames to the pipe ({@code getMemory}/{@code advance} or
 * {@code write}) and never flushes: the connection flushes once per batch. Field blocks and data
 * longer than the peer's SETTINGS_MAX_FRAME_SIZE ({@link #maxFrameSize(int)}) are cut into as many
 * frames as it takes; flow-control windows are the caller's to respect before writing DATA. Never
 * writes PUSH_PROMISE: Windhover does not push.
 *
 * <pre>{@code
 * frameWriter.writeSettings(serverSettings);          // the server's connection preface (§3.4)
 * ...
 * encoder.beginBlock(block);
 * encoder.encodeStatus(200, block);
 * frameWriter.writeHeaders(streamId, block, false);   // HEADERS [+ CONTINUATION...]
 * frameWriter.writeData(streamId, body, true);        // DATA [+ DATA...], END_STREAM on the last
 * output.flush();
 * }</pre>
 *
 * <p>Not thread-safe: the connection serialises every stream's output through it (one writer at a
 * time, as {@link PipeWriter} requires). The arrays and buffers passed in are copied before a
 * method returns and stay the caller's.
 */
public final class Http2FrameWriter {

    private static final int HEADER = Http2FrameReader.FRAME_HEADER_LENGTH;
    private static final Http2Setting[] SETTINGS = Http2Setting.values();

    private final PipeWriter output;
    private int maxFrameSize = Http2Setting.MIN_MAX_FRAME_SIZE;

    public Http2FrameWriter(PipeWriter output) {
        this.output = Objects.requireNonNull(output, "output");
    }

    /**
     * The peer's SETTINGS_MAX_FRAME_SIZE, once its SETTINGS frame carried one. §4.2: "An endpoint
     * MUST NOT send a frame with a length that exceeds the size set in SETTINGS_MAX_FRAME_SIZE".
     * Until then, the initial 16,384.
     */
    public void maxFrameSize(int peerMaxFrameSize) {
        this.maxFrameSize = (int) Http2Setting.MAX_FRAME_SIZE.requireValid(peerMaxFrameSize);
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }

    /** A SETTINGS frame with every setting {@code settings} contains, in identifier order; empty if none. */
    public void writeSettings(Http2Settings settings) {
        int count = 0;
        for (Http2Setting setting : SETTINGS) {
            count += settings.contains(setting) ? 1 : 0;
        }
        ByteBuffer memory = output.getMemory(HEADER + 6 * count);
        int at = memory.position();
        putHeader(memory, at, 6 * count, Http2FrameType.SETTINGS, 0, 0);
        at += HEADER;
        for (Http2Setting setting : SETTINGS) {
            if (settings.contains(setting)) {
                memory.put(at, (byte) (setting.id() >>> 8));
                memory.put(at + 1, (byte) setting.id());
                putInt(memory, at + 2, (int) settings.get(setting));
                at += 6;
            }
        }
        output.advance(HEADER + 6 * count);
    }

    /** §6.5.3: the SETTINGS frame with ACK and no payload that acknowledges the peer's. */
    public void writeSettingsAck() {
        ByteBuffer memory = output.getMemory(HEADER);
        putHeader(memory, memory.position(), 0, Http2FrameType.SETTINGS, Http2Flags.ACK, 0);
        output.advance(HEADER);
    }

    /** A PING (§6.7) of the server's own: keep-alive, or the round trip of a graceful shutdown. */
    public void writePing(long opaqueData) {
        writePing(0, opaqueData);
    }

    /** §6.7: "PING responses MUST set the ACK flag and ... MUST carry the same opaque data". */
    public void writePingAck(long opaqueData) {
        writePing(Http2Flags.ACK, opaqueData);
    }

    private void writePing(int flags, long opaqueData) {
        ByteBuffer memory = output.getMemory(HEADER + 8);
        int at = memory.position();
        putHeader(memory, at, 8, Http2FrameType.PING, flags, 0);
        putInt(memory, at + HEADER, (int) (opaqueData >>> 32));
        putInt(memory, at + HEADER + 4, (int) opaqueData);
        output.advance(HEADER + 8);
    }

    /**
     * A GOAWAY (§6.8). Debug data beyond what one frame holds is cut off.
     *
     * @param lastStreamId the highest stream the server processed or may still process: 2^31-1 to
     *     announce a graceful shutdown, the real last one after it
     * @param debugData opaque, for diagnostics (§6.8: "Debug information could contain security- or
     *     privacy-sensitive data"): never a request's content
     */
    public void writeGoAway(int lastStreamId, Http2ErrorCode errorCode, byte[] debugData) {
        if (lastStreamId < 0) {
            throw new IllegalArgumentException("last stream id must be 0 to 2^31-1, was " + lastStreamId);
        }
        int debugLength = Math.min(debugData.length, maxFrameSize - 8);
        ByteBuffer memory = output.getMemory(HEADER + 8);
        int at = memory.position();
        putHeader(memory, at, 8 + debugLength, Http2FrameType.GOAWAY, 0, 0);
        putInt(memory, at + HEADER, lastStreamId);
        putInt(memory, at + HEADER + 4, errorCode.code());
        output.advance(HEADER + 8);
        output.write(debugData, 0, debugLength);
    }

    /** A RST_STREAM (§6.4) on a stream. */
    public void writeRstStream(int streamId, Http2ErrorCode errorCode) {
        checkStream(streamId);
        ByteBuffer memory = output.getMemory(HEADER + 4);
        int at = memory.position();
        putHeader(memory, at, 4, Http2FrameType.RST_STREAM, 0, streamId);
        putInt(memory, at + HEADER, errorCode.code());
        output.advance(HEADER + 4);
    }

    /** A WINDOW_UPDATE (§6.9) on a stream, or on the connection when {@code streamId} is 0. */
    public void writeWindowUpdate(int streamId, int increment) {
        if (streamId < 0 || increment < 1) {
            // §6.9: "The legal range for the increment to the flow-control window is 1 to 2^31-1".
            throw new IllegalArgumentException("WINDOW_UPDATE of " + increment + " on stream " + streamId);
        }
        ByteBuffer memory = output.getMemory(HEADER + 4);
        int at = memory.position();
        putHeader(memory, at, 4, Http2FrameType.WINDOW_UPDATE, 0, streamId);
        putInt(memory, at + HEADER, increment);
        output.advance(HEADER + 4);
    }

    /** {@link #writeHeaders(int, byte[], int, int, boolean)} of the block an {@code HpackEncoder} wrote. */
    public void writeHeaders(int streamId, HeaderBlockBuffer block, boolean endStream) {
        writeHeaders(streamId, block.array(), 0, block.length(), endStream);
    }

    /**
     * A field block (§4.3) as a HEADERS frame and, when it is longer than the peer's frame size, the
     * CONTINUATION frames that carry the rest, back to back as §4.3 requires ("Field blocks MUST be
     * transmitted as a contiguous sequence of frames, with no interleaved frames of any other type
     * or from any other stream"). END_HEADERS is on the last frame; END_STREAM, for a response with
     * no body or for trailers, on the HEADERS frame, which is the only one that has it (§6.2: "a
     * HEADERS frame with the END_STREAM flag set can be followed by CONTINUATION frames").
     */
    public void writeHeaders(int streamId, byte[] block, int offset, int length, boolean endStream) {
        checkStream(streamId);
        Objects.checkFromIndexSize(offset, length, block.length);
        int first = Math.min(length, maxFrameSize);
        int end = offset + length;
        int flags = (endStream ? Http2Flags.END_STREAM : 0) | (first == length ? Http2Flags.END_HEADERS : 0);
        writeFrame(Http2FrameType.HEADERS, flags, streamId, block, offset, first);
        for (int at = offset + first; at < end; ) {
            int size = Math.min(end - at, maxFrameSize);
            writeFrame(Http2FrameType.CONTINUATION, at + size == end ? Http2Flags.END_HEADERS : 0, streamId, block, at, size);
            at += size;
        }
    }

    /**
     * {@code data[offset, offset + length)} as DATA frames (§6.1) of at most the peer's frame size,
     * END_STREAM on the last if {@code endStream}; an empty {@code length} with {@code endStream} is
     * one empty DATA frame that ends the stream. Never padded.
     */
    public void writeData(int streamId, byte[] data, int offset, int length, boolean endStream) {
        checkStream(streamId);
        Objects.checkFromIndexSize(offset, length, data.length);
        int end = offset + length;
        int at = offset;
        do {
            int size = Math.min(end - at, maxFrameSize);
            boolean last = at + size == end;
            writeFrame(Http2FrameType.DATA, last && endStream ? Http2Flags.END_STREAM : 0, streamId, data, at, size);
            at += size;
        } while (at < end);
    }

    /** Like {@link #writeData(int, byte[], int, int, boolean)} for {@code data}'s remaining bytes, which it consumes. */
    public void writeData(int streamId, ByteBuffer data, boolean endStream) {
        checkStream(streamId);
        int limit = data.limit();
        do {
            int size = Math.min(data.remaining(), maxFrameSize);
            boolean last = size == data.remaining();
            ByteBuffer memory = output.getMemory(HEADER);
            putHeader(memory, memory.position(), size, Http2FrameType.DATA, last && endStream ? Http2Flags.END_STREAM : 0, streamId);
            output.advance(HEADER);
            // A limit moved and restored rather than a slice: no buffer allocated per frame.
            data.limit(data.position() + size);
            output.write(data);
            data.limit(limit);
        } while (data.hasRemaining());
    }

    private void writeFrame(Http2FrameType type, int flags, int streamId, byte[] payload, int offset, int length) {
        ByteBuffer memory = output.getMemory(HEADER);
        putHeader(memory, memory.position(), length, type, flags, streamId);
        output.advance(HEADER);
        if (length > 0) {
            output.write(payload, offset, length);
        }
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
    // Written with absolute puts, byte by byte: pool memory is little-endian (MemoryBlock) and the
    // wire is big-endian.
    private static void putHeader(ByteBuffer memory, int at, int length, Http2FrameType type, int flags, int streamId) {
        memory.put(at, (byte) (length >>> 16));
        memory.put(at + 1, (byte) (length >>> 8));
        memory.put(at + 2, (byte) length);
        memory.put(at + 3, (byte) type.code());
        memory.put(at + 4, (byte) flags);
        putInt(memory, at + 5, streamId); // the reserved bit is 0: stream ids are below 2^31
    }

    private static void putInt(ByteBuffer memory, int at, int value) {
        memory.put(at, (byte) (value >>> 24));
        memory.put(at + 1, (byte) (value >>> 16));
        memory.put(at + 2, (byte) (value >>> 8));
        memory.put(at + 3, (byte) value);
    }

    private static void checkStream(int streamId) {
        if (streamId <= 0) {
            throw new IllegalArgumentException("a stream frame needs a stream, was " + streamId);
        }
    }
}
