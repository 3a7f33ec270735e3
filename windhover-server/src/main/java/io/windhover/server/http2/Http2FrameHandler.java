package io.windhover.server.http2;

import io.windhover.buffers.BufferSequence;

/**
 * Receives the frames {@link Http2FrameReader} reads, one method per frame type (Kestrel's frame
 * dispatch in {@code Http2Connection}, Netty's {@code Http2FrameListener}). The HTTP/2 connection
 * implements it.
 *
 * <p>By the time a method runs the reader has checked everything RFC 9113 §6 says of the frame on
 * its own — its stream identifier's being zero or not, its length, its padding, its flags, the
 * order of a field block's frames — and has consumed the frame, so that a stream error the
 * method throws leaves the reader at the next frame. What needs the connection's state (which
 * streams exist, their states, the windows) is the method's to check. Each method may throw an
 * {@link Http2Exception}; the reader passes it on untouched.
 *
 * <p><b>Lifetime of the bytes.</b> The {@link BufferSequence} handed with DATA and GOAWAY is the
 * reader's input, valid until the connection advances its pipe past it: copy out what must last.
 * The array handed with a field block fragment is the reader's, reused for the next frame: decode
 * it (into {@code HpackDecoder.decode(fragment, offset, length, endHeaders, ...)}) before
 * returning.
 *
 * <p>Methods run on the thread that calls the reader (the connection's frame loop) and must not
 * block on application code.
 */
public interface Http2FrameHandler {

    /**
     * A DATA frame (RFC 9113 §6.1).
     *
     * @param data the reader's input; the frame's data are {@code [dataStart, dataStart + dataLength)}
     * @param flowControlledLength the whole payload, Pad Length and padding included: §6.1 "The
     *     entire DATA frame payload is included in flow control, including the Pad Length and
     *     Padding fields if present." What the connection and stream windows are charged.
     */
    void onData(int streamId, boolean endStream, BufferSequence data, long dataStart, int dataLength,
            int flowControlledLength) throws Http2Exception;

    /**
     * A HEADERS frame (§6.2) with its field block fragment, padding and priority fields removed.
     * Unless {@code endHeaders}, CONTINUATION frames on the same stream follow, and nothing else
     * (the reader enforces it).
     *
     * <p>The fragment must be decoded even if the stream is refused or reset: §4.3 "A receiver MUST
     * terminate the connection with a connection error ... of type COMPRESSION_ERROR if it does not
     * decompress a field block", and HPACK's table would fall out of step otherwise. For the same
     * reason, when the frame's priority names its own stream (a stream error, §5.3.1), the reader
     * calls this method first and throws the stream error after it returns: the engine decodes the
     * block as usual and treats the stream as reset when the exception reaches it.
     */
    void onHeaders(int streamId, boolean endStream, boolean endHeaders, byte[] fragment, int offset, int length)
            throws Http2Exception;

    /** A CONTINUATION frame (§6.10): the next fragment of the field block {@link #onHeaders} began. */
    void onContinuation(int streamId, boolean endHeaders, byte[] fragment, int offset, int length) throws Http2Exception;

    /**
     * A PRIORITY frame (§6.3). RFC 9113 §5.3.2 deprecates the priority scheme and Windhover ignores
     * its values; the method exists so that the engine can count PRIORITY frames against a flood.
     */
    void onPriority(int streamId) throws Http2Exception;

    /** A RST_STREAM frame (§6.4); an unknown error code arrives as INTERNAL_ERROR (§7). */
    void onRstStream(int streamId, Http2ErrorCode errorCode) throws Http2Exception;

    /**
     * A SETTINGS frame without ACK (§6.5): the values it carried, each one checked against the
     * RFC's range, unknown identifiers dropped. The object is the reader's and is cleared for the
     * next frame: {@link Http2Settings#putAll} it into the peer's settings, then acknowledge.
     */
    void onSettings(Http2Settings received) throws Http2Exception;

    /** A SETTINGS frame with ACK (§6.5.3): the peer applied our last SETTINGS. */
    void onSettingsAck() throws Http2Exception;

    /** A PING frame without ACK (§6.7), to be answered with a PING ACK carrying {@code opaqueData}. */
    void onPing(long opaqueData) throws Http2Exception;

    /** A PING frame with ACK (§6.7): the answer to one of ours. */
    void onPingAck(long opaqueData) throws Http2Exception;

    /**
     * A GOAWAY frame (§6.8). An unknown error code arrives as INTERNAL_ERROR (§7).
     *
     * @param debugData the reader's input; the opaque debug data are {@code [debugStart, debugStart + debugLength)}
     */
    void onGoAway(int lastStreamId, Http2ErrorCode errorCode, BufferSequence debugData, long debugStart,
            int debugLength) throws Http2Exception;

    /** A WINDOW_UPDATE frame (§6.9) on a stream, or on the connection when {@code streamId} is 0; {@code increment} is 1 to 2^31-1. */
    void onWindowUpdate(int streamId, int increment) throws Http2Exception;

    /**
     * A frame of a type RFC 9113 does not define, outside a field block: §4.1 "Implementations MUST
     * ignore and discard frames of unknown types." It has been consumed; by default nothing else
     * happens. An engine may count these against a flood.
     */
    default void onUnknownFrame(int type, int flags, int streamId, int length) throws Http2Exception {
    }
}
