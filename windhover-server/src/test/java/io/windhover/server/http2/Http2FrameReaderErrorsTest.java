package io.windhover.server.http2;

import static io.windhover.server.http2.Http2ErrorCode.ENHANCE_YOUR_CALM;
import static io.windhover.server.http2.Http2ErrorCode.FLOW_CONTROL_ERROR;
import static io.windhover.server.http2.Http2ErrorCode.FRAME_SIZE_ERROR;
import static io.windhover.server.http2.Http2ErrorCode.PROTOCOL_ERROR;
import static io.windhover.server.http2.RawFrames.CONTINUATION;
import static io.windhover.server.http2.RawFrames.DATA;
import static io.windhover.server.http2.RawFrames.GOAWAY;
import static io.windhover.server.http2.RawFrames.HEADERS;
import static io.windhover.server.http2.RawFrames.PING;
import static io.windhover.server.http2.RawFrames.PRIORITY;
import static io.windhover.server.http2.RawFrames.PUSH_PROMISE;
import static io.windhover.server.http2.RawFrames.RST_STREAM;
import static io.windhover.server.http2.RawFrames.SETTINGS;
import static io.windhover.server.http2.RawFrames.WINDOW_UPDATE;
import static io.windhover.server.http2.RawFrames.concat;
import static io.windhover.server.http2.RawFrames.frame;
import static io.windhover.server.http2.RawFrames.header;
import static io.windhover.server.http2.RawFrames.int32;
import static io.windhover.server.http2.RawFrames.latin1;
import static io.windhover.server.http2.RawFrames.setting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.SequenceReader;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every MUST of RFC 9113 §4–6 the reader enforces, one row each: the octets a client sends, and the
 * exact error — connection (GOAWAY) or stream (RST_STREAM on which stream), and its code. A stream
 * error must leave the reader at the next frame: each row is followed by a PING, which is read
 * after a stream error.
 */
class Http2FrameReaderErrorsTest {

    private static final int C = 0; // a connection error: no stream
    private static final byte[] HEADERS_OPEN = frame(HEADERS, 0, 1, latin1("block"));

