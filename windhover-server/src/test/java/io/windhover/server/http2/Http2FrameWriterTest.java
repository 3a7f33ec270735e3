package io.windhover.server.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.buffers.DiagnosticMemoryPool;
import io.windhover.buffers.Pipe;
import io.windhover.buffers.PipeOptions;
import io.windhover.buffers.ReadResult;
import io.windhover.buffers.SequenceReader;
import io.windhover.server.core.Http2Preface;
import io.windhover.server.hpack.HeaderBlockBuffer;
import io.windhover.server.hpack.HpackDecoder;
import io.windhover.server.hpack.HpackEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link Http2FrameWriter} puts in a pipe, as exact octets where the layout is the point and
 * otherwise read back by {@link Http2FrameReader} from the pipe's own memory — 64-octet pool blocks,
 * so that frames straddle blocks — on a diagnostic pool that fails on a leaked block.
 */
class Http2FrameWriterTest {

    private final DiagnosticMemoryPool pool = new DiagnosticMemoryPool(64);
    private final Pipe pipe = new Pipe(PipeOptions.of(pool));
    private final Http2FrameWriter writer = new Http2FrameWriter(pipe.writer());
    private final Http2FrameReader reader = new Http2FrameReader(Http2Setting.MAX_MAX_FRAME_SIZE, Integer.MAX_VALUE);

    @AfterEach
    void noBlockLeaks() {
        pipe.writer().complete();
        pipe.reader().complete();
        pool.assertNoLeaks();
    }

    @Test
    void writesEveryFrameTypeItSendsSoThatTheReaderReadsItBack() throws Exception {
        var settings = new Http2Settings().set(Http2Setting.MAX_CONCURRENT_STREAMS, 100)
                .set(Http2Setting.INITIAL_WINDOW_SIZE, 768 * 1024).set(Http2Setting.ENABLE_CONNECT_PROTOCOL, 1);
        writer.writeSettings(settings);
        writer.writeSettingsAck();
        writer.writeWindowUpdate(0, 1024 * 1024 - 65_535);
        writer.writeHeaders(1, latin1("block"), 0, 5, false);
        writer.writeData(1, latin1("body"), 0, 4, true);
        writer.writeHeaders(3, latin1("trailers"), 0, 8, true);
        writer.writeRstStream(3, Http2ErrorCode.REFUSED_STREAM);
        writer.writePing(0x0102030405060708L);
        writer.writePingAck(-1L);
        writer.writeWindowUpdate(5, Integer.MAX_VALUE);
        writer.writeGoAway(5, Http2ErrorCode.NO_ERROR, latin1("shutting down"));
        assertThat(readBack()).containsExactly(
                "SETTINGS {MAX_CONCURRENT_STREAMS=100, INITIAL_WINDOW_SIZE=786432, ENABLE_CONNECT_PROTOCOL=1}",
                "SETTINGS ACK",
                "WINDOW_UPDATE 0 983041",
                "HEADERS 1 END_HEADERS \"block\"",
                "DATA 1 END_STREAM \"body\" flow=4",
                "HEADERS 3 END_STREAM END_HEADERS \"trailers\"",
                "RST_STREAM 3 REFUSED_STREAM",
                "PING 102030405060708",
                "PING ACK ffffffffffffffff",
                "WINDOW_UPDATE 5 2147483647",
                "GOAWAY 5 NO_ERROR \"shutting down\"");
    }

    @Test
    void writesSettingsAsRfc9113LaysThemOut() {
        writer.writeSettings(new Http2Settings().set(Http2Setting.MAX_FRAME_SIZE, 16_384).set(Http2Setting.HEADER_TABLE_SIZE, 4_096));
        writer.writeSettings(new Http2Settings());
        writer.writeSettingsAck();
        assertThat(hex(written())).isEqualTo(
                "00000c" + "04" + "00" + "00000000" + "0001" + "00001000" + "0005" + "00004000"
                + "000000" + "04" + "00" + "00000000"
                + "000000" + "04" + "01" + "00000000");
    }

