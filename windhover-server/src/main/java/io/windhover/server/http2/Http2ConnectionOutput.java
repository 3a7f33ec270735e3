package io.windhover.server.http2;

import io.windhover.buffers.FlushResult;
import io.windhover.buffers.PipeException;
import io.windhover.buffers.PipeWriter;
import io.windhover.server.MinDataRate;
import io.windhover.server.core.TimeoutControl;
import io.windhover.server.core.TimeoutReason;
import io.windhover.server.hpack.HeaderBlockBuffer;
import io.windhover.server.hpack.HpackEncoder;
import io.windhover.server.http.HttpHeaders;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one way out of an HTTP/2 connection: every stream's HEADERS and DATA and the frame loop's
 * control frames go through it, one writer at a time. It owns what must change in wire order —
 * the HPACK encoder's table (a field block encoded for one stream must reach the peer before a
 * block encoded after it) and the send windows (RFC 9113 §6.9): a stream's DATA waits here until
 * both its own window and the connection's allow it. Kestrel's {@code Http2FrameWriter} with its
 * output lock and {@code OutputFlowControl}.
 *
 * <p>Thread-safe: a {@link ReentrantLock}, which a waiting virtual thread parks on without pinning
 * its carrier. A stream waiting for window flushes first, so the peer has what it needs to send the
 * WINDOW_UPDATE that frees it.
 */
final class Http2ConnectionOutput {

    /** A clock reading no stall can have begun at (the server's clock may start at 0). */
    private static final long NOT_STALLED = Long.MIN_VALUE;

    /** Fair: a stream that writes a frame and lets go hands the output to the longest waiter. */
    private final ReentrantLock lock = new ReentrantLock(true);
    /** Signalled when a send window grows, a stream is reset, or the connection ends. */
    private final Condition windowChanged = lock.newCondition();
    private final PipeWriter output;
    private final Http2FrameWriter frames;
    private final HpackEncoder encoder = new HpackEncoder();
    private final HeaderBlockBuffer block = new HeaderBlockBuffer(256);
    /** §6.9.2: "the initial value of the connection flow-control window is 65,535 octets". */
    private long connectionWindow = 65_535;
    /** The peer's SETTINGS_INITIAL_WINDOW_SIZE: each new stream's send window. */
    private int initialStreamWindow = 65_535;
    private boolean closed;
    /** Written since the last flush; the frame loop flushes once per read. */
    private boolean dirty;

    /** Held while a flush waits for the peer; null when the minimum response rate is off. */
    private final TimeoutControl flushTimeout;
    private final MinDataRate minRate;

    /**
     * @param flushTimeout armed while a flush waits for the peer to take the output, to the deadline
     *     {@code minRate} gives the bytes waiting; its expiry aborts the connection
     */
    Http2ConnectionOutput(PipeWriter output, TimeoutControl flushTimeout, MinDataRate minRate) {
        this.output = output;
        this.frames = new Http2FrameWriter(output);
        this.flushTimeout = flushTimeout;
        this.minRate = minRate;
    }

    // ---- control frames, from the frame loop ----

