package io.windhover.server.http2;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.SequenceReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes {@link Http2FrameReader} the way the HTTP/2 connection drives it: the input is what a
 * client sent after the preface, read frame by frame, a stream error answered and read past, a
 * connection error the end. Whatever the bytes, it checks that
 * <ul>
 *   <li>the reader reports frames or throws {@link Http2Exception}, never another exception;</li>
 *   <li>the outcome — the frames, the stream errors, the connection error — is the same whether
 *       the bytes come whole, in two segments cut at an input-derived point, or fed to one reader a
 *       byte at a time as a connection's input grows;</li>
 *   <li>what is reported keeps the rules the reader promises the engine: DATA within its payload
 *       and the frame size, field block fragments only on streams and only as HEADERS then
 *       CONTINUATIONs on one stream, increments of 1 to 2^31-1, settings within their ranges.</li>
 * </ul>
 *
 * <p>The seed corpus is in {@code Http2FrameReaderFuzzTestInputs/frames}, one raw frame sequence
 * per file. {@code ./mvnw test} runs it (and every finding kept there) in Jazzer's regression mode;
 * {@code bin/fuzz http2-frames 120} fuzzes for two minutes.
 */
class Http2FrameReaderFuzzTest {

    /** The frames reported and the errors thrown, in order; a connection error ends it. */
    private record Outcome(List<String> events, long consumed) {
    }

    @FuzzTest
    void frames(byte[] data) throws Exception {
        int cut = data.length == 0 ? 0 : Math.floorMod(Arrays.hashCode(data), data.length + 1);
        Outcome whole = readWhole(BufferSequence.of(data));
        Outcome split = readWhole(BufferSequence.of(Arrays.copyOf(data, cut), Arrays.copyOfRange(data, cut, data.length)));
        assertThat(split).as("cut at %d", cut).isEqualTo(whole);
        assertThat(readByteAtATime(data)).as("a byte at a time").isEqualTo(whole);
        assertThat(whole.consumed()).isLessThanOrEqualTo(data.length);
    }

    private static Outcome readWhole(BufferSequence input) {
        var handler = new CheckingHandler();
        var reader = new Http2FrameReader();
        var in = new SequenceReader(input);
        while (true) {
            try {
                if (!reader.readFrame(in, handler)) {
                    break;
                }
            } catch (Http2Exception e) {
                handler.frames.add(e.toString());
                if (e.isConnectionError()) {
                    break;
                }
            }
        }
        return new Outcome(handler.frames, in.consumed());
    }

    private static Outcome readByteAtATime(byte[] data) {
        var handler = new CheckingHandler();
        var reader = new Http2FrameReader();
        int consumed = 0;
        for (int available = 0; available <= data.length; available++) {
            var in = new SequenceReader(BufferSequence.of(data, consumed, available - consumed));
            try {
                while (reader.readFrame(in, handler)) {
                    // the frames this octet completed
                }
                consumed += (int) in.consumed();
            } catch (Http2Exception e) {
                handler.frames.add(e.toString());
                consumed += (int) in.consumed();
                if (e.isConnectionError()) {
                    break;
                }
                available--; // a stream error: read on from the next frame before the next octet arrives
            }
        }
        return new Outcome(handler.frames, consumed);
    }

    /** Records like its parent, and fails on a report that breaks what the reader promises. */
    private static final class CheckingHandler extends RecordingFrameHandler {
        /** The stream of the open field block, 0 when none. */
        private int openBlock;

        private void frame(String type, int streamId) {
            assertThat(streamId).as(type).isNotNegative();
            if (openBlock != 0) {
                assertThat(type).isEqualTo("CONTINUATION");
                assertThat(streamId).isEqualTo(openBlock);
            }
        }

        @Override
        public void onData(int streamId, boolean endStream, BufferSequence data, long dataStart, int dataLength,
                int flowControlledLength) {
            frame("DATA", streamId);
            assertThat(streamId).isPositive();
            assertThat(dataLength).isBetween(0, flowControlledLength);
            assertThat(flowControlledLength).isLessThanOrEqualTo(Http2Setting.MIN_MAX_FRAME_SIZE);
            assertThat(dataStart).isGreaterThanOrEqualTo(data.start());
            assertThat(dataStart + dataLength).isLessThanOrEqualTo(data.end());
            super.onData(streamId, endStream, data, dataStart, dataLength, flowControlledLength);
        }

        @Override
        public void onHeaders(int streamId, boolean endStream, boolean endHeaders, byte[] fragment, int offset, int length) {
            frame("HEADERS", streamId);
            assertThat(streamId).isPositive();
            assertThat(length).isBetween(0, Http2Setting.MIN_MAX_FRAME_SIZE);
            openBlock = endHeaders ? 0 : streamId;
            super.onHeaders(streamId, endStream, endHeaders, fragment, offset, length);
        }

        @Override
        public void onContinuation(int streamId, boolean endHeaders, byte[] fragment, int offset, int length) {
            assertThat(openBlock).as("a CONTINUATION inside a block").isEqualTo(streamId).isPositive();
            assertThat(length).isBetween(0, Http2Setting.MIN_MAX_FRAME_SIZE);
            openBlock = endHeaders ? 0 : streamId;
            super.onContinuation(streamId, endHeaders, fragment, offset, length);
        }

        @Override
        public void onPriority(int streamId) {
            frame("PRIORITY", streamId);
            assertThat(streamId).isPositive();
            super.onPriority(streamId);
        }

        @Override
        public void onRstStream(int streamId, Http2ErrorCode errorCode) {
            frame("RST_STREAM", streamId);
            assertThat(streamId).isPositive();
            super.onRstStream(streamId, errorCode);
        }

        @Override
        public void onSettings(Http2Settings received) {
            frame("SETTINGS", 0);
            for (Http2Setting setting : Http2Setting.values()) {
                assertThat(setting.isValid(received.get(setting)) || !received.contains(setting)).as(setting.name()).isTrue();
            }
            super.onSettings(received);
        }

        @Override
        public void onSettingsAck() {
            frame("SETTINGS", 0);
            super.onSettingsAck();
        }

        @Override
        public void onPing(long opaqueData) {
            frame("PING", 0);
            super.onPing(opaqueData);
        }

        @Override
        public void onPingAck(long opaqueData) {
            frame("PING", 0);
            super.onPingAck(opaqueData);
        }

        @Override
        public void onGoAway(int lastStreamId, Http2ErrorCode errorCode, BufferSequence debugData, long debugStart, int debugLength) {
            frame("GOAWAY", lastStreamId);
            assertThat(debugLength).isBetween(0, Http2Setting.MIN_MAX_FRAME_SIZE - 8);
            super.onGoAway(lastStreamId, errorCode, debugData, debugStart, debugLength);
        }

        @Override
        public void onWindowUpdate(int streamId, int increment) throws Http2Exception {
            frame("WINDOW_UPDATE", streamId);
            assertThat(increment).isPositive();
            super.onWindowUpdate(streamId, increment);
        }

        @Override
        public void onUnknownFrame(int type, int flags, int streamId, int length) {
            frame("UNKNOWN", streamId);
            assertThat(Http2FrameType.of(type)).isNull();
            super.onUnknownFrame(type, flags, streamId, length);
        }
    }
}