    static Stream<Arguments> refusedFrames() {
        return Stream.of(
                row("DATA on stream 0 (§6.1)", frame(DATA, 0, 0, latin1("x")), C, PROTOCOL_ERROR),
                row("padded DATA without its Pad Length (§4.2)", frame(DATA, Http2Flags.PADDED, 1), C, FRAME_SIZE_ERROR),
                row("DATA padding as long as the payload (§6.1)", frame(DATA, Http2Flags.PADDED, 1, 3, 'a', 'b'), C, PROTOCOL_ERROR),
                row("DATA padding longer than the payload (§6.1)", frame(DATA, Http2Flags.PADDED, 1, 255), C, PROTOCOL_ERROR),
                row("HEADERS on stream 0 (§6.2)", frame(HEADERS, Http2Flags.END_HEADERS, 0, latin1("x")), C, PROTOCOL_ERROR),
                row("HEADERS too short for Pad Length and priority (§4.2)",
                        frame(HEADERS, Http2Flags.PADDED | Http2Flags.PRIORITY | Http2Flags.END_HEADERS, 1, 0, 0, 0, 0, 3), C, FRAME_SIZE_ERROR),
                row("padded HEADERS without its Pad Length (§4.2)", frame(HEADERS, Http2Flags.PADDED | Http2Flags.END_HEADERS, 1), C, FRAME_SIZE_ERROR),
                row("HEADERS padding past the fragment (§6.2)",
                        frame(HEADERS, Http2Flags.PADDED | Http2Flags.END_HEADERS, 1, 3, 'a', 'b'), C, PROTOCOL_ERROR),
                row("HEADERS padding past the priority fields (§6.2)",
                        frame(HEADERS, Http2Flags.PADDED | Http2Flags.PRIORITY | Http2Flags.END_HEADERS, 1, 1, 0, 0, 0, 3, 9), C, PROTOCOL_ERROR),
                row("HEADERS depending on its own stream (§5.3.1)",
                        frame(HEADERS, Http2Flags.PRIORITY | Http2Flags.END_HEADERS, 3, concat(int32(0x8000_0003L), new byte[] {1})), 3, PROTOCOL_ERROR),
                row("PRIORITY on stream 0 (§6.3)", frame(PRIORITY, 0, 0, concat(int32(1), new byte[] {1})), C, PROTOCOL_ERROR),
                row("PRIORITY of 4 octets (§6.3)", frame(PRIORITY, 0, 5, int32(1)), 5, FRAME_SIZE_ERROR),
                row("PRIORITY of 6 octets (§6.3)", frame(PRIORITY, 0, 5, concat(int32(1), new byte[2])), 5, FRAME_SIZE_ERROR),
                row("PRIORITY depending on its own stream (§5.3.1)", frame(PRIORITY, 0, 5, concat(int32(5), new byte[] {1})), 5, PROTOCOL_ERROR),
                row("RST_STREAM on stream 0 (§6.4)", frame(RST_STREAM, 0, 0, int32(8)), C, PROTOCOL_ERROR),
                row("RST_STREAM of 3 octets (§6.4)", frame(RST_STREAM, 0, 1, 0, 0, 8), C, FRAME_SIZE_ERROR),
                row("RST_STREAM of 5 octets (§6.4)", frame(RST_STREAM, 0, 1, 0, 0, 0, 8, 0), C, FRAME_SIZE_ERROR),
                row("SETTINGS on stream 1 (§6.5)", frame(SETTINGS, 0, 1), C, PROTOCOL_ERROR),
                row("SETTINGS ACK with a payload (§6.5)", frame(SETTINGS, Http2Flags.ACK, 0, setting(4, 1)), C, FRAME_SIZE_ERROR),
                row("SETTINGS of 5 octets (§6.5)", frame(SETTINGS, 0, 0, 0, 4, 0, 0, 0), C, FRAME_SIZE_ERROR),
                row("SETTINGS of 7 octets (§6.5)", frame(SETTINGS, 0, 0, concat(setting(4, 1), new byte[1])), C, FRAME_SIZE_ERROR),
                row("SETTINGS_ENABLE_PUSH of 2 (§6.5.2)", frame(SETTINGS, 0, 0, setting(2, 2)), C, PROTOCOL_ERROR),
                row("SETTINGS_INITIAL_WINDOW_SIZE of 2^31 (§6.5.2)", frame(SETTINGS, 0, 0, setting(4, 1L << 31)), C, FLOW_CONTROL_ERROR),
                row("SETTINGS_MAX_FRAME_SIZE of 2^14 - 1 (§6.5.2)", frame(SETTINGS, 0, 0, setting(5, (1 << 14) - 1)), C, PROTOCOL_ERROR),
                row("SETTINGS_MAX_FRAME_SIZE of 2^24 (§6.5.2)", frame(SETTINGS, 0, 0, setting(5, 1 << 24)), C, PROTOCOL_ERROR),
                row("SETTINGS_ENABLE_CONNECT_PROTOCOL of 2 (RFC 8441 §3)", frame(SETTINGS, 0, 0, setting(8, 2)), C, PROTOCOL_ERROR),
                row("a bad value after good ones (§6.5.2)", frame(SETTINGS, 0, 0, concat(setting(4, 1), setting(2, 7))), C, PROTOCOL_ERROR),
                row("PUSH_PROMISE from a client (§8.4)", frame(PUSH_PROMISE, Http2Flags.END_HEADERS, 1, int32(2)), C, PROTOCOL_ERROR),
                row("PING on stream 1 (§6.7)", frame(PING, 0, 1, new byte[8]), C, PROTOCOL_ERROR),
                row("PING of 7 octets (§6.7)", frame(PING, 0, 0, new byte[7]), C, FRAME_SIZE_ERROR),
                row("PING ACK of 9 octets (§6.7)", frame(PING, Http2Flags.ACK, 0, new byte[9]), C, FRAME_SIZE_ERROR),
                row("GOAWAY on stream 1 (§6.8)", frame(GOAWAY, 0, 1, new byte[8]), C, PROTOCOL_ERROR),
                row("GOAWAY of 7 octets (§4.2)", frame(GOAWAY, 0, 0, new byte[7]), C, FRAME_SIZE_ERROR),
                row("WINDOW_UPDATE of 3 octets (§6.9)", frame(WINDOW_UPDATE, 0, 1, 0, 0, 1), C, FRAME_SIZE_ERROR),
                row("WINDOW_UPDATE of 5 octets on a stream (§6.9)", frame(WINDOW_UPDATE, 0, 1, 0, 0, 0, 1, 0), C, FRAME_SIZE_ERROR),
                row("WINDOW_UPDATE of 0 on a stream (§6.9)", frame(WINDOW_UPDATE, 0, 7, int32(0)), 7, PROTOCOL_ERROR),
                row("WINDOW_UPDATE of 0 with the reserved bit set (§6.9)", frame(WINDOW_UPDATE, 0, 7, int32(0x8000_0000L)), 7, PROTOCOL_ERROR),
                row("WINDOW_UPDATE of 0 on the connection (§6.9)", frame(WINDOW_UPDATE, 0, 0, int32(0)), C, PROTOCOL_ERROR),
                row("CONTINUATION outside a field block (§6.10)", frame(CONTINUATION, Http2Flags.END_HEADERS, 1, latin1("x")), C, PROTOCOL_ERROR),
                row("CONTINUATION on stream 0 (§6.10)", frame(CONTINUATION, Http2Flags.END_HEADERS, 0, latin1("x")), C, PROTOCOL_ERROR),
                row("CONTINUATION after the block ended (§6.10)", concat(frame(HEADERS, Http2Flags.END_HEADERS, 1, latin1("a")),
                        frame(CONTINUATION, Http2Flags.END_HEADERS, 1, latin1("b"))), C, PROTOCOL_ERROR),
                row("DATA inside a field block (§6.2)", concat(HEADERS_OPEN, frame(DATA, 0, 1, latin1("x"))), C, PROTOCOL_ERROR),
                row("PING inside a field block (§6.2)", concat(HEADERS_OPEN, frame(PING, 0, 0, new byte[8])), C, PROTOCOL_ERROR),
                row("HEADERS inside a field block (§6.2)", concat(HEADERS_OPEN, frame(HEADERS, Http2Flags.END_HEADERS, 3, latin1("x"))), C, PROTOCOL_ERROR),
                row("CONTINUATION on another stream (§6.2)", concat(HEADERS_OPEN, frame(CONTINUATION, Http2Flags.END_HEADERS, 3, latin1("x"))), C, PROTOCOL_ERROR),
                row("CONTINUATION on stream 0 inside a block (§6.10)", concat(HEADERS_OPEN, frame(CONTINUATION, Http2Flags.END_HEADERS, 0, latin1("x"))), C, PROTOCOL_ERROR),
                row("an unknown frame type inside a field block (§5.5)", concat(HEADERS_OPEN, frame(0xa, 0, 1, latin1("x"))), C, PROTOCOL_ERROR),
                row("DATA one octet over SETTINGS_MAX_FRAME_SIZE (§4.2)", header(16_385, DATA, 0, 1), C, FRAME_SIZE_ERROR),
                row("HEADERS one octet over SETTINGS_MAX_FRAME_SIZE (§4.2)", header(16_385, HEADERS, 4, 1), C, FRAME_SIZE_ERROR),
                row("an unknown type over SETTINGS_MAX_FRAME_SIZE (§4.2)", header(0xFF_FFFF, 0xee, 0, 0), C, FRAME_SIZE_ERROR),
                row("a field block over its limit (CONTINUATION flood, §10.5)", continuationFlood(), C, ENHANCE_YOUR_CALM));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedFrames")
    void refusesWithTheRfcsScopeAndCode(String rule, byte[] octets, int streamId, Http2ErrorCode code) throws Exception {
        var reader = new Http2FrameReader();
        var handler = new RecordingFrameHandler();
        byte[] ping = frame(PING, 0, 0, 0, 0, 0, 0, 0, 0, 0, 42);
        var in = new SequenceReader(BufferSequence.of(concat(octets, ping)));
        assertThatThrownBy(() -> {
            while (reader.readFrame(in, handler)) {
                // frames before the refused one
            }
        }).isInstanceOfSatisfying(Http2Exception.class, e -> {
            assertThat(e.scope()).as(e.toString()).isEqualTo(streamId == C ? Http2Exception.Scope.CONNECTION : Http2Exception.Scope.STREAM);
            assertThat(e.streamId()).as(e.toString()).isEqualTo(streamId);
            assertThat(e.errorCode()).as(e.toString()).isEqualTo(code);
        });
        if (streamId != C) {
            assertThat(reader.readFrame(in, handler)).as("a stream error consumed its frame").isTrue();
            assertThat(handler.frames).last().isEqualTo("PING 2a");
        }
    }

    /** 64 KiB of empty CONTINUATIONs: no octet of field block, but 9 octets of frame each. */
    private static byte[] continuationFlood() {
        byte[] empty = frame(CONTINUATION, 0, 1);
        byte[][] frames = new byte[1 + Http2FrameReader.DEFAULT_MAX_HEADER_BLOCK_SIZE / empty.length][];
        frames[0] = HEADERS_OPEN;
        for (int i = 1; i < frames.length; i++) {
            frames[i] = empty;
        }
        return concat(frames);
    }

    private static Arguments row(String rule, byte[] octets, int streamId, Http2ErrorCode code) {
        return Arguments.of(rule, octets, streamId, code);
    }
}
