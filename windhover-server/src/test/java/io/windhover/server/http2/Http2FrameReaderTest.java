package io.windhover.server.http2;

import static io.windhover.server.http2.RawFrames.CONTINUATION;
import static io.windhover.server.http2.RawFrames.DATA;
import static io.windhover.server.http2.RawFrames.GOAWAY;
import static io.windhover.server.http2.RawFrames.HEADERS;
import static io.windhover.server.http2.RawFrames.PING;
import static io.windhover.server.http2.RawFrames.PRIORITY;
import static io.windhover.server.http2.RawFrames.RST_STREAM;
import static io.windhover.server.http2.RawFrames.SETTINGS;
import static io.windhover.server.http2.RawFrames.WINDOW_UPDATE;
import static io.windhover.server.http2.RawFrames.concat;
import static io.windhover.server.http2.RawFrames.frame;
import static io.windhover.server.http2.RawFrames.header;
import static io.windhover.server.http2.RawFrames.int32;
import static io.windhover.server.http2.RawFrames.latin1;
import static io.windhover.server.http2.RawFrames.setting;
import static io.windhover.server.http2.RecordingFrameHandler.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.SequenceReader;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What the reader reports for each frame type RFC 9113 §6 defines, and what it ignores (§4.1, §5.5). */
class Http2FrameReaderTest {

    @Test
    void readsDataWithItsEndStreamFlag() throws Exception {
        assertThat(readAll(frame(DATA, Http2Flags.END_STREAM, 1, latin1("hello"))))
                .containsExactly("DATA 1 END_STREAM \"hello\" flow=5");
    }

    @Test
    void removesDataPaddingButChargesTheWholePayloadToFlowControl() throws Exception {
        byte[] payload = concat(new byte[] {3}, latin1("hello"), new byte[3]);
        assertThat(readAll(frame(DATA, Http2Flags.PADDED, 1, payload))).containsExactly("DATA 1 \"hello\" flow=9");
    }

    @Test
    void acceptsPaddingThatLeavesNoData() throws Exception {
        // Pad Length 4 in a payload of 5: the largest padding §6.1 allows.
        assertThat(readAll(frame(DATA, Http2Flags.PADDED, 1, 4, 0, 0, 0, 0))).containsExactly("DATA 1 \"\" flow=5");
    }

    @Test
    void readsHeadersAndSkipsPaddingAndPriorityFields() throws Exception {
        byte[] payload = concat(new byte[] {2}, int32(0x8000_0003L), new byte[] {(byte) 200}, latin1("block"), new byte[2]);
        int flags = Http2Flags.PADDED | Http2Flags.PRIORITY | Http2Flags.END_HEADERS | Http2Flags.END_STREAM;
        assertThat(readAll(frame(HEADERS, flags, 5, payload))).containsExactly("HEADERS 5 END_STREAM END_HEADERS \"block\"");
    }

    @Test
    void readsAFieldBlockAcrossContinuations() throws Exception {
        var reader = new Http2FrameReader();
        byte[] frames = concat(
                frame(HEADERS, Http2Flags.END_STREAM, 1, latin1("one")),
                frame(CONTINUATION, 0, 1, latin1("two")),
                frame(CONTINUATION, Http2Flags.END_HEADERS, 1, latin1("three")),
                frame(PING, 0, 0, new byte[8]));
        assertThat(readAll(reader, BufferSequence.of(frames))).containsExactly(
                "HEADERS 1 END_STREAM \"one\"",
                "CONTINUATION 1 \"two\"",
                "CONTINUATION 1 END_HEADERS \"three\"",
                "PING 0");
        assertThat(reader.isInHeaderBlock()).isFalse();
    }

    @Test
    void readsPriorityAndDropsItsValues() throws Exception {
        assertThat(readAll(frame(PRIORITY, 0, 3, concat(int32(1), new byte[] {15})))).containsExactly("PRIORITY 3");
    }

