package io.windhover.server.http2;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.MemoryPool;
import io.windhover.buffers.Pipe;
import io.windhover.buffers.PipeException;
import io.windhover.buffers.PipeOptions;
import io.windhover.buffers.PipeReader;
import io.windhover.buffers.PipeWriter;
import io.windhover.buffers.ReadResult;
import io.windhover.server.MinDataRate;
import io.windhover.server.core.TimeoutControl;
import io.windhover.server.core.TimeoutReason;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 request's body between the frame loop, which delivers its DATA, and the handler, which
 * reads it as a {@link PipeReader} (or a stream over it). Kestrel's {@code Http2Stream} input side.
 *
 * <ul>
 *   <li>The frame loop copies each DATA payload into a pipe of the stream's own; the pipe has no
 *       back-pressure, since the stream's receive window bounds what it can hold.</li>
 *   <li>Each octet the handler consumes is reported ({@code consumed}), so the windows open again.</li>
 *   <li>The body limit is held at each read (the handler may raise it until it begins reading), and
 *       while the handler waits for bytes, the minimum request body rate (Kestrel's
 *       {@code MinRequestBodyDataRate}, per stream): too slow fails the read with a 408.</li>
 *   <li>Once the body is done — complete, failed, given up, or the handler returned — further DATA
 *       is counted and handed back as consumed at once.</li>
 * </ul>
 *
 * <p>Thread-safety: delivery (frame loop) and ending (frame loop, heartbeat, handler) are
 * synchronized on this object; the pipe orders the bytes between the frame loop and the handler's
 * thread, which alone reads.
 */
final class Http2RequestBody implements PipeReader {

    private static final Logger LOG = LoggerFactory.getLogger(Http2RequestBody.class);

    private final Http2Stream stream;
    /** The pipe; null for a request whose HEADERS frame ended the stream. */
    private final Pipe pipe;
    private final long declaredLength;
    private final LongConsumer consumed;
    private final Runnable beforeFirstWait;
    private long maxSize;
    /** An accepted extended CONNECT's tunnel: no minimum rate while waiting. */
    private boolean tunnel;
    private boolean readStarted;
    private InputStream asStream;
    private long consumedPosition;
    /** DATA octets received, padding excluded; written by the frame loop, read by the handler. */
    private volatile long received;
    /** No more octets go into the pipe. Guarded by this. */
    private boolean done;
    private TimeoutControl rateTimer;
    /** When the handler first waited for the body, in the server's clock (which may start at 0). */
    private long waitStart;
    private boolean waited;

    /**
     * @param hasBody false when the HEADERS frame ended the stream
     * @param consumed told how many octets the handler consumed, each time it advances
     * @param beforeFirstWait run the first time the handler must wait for the body (100 Continue)
     */
    Http2RequestBody(Http2Stream stream, boolean hasBody, long declaredLength, long maxSize, MemoryPool pool,
            LongConsumer consumed, Runnable beforeFirstWait) {
        this.stream = stream;
        this.declaredLength = declaredLength;
        this.maxSize = maxSize;
        this.consumed = consumed;
        this.beforeFirstWait = beforeFirstWait;
        this.pipe = hasBody ? new Pipe(PipeOptions.builder(pool).pauseWriterThreshold(0).build()) : null;
        this.done = !hasBody;
    }

    long declaredLength() {
        return declaredLength;
    }

    long receivedBytes() {
        return received;
    }

    long maxSize() {
        return maxSize;
    }

