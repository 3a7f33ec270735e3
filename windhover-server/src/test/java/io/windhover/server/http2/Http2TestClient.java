package io.windhover.server.http2;

import static io.windhover.server.http2.RawFrames.concat;
import static io.windhover.server.http2.RawFrames.frame;
import static io.windhover.server.http2.RawFrames.int32;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.ReadResult;
import io.windhover.server.hpack.HeaderBlockBuffer;
import io.windhover.server.hpack.HpackDecoder;
import io.windhover.server.hpack.HpackEncoder;
import io.windhover.transport.memory.InMemoryConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A hand-driven HTTP/2 client over an in-memory connection, for tests that speak frame by frame:
 * it sends frames (field blocks encoded with our HPACK encoder) and reads the server's frames one
 * at a time, each read bounded so that a server that never answers fails the test.
 */
final class Http2TestClient implements AutoCloseable {

    /** One frame the server sent. */
    record Frame(int type, int flags, int streamId, byte[] payload) {
        boolean has(int flag) {
            return (flags & flag) != 0;
        }

        int errorCode() {
            int at = type == RawFrames.GOAWAY ? 4 : 0;
            return (payload[at] & 0xFF) << 24 | (payload[at + 1] & 0xFF) << 16 | (payload[at + 2] & 0xFF) << 8
                    | payload[at + 3] & 0xFF;
        }

        int lastStreamId() {
            return (payload[0] & 0x7F) << 24 | (payload[1] & 0xFF) << 16 | (payload[2] & 0xFF) << 8 | payload[3] & 0xFF;
        }

        @Override
        public String toString() {
            return "Frame[type=" + type + ", flags=" + flags + ", stream=" + streamId + ", length=" + payload.length + "]";
        }
    }

    private static final long READ_TIMEOUT_SECONDS = 10;

    private final InMemoryConnection connection;
    private final HpackEncoder encoder = new HpackEncoder();
    private final HpackDecoder decoder = new HpackDecoder();
    private final ArrayDeque<Frame> received = new ArrayDeque<>();
    private byte[] pending = new byte[0];
    private boolean closed;
    private Frame serverSettings;

    Http2TestClient(InMemoryConnection connection) {
        this.connection = connection;
    }

    /** The preface and an empty SETTINGS frame, or one with {@code settings} (id, value pairs). */
    Http2TestClient handshake(long... settings) throws Exception {
        byte[] payload = new byte[0];
        for (int i = 0; i < settings.length; i += 2) {
            payload = concat(payload, RawFrames.setting((int) settings[i], settings[i + 1]));
        }
        send(concat(Http2Connection.PREFACE, frame(RawFrames.SETTINGS, 0, 0, payload)));
        serverSettings = next();
        if (serverSettings.type() != RawFrames.SETTINGS) {
            throw new AssertionError("expected the server's SETTINGS, got " + serverSettings);
        }
        send(frame(RawFrames.SETTINGS, Http2Flags.ACK, 0, new byte[0]));
        // Then the server's WINDOW_UPDATE and its ACK of ours: after them, nothing is pending.
        until(frame -> frame.type() == RawFrames.SETTINGS && frame.has(Http2Flags.ACK));
        return this;
    }

    /** The settings the server's preface carried (id to value). */
    Map<Integer, Long> serverSettings() {
        var settings = new java.util.LinkedHashMap<Integer, Long>();
        byte[] payload = serverSettings.payload();
        for (int at = 0; at + 6 <= payload.length; at += 6) {
            int id = (payload[at] & 0xFF) << 8 | payload[at + 1] & 0xFF;
            long value = ((payload[at + 2] & 0xFFL) << 24) | (payload[at + 3] & 0xFF) << 16 | (payload[at + 4] & 0xFF) << 8
                    | payload[at + 5] & 0xFF;
            settings.put(id, value);
        }
        return settings;
    }

    /** A field block of exactly {@code fields} (name, value pairs, pseudo-fields included), in order. */
    byte[] rawBlock(String... fields) {
        var block = new HeaderBlockBuffer();
        encoder.beginBlock(block);
        for (int i = 0; i < fields.length; i += 2) {
            encoder.encode(fields[i], fields[i + 1], block);
        }
        return block.toByteArray();
    }

    void send(byte[] bytes) {
        connection.output().write(bytes);
        connection.output().flush();
    }