    @Test
    void readsRstStreamAndTakesAnUnknownCodeForInternalError() throws Exception {
        assertThat(readAll(frame(RST_STREAM, 0, 1, int32(8)), frame(RST_STREAM, 0, 3, int32(0xFFFF_FFFFL))))
                .containsExactly("RST_STREAM 1 CANCEL", "RST_STREAM 3 INTERNAL_ERROR");
    }

    @Test
    void readsEverySettingAndIgnoresUnknownIdentifiers() throws Exception {
        byte[] payload = concat(setting(1, 0), setting(2, 0), setting(3, 100), setting(4, 0x7FFF_FFFFL),
                setting(5, 0xFF_FFFF), setting(6, 0xFFFF_FFFFL), setting(7, 99), setting(8, 1), setting(0xFFFF, 0xFFFF_FFFFL));
        assertThat(readAll(frame(SETTINGS, 0, 0, payload))).containsExactly("SETTINGS {HEADER_TABLE_SIZE=0, ENABLE_PUSH=0, "
                + "MAX_CONCURRENT_STREAMS=100, INITIAL_WINDOW_SIZE=2147483647, MAX_FRAME_SIZE=16777215, "
                + "MAX_HEADER_LIST_SIZE=4294967295, ENABLE_CONNECT_PROTOCOL=1}");
    }

    @Test
    void keepsTheLastOfARepeatedSettingAndForgetsTheLastFramesValues() throws Exception {
        assertThat(readAll(frame(SETTINGS, 0, 0, concat(setting(4, 10), setting(4, 20))), frame(SETTINGS, 0, 0, new byte[0]),
                frame(SETTINGS, Http2Flags.ACK, 0, new byte[0])))
                .containsExactly("SETTINGS {INITIAL_WINDOW_SIZE=20}", "SETTINGS {}", "SETTINGS ACK");
    }

    @Test
    void readsPingsAndTheirAcks() throws Exception {
        byte[] opaque = {1, 2, 3, 4, 5, 6, 7, (byte) 0x88};
        assertThat(readAll(frame(PING, 0, 0, opaque), frame(PING, Http2Flags.ACK, 0, opaque)))
                .containsExactly("PING 102030405060788", "PING ACK 102030405060788");
    }

    @Test
    void readsGoAwayWithDebugDataIgnoringTheReservedBit() throws Exception {
        assertThat(readAll(frame(GOAWAY, 0, 0, concat(int32(0x8000_0007L), int32(0xb), latin1("calm down")))))
                .containsExactly("GOAWAY 7 ENHANCE_YOUR_CALM \"calm down\"");
    }

    @Test
    void readsWindowUpdatesOnTheConnectionAndOnStreamsIgnoringTheReservedBit() throws Exception {
        assertThat(readAll(frame(WINDOW_UPDATE, 0, 0, int32(0xFFFF_FFFFL)), frame(WINDOW_UPDATE, 0, 1, int32(1))))
                .containsExactly("WINDOW_UPDATE 0 2147483647", "WINDOW_UPDATE 1 1");
    }

    @Test
    void ignoresTheReservedBitOfTheStreamIdentifier() throws Exception {
        assertThat(readAll(frame(DATA, 0, 0x8000_0001, latin1("x")))).containsExactly("DATA 1 \"x\" flow=1");
    }

    @Test
    void reportsUnknownFrameTypesApartAndReadsOn() throws Exception {
        assertThat(readAll(frame(0xa, 0xff, 3, latin1("altsvc?")), frame(0xff, 0, 0, new byte[0]), frame(PING, 0, 0, new byte[8])))
                .containsExactly("UNKNOWN type=10 flags=255 stream=3 length=7", "UNKNOWN type=255 flags=0 stream=0 length=0", "PING 0");
    }

