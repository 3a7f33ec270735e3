package io.windhover.benchmarks;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.SequenceReader;
import io.windhover.server.http2.Http2ErrorCode;
import io.windhover.server.http2.Http2Exception;
import io.windhover.server.http2.Http2FrameHandler;
import io.windhover.server.http2.Http2FrameReader;
import io.windhover.server.http2.Http2Settings;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reading a browser's POST as an HTTP/2 client sends it with {@link Http2FrameReader}: a HEADERS
 * frame carrying {@link HpackDecoderBenchmark}'s first browser block (every field a literal, the
 * cold-connection case, about 500 octets), a 1 KiB DATA frame and an empty DATA frame with
 * END_STREAM, from one pool block as the connection's input pipe holds them. ns per request and
 * (with {@code -prof gc}) B per request: the reader must allocate nothing. The handler hands what it
 * is given to a {@link Blackhole} and decodes nothing, so the figure is the frame layer's alone (the
 * fragment's copy into the reader's array included).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {}, jvmArgsAppend = {
        JvmFlags.UNSAFE_MEMORY_ACCESS, JvmFlags.NATIVE_ACCESS, JvmFlags.NETTY_NO_LEAK_DETECTION})
@State(Scope.Thread)
public class Http2FrameReaderBenchmark {

    private PooledBytes input;
    private BufferSequence buffer;
    private SequenceReader in;
    private Http2FrameReader reader;
    private BlackholeFrameHandler handler;

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) {
        byte[] block = HpackDecoderBenchmark.browserBlocks()[0];
        var wire = new ByteArrayOutputStream();
        wire.writeBytes(frame(0x1, 0x4, 1, block));   // HEADERS, END_HEADERS
        wire.writeBytes(frame(0x0, 0x0, 1, new byte[1024])); // DATA
        wire.writeBytes(frame(0x0, 0x1, 1, new byte[0])); // DATA, END_STREAM
        byte[] bytes = wire.toByteArray();
        input = new PooledBytes(bytes);
        buffer = input.buffer();
        in = new SequenceReader(buffer);
        reader = new Http2FrameReader();
        handler = new BlackholeFrameHandler(blackhole);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        input.close();
    }

    @Benchmark
    public long readRequest() throws Http2Exception {
        in.reset(buffer);
        while (reader.readFrame(in, handler)) {
            // HEADERS, DATA, DATA
        }
        return in.position();
    }

    private static byte[] frame(int type, int flags, int streamId, byte[] payload) {
        byte[] frame = new byte[9 + payload.length];
        frame[0] = (byte) (payload.length >>> 16);
        frame[1] = (byte) (payload.length >>> 8);
        frame[2] = (byte) payload.length;
        frame[3] = (byte) type;
        frame[4] = (byte) flags;
        frame[8] = (byte) streamId;
        System.arraycopy(payload, 0, frame, 9, payload.length);
        return frame;
    }

    /** Hands every argument to the blackhole, so the reader's work cannot be optimised away. */
    static final class BlackholeFrameHandler implements Http2FrameHandler {
        private final Blackhole blackhole;

        BlackholeFrameHandler(Blackhole blackhole) {
            this.blackhole = blackhole;
        }

        @Override
        public void onData(int streamId, boolean endStream, BufferSequence data, long dataStart, int dataLength,
                int flowControlledLength) {
            blackhole.consume(streamId ^ dataLength ^ flowControlledLength ^ (int) dataStart);
            blackhole.consume(endStream);
        }

        @Override
        public void onHeaders(int streamId, boolean endStream, boolean endHeaders, byte[] fragment, int offset, int length) {
            blackhole.consume(streamId ^ offset ^ length);
            blackhole.consume(fragment);
        }

        @Override
        public void onContinuation(int streamId, boolean endHeaders, byte[] fragment, int offset, int length) {
            blackhole.consume(fragment);
        }

        @Override
        public void onPriority(int streamId) {
            blackhole.consume(streamId);
        }

        @Override
        public void onRstStream(int streamId, Http2ErrorCode errorCode) {
            blackhole.consume(errorCode);
        }

        @Override
        public void onSettings(Http2Settings received) {
            blackhole.consume(received);
        }

        @Override
        public void onSettingsAck() {
        }

        @Override
        public void onPing(long opaqueData) {
            blackhole.consume(opaqueData);
        }

        @Override
        public void onPingAck(long opaqueData) {
            blackhole.consume(opaqueData);
        }

        @Override
        public void onGoAway(int lastStreamId, Http2ErrorCode errorCode, BufferSequence debugData, long debugStart, int debugLength) {
            blackhole.consume(errorCode);
        }

        @Override
        public void onWindowUpdate(int streamId, int increment) {
            blackhole.consume(increment);
        }
    }
}
