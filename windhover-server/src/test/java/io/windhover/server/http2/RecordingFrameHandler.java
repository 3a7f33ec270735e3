package io.windhover.server.http2;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.SequenceReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes down every frame the reader reports as one line, so that tests compare transcripts:
 * {@code DATA 1 END_STREAM "hello" flow=6}. Payload octets are shown as ISO-8859-1 text.
 */
class RecordingFrameHandler implements Http2FrameHandler {

    final List<String> frames = new ArrayList<>();

    /** Reads every whole frame of {@code input} and returns the transcript; what is left over stays unread. */
    static List<String> readAll(Http2FrameReader reader, BufferSequence input) throws Http2Exception {
        var handler = new RecordingFrameHandler();
        var in = new SequenceReader(input);
        while (reader.readFrame(in, handler)) {
            // one more frame
        }
        return handler.frames;
    }

    static List<String> readAll(byte[]... segments) throws Http2Exception {
        return readAll(new Http2FrameReader(), BufferSequence.of(segments));
    }

    @Override
    public void onData(int streamId, boolean endStream, BufferSequence data, long dataStart, int dataLength,
            int flowControlledLength) {
        frames.add("DATA " + streamId + (endStream ? " END_STREAM " : " ")
                + quote(data.slice(dataStart, dataStart + dataLength).toArray()) + " flow=" + flowControlledLength);
    }

    @Override
    public void onHeaders(int streamId, boolean endStream, boolean endHeaders, byte[] fragment, int offset, int length) {
        frames.add("HEADERS " + streamId + (endStream ? " END_STREAM" : "") + (endHeaders ? " END_HEADERS " : " ")
                + quote(fragment, offset, length));
    }

    @Override
    public void onContinuation(int streamId, boolean endHeaders, byte[] fragment, int offset, int length) {
        frames.add("CONTINUATION " + streamId + (endHeaders ? " END_HEADERS " : " ") + quote(fragment, offset, length));
    }

    @Override
    public void onPriority(int streamId) {
        frames.add("PRIORITY " + streamId);
    }

    @Override
    public void onRstStream(int streamId, Http2ErrorCode errorCode) {
        frames.add("RST_STREAM " + streamId + " " + errorCode);
    }

    @Override
    public void onSettings(Http2Settings received) {
        frames.add("SETTINGS " + received);
    }

    @Override
    public void onSettingsAck() {
        frames.add("SETTINGS ACK");
    }

    @Override
    public void onPing(long opaqueData) {
        frames.add("PING " + Long.toHexString(opaqueData));
    }

    @Override
    public void onPingAck(long opaqueData) {
        frames.add("PING ACK " + Long.toHexString(opaqueData));
    }

    @Override
    public void onGoAway(int lastStreamId, Http2ErrorCode errorCode, BufferSequence debugData, long debugStart, int debugLength) {
        frames.add("GOAWAY " + lastStreamId + " " + errorCode + " "
                + quote(debugData.slice(debugStart, debugStart + debugLength).toArray()));
    }

    @Override
    public void onWindowUpdate(int streamId, int increment) throws Http2Exception {
        frames.add("WINDOW_UPDATE " + streamId + " " + increment);
    }

    @Override
    public void onUnknownFrame(int type, int flags, int streamId, int length) {
        frames.add("UNKNOWN type=" + type + " flags=" + flags + " stream=" + streamId + " length=" + length);
    }

    private static String quote(byte[] bytes) {
        return quote(bytes, 0, bytes.length);
    }

    private static String quote(byte[] bytes, int offset, int length) {
        return '"' + new String(bytes, offset, length, StandardCharsets.ISO_8859_1) + '"';
    }
}
