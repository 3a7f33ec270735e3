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
import static io.windhover.server.http2.RawFrames.int32;
import static io.windhover.server.http2.RawFrames.latin1;
import static io.windhover.server.http2.RawFrames.setting;
import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.SequenceReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reader is incremental: a transcript with a frame of every type reads the same whole, cut
 * into two segments at every index, one octet per segment, and fed to it a byte at a time as a
 * connection's input grows; and every prefix is read up to its last whole frame, nothing of the
 * rest consumed.
 */
class Http2FrameReaderSplitTest {

    private static final List<byte[]> FRAMES = List.of(
            frame(SETTINGS, 0, 0, concat(setting(3, 100), setting(4, 1 << 20), setting(0x7f, 1))),
            frame(SETTINGS, Http2Flags.ACK, 0),
            frame(WINDOW_UPDATE, 0, 0, int32(1 << 24)),
            frame(HEADERS, Http2Flags.PRIORITY | Http2Flags.PADDED, 1, concat(new byte[] {2}, int32(0), new byte[] {15},
                    latin1("first fragment"), new byte[2])),
            frame(CONTINUATION, 0, 1, latin1("second")),
            frame(CONTINUATION, Http2Flags.END_HEADERS, 1, latin1("third")),
            frame(DATA, Http2Flags.PADDED, 1, concat(new byte[] {1}, latin1("body"), new byte[1])),
            frame(DATA, Http2Flags.END_STREAM, 1, latin1("end")),
            frame(PRIORITY, 0, 3, concat(int32(1), new byte[] {7})),
            frame(0x20, 0x3, 3, latin1("extension")),
            frame(HEADERS, Http2Flags.END_HEADERS | Http2Flags.END_STREAM, 3, latin1("get")),
            frame(RST_STREAM, 0, 3, int32(8)),
            frame(PING, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8),
            frame(PING, Http2Flags.ACK, 0, 8, 7, 6, 5, 4, 3, 2, 1),
            frame(GOAWAY, 0, 0, concat(int32(3), int32(0), latin1("bye"))));

    private static final List<String> TRANSCRIPT = List.of(
            "SETTINGS {MAX_CONCURRENT_STREAMS=100, INITIAL_WINDOW_SIZE=1048576}",
            "SETTINGS ACK",
            "WINDOW_UPDATE 0 16777216",
            "HEADERS 1 \"first fragment\"",
            "CONTINUATION 1 \"second\"",
            "CONTINUATION 1 END_HEADERS \"third\"",
            "DATA 1 \"body\" flow=6",
            "DATA 1 END_STREAM \"end\" flow=3",
            "PRIORITY 3",
            "UNKNOWN type=32 flags=3 stream=3 length=9",
            "HEADERS 3 END_STREAM END_HEADERS \"get\"",
            "RST_STREAM 3 CANCEL",
            "PING 102030405060708",
            "PING ACK 807060504030201",
            "GOAWAY 3 NO_ERROR \"bye\"");

    private static final byte[] WIRE = concat(FRAMES.toArray(byte[][]::new));

    @Test
    void readsTheWholeTranscript() throws Exception {
        assertThat(RecordingFrameHandler.readAll(WIRE)).isEqualTo(TRANSCRIPT);
    }

    @Test
    void readsEveryPrefixUpToItsLastWholeFrameAndConsumesNothingMore() throws Exception {
        for (int length = 0; length <= WIRE.length; length++) {
            int whole = 0;
            long end = 0;
            while (whole < FRAMES.size() && end + FRAMES.get(whole).length <= length) {
                end += FRAMES.get(whole++).length;
            }
            var in = new SequenceReader(BufferSequence.of(Arrays.copyOf(WIRE, length)));
            var handler = new RecordingFrameHandler();
            var reader = new Http2FrameReader();
            while (reader.readFrame(in, handler)) {
                // frames complete in the prefix
            }
            assertThat(handler.frames).as("prefix of %d", length).isEqualTo(TRANSCRIPT.subList(0, whole));
            assertThat(in.position()).as("prefix of %d", length).isEqualTo(end);
        }
    }

    @Test
    void readsTheSameWhenSplitIntoTwoSegmentsAtEveryIndex() throws Exception {
        for (int cut = 0; cut <= WIRE.length; cut++) {
            var input = BufferSequence.of(Arrays.copyOfRange(WIRE, 0, cut), Arrays.copyOfRange(WIRE, cut, WIRE.length));
            assertThat(RecordingFrameHandler.readAll(new Http2FrameReader(), input)).as("cut at %d", cut).isEqualTo(TRANSCRIPT);
        }
    }

    @Test
    void readsTheSameFromOneOctetPerSegment() throws Exception {
        byte[][] octets = new byte[WIRE.length][];
        for (int i = 0; i < WIRE.length; i++) {
            octets[i] = new byte[] {WIRE[i]};
        }
        assertThat(RecordingFrameHandler.readAll(octets)).isEqualTo(TRANSCRIPT);
    }

    @Test
    void readsTheSameFedAByteAtATime() throws Exception {
        // As a connection does: the unread rest and one more octet each time, the reader kept.
        var reader = new Http2FrameReader();
        var handler = new RecordingFrameHandler();
        int consumed = 0;
        for (int available = 0; available <= WIRE.length; available++) {
            var in = new SequenceReader(BufferSequence.of(WIRE, consumed, available - consumed));
            while (reader.readFrame(in, handler)) {
                // frames completed by this octet
            }
            consumed += (int) in.consumed();
        }
        assertThat(handler.frames).isEqualTo(TRANSCRIPT);
        assertThat(consumed).isEqualTo(WIRE.length);
    }

    @Test
    void aFieldBlockSplitAcrossSegmentsArrivesWhole() throws Exception {
        List<String> fragments = new ArrayList<>();
        var handler = new RecordingFrameHandler() {
            @Override
            public void onHeaders(int streamId, boolean endStream, boolean endHeaders, byte[] fragment, int offset, int length) {
                fragments.add(new String(fragment, offset, length, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        };
        byte[] block = latin1("x".repeat(1000));
        byte[] wire = frame(HEADERS, Http2Flags.END_HEADERS, 1, block);
        byte[][] segments = new byte[wire.length / 7 + 1][];
        for (int i = 0; i < segments.length; i++) {
            segments[i] = Arrays.copyOfRange(wire, i * 7, Math.min(wire.length, i * 7 + 7));
        }
        assertThat(new Http2FrameReader().readFrame(new SequenceReader(BufferSequence.of(segments)), handler)).isTrue();
        assertThat(fragments).containsExactly("x".repeat(1000));
    }
}