    @Test
    void ignoresFlagsATypeDoesNotDefine() throws Exception {
        int allButPadded = 0xFF & ~Http2Flags.PADDED;
        int allButPaddedAndPriority = allButPadded & ~Http2Flags.PRIORITY;
        assertThat(readAll(
                frame(DATA, allButPadded & ~Http2Flags.END_STREAM, 1, latin1("a")),
                frame(HEADERS, allButPaddedAndPriority, 3, latin1("b")),
                frame(PRIORITY, 0xFF, 3, concat(int32(1), new byte[] {1})),
                frame(RST_STREAM, 0xFF, 3, int32(0)),
                frame(SETTINGS, 0xFE, 0, new byte[0]),
                frame(PING, 0xFE, 0, new byte[8]),
                frame(GOAWAY, 0xFF, 0, new byte[8]),
                frame(WINDOW_UPDATE, 0xFF, 0, int32(5))))
                .containsExactly("DATA 1 \"a\" flow=1", "HEADERS 3 END_STREAM END_HEADERS \"b\"", "PRIORITY 3",
                        "RST_STREAM 3 NO_ERROR", "SETTINGS {}", "PING 0", "GOAWAY 0 NO_ERROR \"\"", "WINDOW_UPDATE 0 5");
    }

    @Test
    void acceptsAFrameOfExactlyTheMaxFrameSize() throws Exception {
        byte[] data = new byte[16_384];
        Arrays.fill(data, (byte) 'd');
        assertThat(readAll(frame(DATA, 0, 1, data))).containsExactly("DATA 1 \"" + "d".repeat(16_384) + "\" flow=16384");
        assertThat(readAll(frame(HEADERS, Http2Flags.END_HEADERS, 1, data))).hasSize(1);
    }

    @Test
    void refusesAFrameOneOctetOverTheMaxFrameSizeFromItsHeaderAlone() {
        // Only the header: the reader answers before 16 KiB of payload arrive.
        assertThatThrownBy(() -> readAll(header(16_385, DATA, 0, 1)))
                .isInstanceOfSatisfying(Http2Exception.class, e -> {
                    assertThat(e.scope()).isEqualTo(Http2Exception.Scope.CONNECTION);
                    assertThat(e.errorCode()).isEqualTo(Http2ErrorCode.FRAME_SIZE_ERROR);
                });
    }

    @Test
    void appliesTheMaxFrameSizeItIsGiven() throws Exception {
        var reader = new Http2FrameReader(20_000, 100_000);
        assertThat(readAll(reader, BufferSequence.of(frame(DATA, 0, 1, new byte[20_000])))).hasSize(1);
        assertThatThrownBy(() -> readAll(reader, BufferSequence.of(header(20_001, DATA, 0, 1))))
                .isInstanceOfSatisfying(Http2Exception.class, e -> assertThat(e.errorCode()).isEqualTo(Http2ErrorCode.FRAME_SIZE_ERROR));
        reader.maxFrameSize(16_384);
        assertThatThrownBy(() -> readAll(reader, BufferSequence.of(header(16_385, SETTINGS, 0, 0))))
                .isInstanceOfSatisfying(Http2Exception.class, e -> assertThat(e.errorCode()).isEqualTo(Http2ErrorCode.FRAME_SIZE_ERROR));
    }