    @Test
    void writesTheSettingsAndGoAwayThatHttp1OnlyEndPointsAnswerThePrefaceWith() {
        writer.writeSettings(new Http2Settings());
        writer.writeGoAway(0, Http2ErrorCode.HTTP_1_1_REQUIRED, new byte[0]);
        assertThat(written()).isEqualTo(Http2Preface.HTTP_1_1_REQUIRED);
    }

    @Test
    void cutsGoAwayDebugDataToOneFrame() throws Exception {
        byte[] debug = new byte[20_000];
        Arrays.fill(debug, (byte) 'z');
        writer.writeGoAway(Integer.MAX_VALUE, Http2ErrorCode.PROTOCOL_ERROR, debug);
        assertThat(readBack()).containsExactly("GOAWAY 2147483647 PROTOCOL_ERROR \"" + "z".repeat(16_384 - 8) + "\"");
    }

    @Test
    void writesAFieldBlockThatFitsAsOneHeadersFrame() {
        writer.writeHeaders(1, new byte[16_384], 0, 16_384, true);
        byte[] wire = written();
        assertThat(wire).hasSize(9 + 16_384);
        assertThat(hex(Arrays.copyOf(wire, 9))).isEqualTo("004000" + "01" + "05" + "00000001");
    }

    @Test
    void cutsAFieldBlockOneOctetOverTheFrameSizeIntoHeadersAndAContinuation() throws Exception {
        byte[] block = pattern(16_385);
        writer.writeHeaders(7, block, 0, block.length, true);
        assertThat(readBack()).containsExactly(
                "HEADERS 7 END_STREAM \"" + latin1(block, 0, 16_384) + "\"",
                "CONTINUATION 7 END_HEADERS \"" + latin1(block, 16_384, 1) + "\"");
    }

    @Test
    void cutsALargeFieldBlockAtThePeersFrameSizeWithEndHeadersOnTheLastFrameOnly() throws Exception {
        writer.maxFrameSize(20_000);
        byte[] block = pattern(45_000);
        writer.writeHeaders(9, block, 0, block.length, false);
        assertThat(readBack()).containsExactly(
                "HEADERS 9 \"" + latin1(block, 0, 20_000) + "\"",
                "CONTINUATION 9 \"" + latin1(block, 20_000, 20_000) + "\"",
                "CONTINUATION 9 END_HEADERS \"" + latin1(block, 40_000, 5_000) + "\"");
    }

    @Test
    void writesAnEmptyFieldBlockAsOneEmptyHeadersFrame() throws Exception {
        writer.writeHeaders(1, new HeaderBlockBuffer(), true);
        assertThat(readBack()).containsExactly("HEADERS 1 END_STREAM END_HEADERS \"\"");
    }