    void writeSettings(Http2Settings settings) {
        lock.lock();
        try {
            frames.writeSettings(settings);
            dirty = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies the peer's settings that shape our output, then, when {@code acknowledge}, acknowledges
     * them (§6.5.3: "the recipient MUST immediately emit a SETTINGS frame with the ACK flag set"; an
     * h2c upgrade's HTTP2-Settings are acknowledged by the 101 instead).
     *
     * @throws Http2Exception FLOW_CONTROL_ERROR if a new initial window takes a stream's window
     *     past 2^31-1 (§6.9.2)
     */
    void applyPeerSettings(Http2Settings received, Iterable<Http2Stream> streams, boolean acknowledge) throws Http2Exception {
        lock.lock();
        try {
            if (received.contains(Http2Setting.INITIAL_WINDOW_SIZE)) {
                int next = received.initialWindowSize();
                long delta = (long) next - initialStreamWindow;
                // §6.9.2: "a SETTINGS_INITIAL_WINDOW_SIZE change ... MUST adjust the size of all
                // stream flow-control windows that it maintains by the difference"; it may go negative.
                for (Http2Stream stream : streams) {
                    long window = stream.sendWindow() + delta;
                    if (window > Http2Setting.MAX_WINDOW_SIZE) {
                        throw Http2Exception.connection(Http2ErrorCode.FLOW_CONTROL_ERROR,
                                "SETTINGS_INITIAL_WINDOW_SIZE takes stream " + stream.id() + "'s window past 2^31-1");
                    }
                    stream.sendWindow(window);
                }
                initialStreamWindow = next;
                windowChanged.signalAll();
            }
            if (received.contains(Http2Setting.MAX_FRAME_SIZE)) {
                frames.maxFrameSize(received.maxFrameSize());
            }
            if (received.contains(Http2Setting.HEADER_TABLE_SIZE)) {
                encoder.setPeerMaxTableSize((int) Math.min(Integer.MAX_VALUE, received.headerTableSize()));
            }
            if (acknowledge) {
                frames.writeSettingsAck();
                dirty = true;
            }
        } finally {
            lock.unlock();
        }
    }

    int initialStreamWindow() {
        lock.lock();
        try {
            return initialStreamWindow;
        } finally {
            lock.unlock();
        }
    }

    void writePingAck(long opaqueData) {
        lock.lock();
        try {
            frames.writePingAck(opaqueData);
            dirty = true;
        } finally {
            lock.unlock();
        }
    }

    /** A PING of the server's own (keep-alive), flushed at once. */
    void ping(long opaqueData) throws IOException {
        lock.lock();
        try {
            if (!closed) {
                frames.writePing(opaqueData);
                flushLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    void writeGoAway(int lastStreamId, Http2ErrorCode errorCode, String debug) {
        lock.lock();
        try {
            if (!closed) {
                frames.writeGoAway(lastStreamId, errorCode,
                        debug == null ? new byte[0] : debug.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                dirty = true;
            }
        } finally {
            lock.unlock();
        }
    }

    void writeRstStream(int streamId, Http2ErrorCode errorCode) {
        lock.lock();
        try {
            if (!closed) {
                frames.writeRstStream(streamId, errorCode);
                dirty = true;
            }
        } finally {
            lock.unlock();
        }
    }

    /** A WINDOW_UPDATE, flushed at once when a handler's reading freed window (the frame loop may be waiting for it). */
    void writeWindowUpdate(int streamId, int increment, boolean flushNow) throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            frames.writeWindowUpdate(streamId, increment);
            dirty = true;
            if (flushNow) {
                flushLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * §6.9.1: the connection's send window grew.
     *
     * @throws Http2Exception FLOW_CONTROL_ERROR past 2^31-1: "the sender MUST terminate ... the connection"
     */
    void addConnectionWindow(int increment) throws Http2Exception {
        lock.lock();
        try {
            if (connectionWindow + increment > Http2Setting.MAX_WINDOW_SIZE) {
                throw Http2Exception.connection(Http2ErrorCode.FLOW_CONTROL_ERROR, "the connection's window would pass 2^31-1");
            }
            connectionWindow += increment;
            windowChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * §6.9.1: a stream's send window grew.
     *
     * @throws Http2Exception FLOW_CONTROL_ERROR on the stream past 2^31-1
     */
    void addStreamWindow(Http2Stream stream, int increment) throws Http2Exception {
        lock.lock();
        try {
            if (stream.sendWindow() + increment > Http2Setting.MAX_WINDOW_SIZE) {
                throw Http2Exception.stream(stream.id(), Http2ErrorCode.FLOW_CONTROL_ERROR,
                        "stream " + stream.id() + "'s window would pass 2^31-1");
            }
            stream.sendWindow(stream.sendWindow() + increment);
            windowChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes streams waiting for window so that they see a reset or the end of the connection. */
    void wakeWaiters() {
        lock.lock();
        try {
            windowChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The frame loop's flush after a read's frames, if any of them wrote an answer. */
    void flushIfDirty() throws IOException {
        lock.lock();
        try {
            if (dirty) {
                flushLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    /** No more frames: later writes are dropped and waiting streams fail. */
    void close() {
        lock.lock();
        try {
            closed = true;
            windowChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- streams ----

    /**
     * A field block of {@code headers} (lower-cased, connection-specific fields left out by the
     * caller) after {@code :status} when {@code status} is positive (a response head), else a
     * trailer block.
     */
    void writeHeaders(Http2Stream stream, int status, HttpHeaders headers, String date, boolean server,
            long contentLength, boolean endStream) throws IOException {
        lock.lock();
        try {
            checkOpen(stream);
            block.reset();
            encoder.beginBlock(block);
            if (status > 0) {
                encoder.encodeStatus(status, block);
            }
            for (int i = 0; i < headers.size(); i++) {
                String name = headers.name(i);
                if (!Http2Stream.isConnectionSpecific(name)) {
                    encoder.encode(name, headers.value(i), block);
                }
            }
            if (status > 0) {
                if (contentLength >= 0 && !headers.contains("Content-Length")) {
                    encoder.encode("content-length", Long.toString(contentLength), block);
                }
                if (date != null && !headers.contains("Date")) {
                    encoder.encode("date", date, block);
                }
                if (server && !headers.contains("Server")) {
                    encoder.encode("server", "Windhover", block);
                }
            }
            frames.writeHeaders(stream.id(), block, endStream);
            dirty = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code data[offset, offset + length)} as DATA frames within the windows, waiting for window as
     * long as it takes (a peer that never opens it is the response data rate's to end); with
     * {@code endStream}, the last frame ends the stream (an empty one when {@code length} is 0).
     *
     * @throws IOException when the stream was reset or the connection ended meanwhile
     */
    void writeData(Http2Stream stream, byte[] data, int offset, int length, boolean endStream) throws IOException {
        lock.lock();
        try {
            checkOpen(stream);
            if (length == 0) {
                if (endStream) {
                    frames.writeData(stream.id(), data, offset, 0, true);
                    dirty = true;
                }
                return;
            }
            long stalledSince = NOT_STALLED;
            while (length > 0) {
                long window = Math.min(connectionWindow, stream.sendWindow());
                if (window <= 0) {
                    stalledSince = checkStall(stream, stalledSince, length);
                    awaitWindow(stream);
                    continue;
                }
                stalledSince = NOT_STALLED;
                int size = (int) Math.min(Math.min(length, window), frames.maxFrameSize());
                frames.writeData(stream.id(), data, offset, size, endStream && size == length);
                connectionWindow -= size;
                stream.sendWindow(stream.sendWindow() - size);
                offset += size;
                length -= size;
                dirty = true;
                if (length > 0 && lock.hasQueuedThreads()) {
                    // Round robin: another stream (or the frame loop) waits for the output; a frame
                    // of ours, then one of theirs, rather than our whole body first.
                    lock.unlock();
                    lock.lock();
                    checkOpen(stream);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sends what was written; may wait while the transport drains (back-pressure). */
    FlushResult flush() throws IOException {
        lock.lock();
        try {
            return flushLocked();
        } finally {
            lock.unlock();
        }
    }

    long unflushedBytes() {
        return output.unflushedBytes();
    }

    long unconsumedBytes() {
        return output.unconsumedBytes();
    }

    boolean whenWritable(Runnable callback) {
        return output.whenWritable(callback);
    }

    void cancelPendingFlush() {
        output.cancelPendingFlush();
    }

    private FlushResult flushLocked() throws IOException {
        dirty = false;
        if (closed) {
            throw new IOException("the HTTP/2 connection is closed");
        }
        // A flush waits while the peer lags, but no longer than the minimum response rate allows
        // for what waits (Kestrel's MinResponseDataRate): a peer that reads nothing, while it
        // floods us with PINGs for instance, is cut off rather than holding the frame loop for ever.
        if (minRate != null) {
            flushTimeout.startAt(TimeoutReason.RESPONSE_RATE,
                    minRate.deadlineFor(flushTimeout.now(), output.unflushedBytes() + output.unconsumedBytes()));
        }
        FlushResult result;
        try {
            result = output.flush();
        } catch (PipeException e) {
            // The transport failed (aborted, reset): as closed as a completed output, for every stream.
            closed = true;
            windowChanged.signalAll();
            throw new IOException("the connection is closed: " + e.getMessage(), e);
        } finally {
            if (minRate != null) {
                flushTimeout.cancel();
            }
        }
        if (result.isCompleted()) {
            closed = true;
            windowChanged.signalAll();
            throw new IOException("the connection is closed");
        }
        return result;
    }

    /**
     * A client that never opens its window (the zero-window stall) would hold the stream and its
     * handler for ever: a wait for window is held to the minimum response rate, as Kestrel times
     * flow-control waits, and past it the stream is reset with CANCEL.
     *
     * @return when the stall began, in the server's clock
     */
    private long checkStall(Http2Stream stream, long stalledSince, int waiting) throws IOException {
        long now = flushTimeout.now();
        if (stalledSince == NOT_STALLED || minRate == null) {
            return now;
        }
        if (now - minRate.deadlineFor(stalledSince, waiting) > 0) {
            stream.resetByServer(Http2ErrorCode.CANCEL);
            throw new IOException("HTTP/2 stream " + stream.id() + ": the client opened no flow-control window for "
                    + waiting + " bytes within the minimum response rate");
        }
        return stalledSince;
    }

    private void awaitWindow(Http2Stream stream) throws IOException {
        if (dirty) {
            flushLocked(); // the peer answers with WINDOW_UPDATE only for data it has
        }
        try {
            // Timed: a stream whose waker was lost still sees a reset or a closed connection, and a
            // stall is measured against the minimum response rate once a second.
            windowChanged.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for HTTP/2 flow-control window", e);
        }
        checkOpen(stream);
    }

    private void checkOpen(Http2Stream stream) throws IOException {
        if (closed) {
            throw new IOException("the HTTP/2 connection is closed");
        }
        if (stream.isReset()) {
            throw new IOException("HTTP/2 stream " + stream.id() + " was reset");
        }
    }
}