    @Test
    void refusesMaxFrameSizesOutsideTheRfcsRange() {
        assertThatThrownBy(() -> new Http2FrameReader(16_383, 100_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Http2FrameReader().maxFrameSize(1 << 24)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Http2FrameReader(16_384, 16_384)).as("a block must hold one full frame")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsAFieldBlockOfExactlyItsLimitOnTheWireAndRefusesOneOctetMore() throws Exception {
        // 20,000 octets of frames, headers included: HEADERS 9 + 10,000, CONTINUATION 9 + 9,982.
        byte[] atLimit = concat(frame(HEADERS, 0, 1, new byte[10_000]), frame(CONTINUATION, Http2Flags.END_HEADERS, 1, new byte[9_982]));
        assertThat(readAll(new Http2FrameReader(16_384, 20_000), BufferSequence.of(atLimit))).hasSize(2);
        byte[] overLimit = concat(frame(HEADERS, 0, 1, new byte[10_000]), header(9_983, CONTINUATION, Http2Flags.END_HEADERS, 1));
        assertThatThrownBy(() -> readAll(new Http2FrameReader(16_384, 20_000), BufferSequence.of(overLimit)))
                .isInstanceOfSatisfying(Http2Exception.class, e -> {
                    assertThat(e.scope()).isEqualTo(Http2Exception.Scope.CONNECTION);
                    assertThat(e.errorCode()).isEqualTo(Http2ErrorCode.ENHANCE_YOUR_CALM);
                });
    }

    @Test
    void startsEachFieldBlockWithAFreshLimit() throws Exception {
        var reader = new Http2FrameReader(16_384, 20_000);
        byte[] block = concat(frame(HEADERS, 0, 1, new byte[10_000]), frame(CONTINUATION, Http2Flags.END_HEADERS, 1, new byte[9_982]));
        assertThat(readAll(reader, BufferSequence.of(concat(block, block, block)))).hasSize(6);
    }

    @Test
    void consumesNothingOfAnIncompleteFrame() throws Exception {
        byte[] ping = frame(PING, 0, 0, new byte[8]);
        var in = new SequenceReader(BufferSequence.of(concat(ping, Arrays.copyOf(ping, 16))));
        var handler = new RecordingFrameHandler();
        var reader = new Http2FrameReader();
        assertThat(reader.readFrame(in, handler)).isTrue();
        assertThat(in.position()).isEqualTo(17);
        assertThat(reader.readFrame(in, handler)).isFalse();
        assertThat(in.position()).isEqualTo(17);
        assertThat(handler.frames).containsExactly("PING 0");
    }

    @Test
    void handsTheFragmentOverBeforeTheSelfDependencyStreamError() throws Exception {
        var reader = new Http2FrameReader();
        var handler = new RecordingFrameHandler();
        byte[] frames = concat(
                frame(HEADERS, Http2Flags.PRIORITY, 3, concat(int32(3), new byte[] {16}, latin1("block"))),
                frame(CONTINUATION, Http2Flags.END_HEADERS, 3, latin1("rest")));
        var in = new SequenceReader(BufferSequence.of(frames));
        assertThatThrownBy(() -> reader.readFrame(in, handler)).isInstanceOfSatisfying(Http2Exception.class, e -> {
            assertThat(e.scope()).isEqualTo(Http2Exception.Scope.STREAM);
            assertThat(e.streamId()).isEqualTo(3);
            assertThat(e.errorCode()).isEqualTo(Http2ErrorCode.PROTOCOL_ERROR);
        });
        assertThat(handler.frames).containsExactly("HEADERS 3 \"block\"");
        assertThat(reader.isInHeaderBlock()).as("the block goes on, so HPACK stays in step").isTrue();
        assertThat(reader.readFrame(in, handler)).isTrue();
        assertThat(handler.frames).endsWith("CONTINUATION 3 END_HEADERS \"rest\"");
    }

    @Test
    void passesOnWhatTheHandlerThrows() {
        var refusing = new RecordingFrameHandler() {
            @Override
            public void onWindowUpdate(int streamId, int increment) throws Http2Exception {
                throw Http2Exception.stream(streamId, Http2ErrorCode.FLOW_CONTROL_ERROR, "window overflow");
            }
        };
        var in = new SequenceReader(BufferSequence.of(frame(WINDOW_UPDATE, 0, 5, int32(10))));
        assertThatThrownBy(() -> new Http2FrameReader().readFrame(in, refusing))
                .isInstanceOfSatisfying(Http2Exception.class, e -> assertThat(e.errorCode()).isEqualTo(Http2ErrorCode.FLOW_CONTROL_ERROR));
        assertThat(in.isAtEnd()).isTrue();
    }
}