    @Test
    void anEncodedBlockOverSeveralFramesDecodesToItsFields() throws Exception {
        var encoder = new HpackEncoder();
        var block = new HeaderBlockBuffer();
        encoder.beginBlock(block);
        encoder.encodeStatus(200, block);
        List<String> expected = new ArrayList<>(List.of(":status: 200"));
        for (int i = 0; i < 100; i++) {
            String value = Integer.toString(i).repeat(500);
            encoder.encode("x-field-" + i, value, block);
            expected.add("x-field-" + i + ": " + value);
        }
        assertThat(block.length()).isGreaterThan(2 * 16_384);
        writer.writeHeaders(1, block, false);

        var decoder = new HpackDecoder(4_096, Integer.MAX_VALUE, Integer.MAX_VALUE);
        List<String> fields = new ArrayList<>();
        List<Integer> fragments = new ArrayList<>();
        var handler = new RecordingFrameHandler() {
            @Override
            public void onHeaders(int streamId, boolean endStream, boolean endHeaders, byte[] fragment, int offset, int length) {
                decode(fragment, offset, length, endHeaders);
            }

            @Override
            public void onContinuation(int streamId, boolean endHeaders, byte[] fragment, int offset, int length) {
                decode(fragment, offset, length, endHeaders);
            }

            private void decode(byte[] fragment, int offset, int length, boolean endHeaders) {
                fragments.add(length);
                try {
                    decoder.decode(fragment, offset, length, endHeaders, (id, name, no, nl, value, vo, vl) ->
                            fields.add(latin1(name, no, nl) + ": " + latin1(value, vo, vl)));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        };
        readBack(handler);
        assertThat(fragments).hasSizeGreaterThan(2).allMatch(length -> length <= 16_384);
        assertThat(fields).isEqualTo(expected);
    }

    @Test
    void cutsDataAtThePeersFrameSizeWithEndStreamOnTheLastFrameOnly() throws Exception {
        byte[] body = pattern(40_000);
        writer.writeData(3, body, 0, body.length, true);
        writer.writeData(5, body, 100, 16_384, false);
        assertThat(readBack()).containsExactly(
                "DATA 3 \"" + latin1(body, 0, 16_384) + "\" flow=16384",
                "DATA 3 \"" + latin1(body, 16_384, 16_384) + "\" flow=16384",
                "DATA 3 END_STREAM \"" + latin1(body, 32_768, 7_232) + "\" flow=7232",
                "DATA 5 \"" + latin1(body, 100, 16_384) + "\" flow=16384");
    }

    @Test
    void writesDataFromABufferConsumingItAndKeepingItsLimit() throws Exception {
        byte[] body = pattern(20_000);
        ByteBuffer direct = ByteBuffer.allocateDirect(30_000).put(body).flip().position(1_000);
        writer.writeData(1, direct, true);
        assertThat(direct.position()).isEqualTo(20_000);
        assertThat(direct.limit()).isEqualTo(20_000);
        assertThat(readBack()).containsExactly(
                "DATA 1 \"" + latin1(body, 1_000, 16_384) + "\" flow=16384",
                "DATA 1 END_STREAM \"" + latin1(body, 17_384, 2_616) + "\" flow=2616");
    }

    @Test
    void endsAStreamWithAnEmptyDataFrame() throws Exception {
        writer.writeData(1, new byte[0], 0, 0, true);
        writer.writeData(3, ByteBuffer.allocate(0), true);
        assertThat(readBack()).containsExactly("DATA 1 END_STREAM \"\" flow=0", "DATA 3 END_STREAM \"\" flow=0");
    }

    @Test
    void refusesFramesNoPeerMayReceive() {
        assertThatThrownBy(() -> writer.writeRstStream(0, Http2ErrorCode.CANCEL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.writeData(0, new byte[1], 0, 1, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.writeHeaders(0, new byte[1], 0, 1, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.writeWindowUpdate(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.writeGoAway(-1, Http2ErrorCode.NO_ERROR, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.maxFrameSize(16_383)).isInstanceOf(IllegalArgumentException.class);
        assertThat(pipe.writer().unflushedBytes()).as("nothing half-written").isZero();
    }

    /** Flushes, and reads every frame from the pipe's blocks. */
    private List<String> readBack() throws Http2Exception {
        var handler = new RecordingFrameHandler();
        readBack(handler);
        return handler.frames;
    }

    private void readBack(Http2FrameHandler handler) throws Http2Exception {
        pipe.writer().tryFlush();
        ReadResult result = pipe.reader().read();
        var in = new SequenceReader(result.buffer());
        try {
            while (reader.readFrame(in, handler)) {
                // next frame
            }
            assertThat(in.isAtEnd()).as("only whole frames written").isTrue();
        } finally {
            pipe.reader().advanceTo(in.position(), result.buffer().end());
        }
    }

    private byte[] written() {
        pipe.writer().tryFlush();
        ReadResult result = pipe.reader().read();
        byte[] bytes = result.buffer().toArray();
        pipe.reader().advanceTo(result.buffer().end());
        return bytes;
    }

    private static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String latin1(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