    /** A field block for a request: the pseudo-fields, then {@code fields} (name, value pairs). */
    byte[] block(String method, String path, String... fields) {
        var block = new HeaderBlockBuffer();
        encoder.beginBlock(block);
        encoder.encode(":method", method, block);
        encoder.encode(":scheme", "http", block);
        encoder.encode(":authority", "example.test", block);
        encoder.encode(":path", path, block);
        for (int i = 0; i < fields.length; i += 2) {
            encoder.encode(fields[i], fields[i + 1], block);
        }
        return block.toByteArray();
    }

    void headers(int streamId, boolean endStream, byte[] block) {
        send(frame(RawFrames.HEADERS, Http2Flags.END_HEADERS | (endStream ? Http2Flags.END_STREAM : 0), streamId, block));
    }

    void get(int streamId, String path) {
        headers(streamId, true, block("GET", path));
    }

    void data(int streamId, boolean endStream, byte[] payload) {
        send(frame(RawFrames.DATA, endStream ? Http2Flags.END_STREAM : 0, streamId, payload));
    }

    void rstStream(int streamId, int errorCode) {
        send(frame(RawFrames.RST_STREAM, 0, streamId, int32(errorCode)));
    }

    void windowUpdate(int streamId, int increment) {
        send(frame(RawFrames.WINDOW_UPDATE, 0, streamId, int32(increment)));
    }

    void ping(long data) {
        byte[] payload = concat(int32(data >>> 32), int32(data));
        send(frame(RawFrames.PING, 0, 0, payload));
    }

    /** The server's next frame. */
    Frame next() throws Exception {
        while (received.isEmpty()) {
            if (closed) {
                throw new AssertionError("the server closed the connection");
            }
            readMore();
        }
        return received.poll();
    }

    /** Frames until one matches, returning it; the ones before are dropped. */
    Frame until(Predicate<Frame> wanted) throws Exception {
        while (true) {
            Frame frame = next();
            if (wanted.test(frame)) {
                return frame;
            }
        }
    }

    /** The next frame of {@code type}. */
    Frame next(int type) throws Exception {
        return until(frame -> frame.type() == type);
    }

    /** Sends a PING and reads up to its ACK: proof the server processed everything sent before. */
    void roundTrip(long data) throws Exception {
        ping(data);
        until(frame -> frame.type() == RawFrames.PING && frame.has(Http2Flags.ACK));
    }

    /** Like {@link #roundTrip}, returning the frames the server sent before the ACK. */
    java.util.List<Frame> framesBeforeRoundTrip(long data) throws Exception {
        ping(data);
        var frames = new java.util.ArrayList<Frame>();
        for (Frame frame = next(); !(frame.type() == RawFrames.PING && frame.has(Http2Flags.ACK)); frame = next()) {
            frames.add(frame);
        }
        return frames;
    }

    /** A response head's fields, :status first, decoded with the client's table. */
    Map<String, String> fields(Frame headers) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        decoder.decode(headers.payload(), (id, name, nameOffset, nameLength, value, valueOffset, valueLength) ->
                fields.put(new String(name, nameOffset, nameLength, StandardCharsets.ISO_8859_1),
                        new String(value, valueOffset, valueLength, StandardCharsets.ISO_8859_1)));
        return fields;
    }

    /** Whether the transport reports the connection closed, without reading. */
    boolean isClosed() {
        return connection.closed().toCompletableFuture().isDone();
    }

    /** Whether the server closed the connection (reading until the end, bounded). */
    boolean closesConnection() throws Exception {
        while (!closed) {
            readMore();
        }
        return true;
    }

    private void readMore() throws Exception {
        CompletableFuture.runAsync(() -> {
            ReadResult result = connection.input().read();
            BufferSequence buffer = result.buffer();
            pending = concat(pending, buffer.toArray());
            connection.input().advanceTo(buffer.end());
            if (result.isCompleted()) {
                closed = true;
            }
        }).get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        int at = 0;
        while (pending.length - at >= 9) {
            int length = (pending[at] & 0xFF) << 16 | (pending[at + 1] & 0xFF) << 8 | pending[at + 2] & 0xFF;
            if (pending.length - at < 9 + length) {
                break;
            }
            int streamId = (pending[at + 5] & 0x7F) << 24 | (pending[at + 6] & 0xFF) << 16 | (pending[at + 7] & 0xFF) << 8
                    | pending[at + 8] & 0xFF;
            byte[] payload = java.util.Arrays.copyOfRange(pending, at + 9, at + 9 + length);
            received.add(new Frame(pending[at + 3] & 0xFF, pending[at + 4] & 0xFF, streamId, payload));
            at += 9 + length;
        }
        pending = java.util.Arrays.copyOfRange(pending, at, pending.length);
    }

    @Override
    public void close() {
        connection.output().complete();
        connection.input().complete();
    }
}