    /** @throws IllegalStateException once reading has begun */
    void maxSize(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a body limit must not be negative, was " + bytes);
        }
        if (readStarted) {
            throw new IllegalStateException("the request body is being read; its limit can no longer change");
        }
        maxSize = bytes;
    }

    /** The stream carries a tunnel from now on (RFC 8441): no size limit, no minimum rate. */
    void openTunnel() {
        maxSize = Long.MAX_VALUE;
        tunnel = true;
    }

    /** Whether the handler began reading (a limit set by Content-Length is then its reads' business). */
    boolean readStarted() {
        return readStarted;
    }

    /** The body as a stream, made once. */
    InputStream asStream() {
        if (asStream == null) {
            asStream = asInputStream();
        }
        return asStream;
    }

    // ---- the frame loop ----

    /**
     * DATA already charged to the windows: copied into the pipe, or, once the body is done,
     * counted and handed back.
     *
     * @return the octets to credit back at once (the body is no longer read)
     */
    synchronized int deliver(BufferSequence data, long start, int length) {
        received += length;
        if (done) {
            return length;
        }
        PipeWriter writer = pipe.writer();
        int left = length;
        long at = start;
        while (left > 0) {
            ByteBuffer memory = writer.getMemory(1);
            int size = Math.min(left, memory.remaining());
            data.copyTo(at, memory, size);
            writer.advance(size);
            at += size;
            left -= size;
        }
        writer.tryFlush();
        return 0;
    }

    /** END_STREAM: the body is complete. */
    synchronized void end() {
        finish(null);
    }

    /** The handler's reads fail with {@code why} (a length that does not match, too slow, a reset). */
    synchronized void fail(Throwable why) {
        finish(why);
    }

    private void finish(Throwable why) {
        if (!done) {
            done = true;
            pipe.writer().complete(why);
        }
    }

    /**
     * The handler is done: its timer goes, and the octets delivered and never consumed are returned
     * to be given back to the connection's window; no more are delivered.
     */
    synchronized long release() {
        if (rateTimer != null) {
            rateTimer.unregister();
        }
        done = true;
        if (pipe == null) {
            return 0;
        }
        long unread = pipe.unconsumedBytes();
        pipe.reader().complete();
        return unread;
    }

    // ---- the handler's thread ----

    private PipeReader pipe() {
        readStarted = true;
        if (declaredLength > maxSize || received > maxSize) {
            throw new PipeException("request body too large", Http2RequestRejection.bodyTooLarge(maxSize));
        }
        return pipe.reader();
    }

    @Override
    public ReadResult read() {
        if (pipe == null) {
            return new ReadResult(BufferSequence.EMPTY, false, true);
        }
        PipeReader reader = pipe();
        ReadResult ready = reader.tryRead();
        if (ready != null) {
            return ready;
        }
        if (!waited) {
            beforeFirstWait.run();
        }
        MinDataRate rate = stream.services().limits().minRequestBodyDataRate();
        if (rate == null || tunnel) {
            return reader.read();
        }
        // Kestrel holds each HTTP/2 stream's body to the minimum rate while the handler waits for
        // it: from the first wait, after the grace period, the bytes so far must have kept up.
        TimeoutControl timer = rateTimer();
        if (!waited) {
            waited = true;
            waitStart = timer.now();
        }
        timer.startAt(TimeoutReason.REQUEST_BODY_RATE, rate.deadlineFor(waitStart, received + 1));
        try {
            return reader.read();
        } finally {
            timer.cancel();
        }
    }

    /** Made at the first read that has to wait, so a body that is all there costs no timer. */
    private TimeoutControl rateTimer() {
        if (rateTimer == null) {
            rateTimer = stream.services().timeouts().register(reason -> {
                LOG.info("connection {} stream {}: the request body arrives slower than the minimum rate",
                        stream.connectionId(), stream.id());
                fail(new Http2RequestRejection(408, "REQUEST_BODY_TIMEOUT",
                        "the request body arrived slower than the minimum data rate"));
            });
        }
        return rateTimer;
    }

    @Override
    public ReadResult tryRead() {
        if (pipe == null) {
            return new ReadResult(BufferSequence.EMPTY, false, true);
        }
        return pipe().tryRead();
    }

    @Override
    public boolean whenReadable(Runnable callback) {
        return pipe != null && pipe.reader().whenReadable(callback);
    }

    @Override
    public void advanceTo(long consumedTo, long examined) {
        if (pipe == null) {
            return;
        }
        pipe.reader().advanceTo(consumedTo, examined);
        long delta = consumedTo - consumedPosition;
        if (delta > 0) {
            consumedPosition = consumedTo;
            consumed.accept(delta);
        }
    }

    @Override
    public void cancelPendingRead() {
        if (pipe != null) {
            pipe.reader().cancelPendingRead();
        }
    }

    @Override
    public void complete(Throwable error) {
        // The handler is done reading; the rest is given back when the stream completes.
    }
}
