package io.windhover.server.http1;

import io.windhover.server.MinDataRate;
import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.PipeException;
import io.windhover.buffers.PipeReader;
import io.windhover.buffers.ReadResult;
import io.windhover.buffers.SequenceReader;
import io.windhover.server.core.TimeoutControl;
import io.windhover.server.core.TimeoutReason;
import io.windhover.server.http.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body as a stream, decoded from the connection's input pipe by its framing: nothing,
 * a Content-Length, or chunked. Reading past the body's end is impossible by construction: the
 * next request's bytes stay in the pipe.
 *
 * <p>Not thread-safe: read by the request's thread.
 */
abstract sealed class RequestBody extends InputStream {

    final PipeReader input;
    private long maxSize;
    long received;
    private boolean started;
    /** Run once, before the first read: sends {@code 100 Continue} when the client asked for it. */
    private Runnable beforeFirstRead;
    private TimeoutControl timeout;
    private MinDataRate minRate;
    private Runnable onConnectionFailed;
    private long startNanos = -1;

    RequestBody(PipeReader input, long maxSize) {
        this.input = input;
        this.maxSize = maxSize;
    }

    /** Makes this body ready for the next request of the connection, with the server's limit. */
    final void prepare(long maxSize) {
        this.maxSize = maxSize;
        received = 0;
        started = false;
        beforeFirstRead = null;
        startNanos = -1;
        reader = null;
    }

    /** Whether the whole body has been read. */
    abstract boolean isComplete();

    /**
     * Whether reading the rest of the body cannot wait for the peer: all of it is in the input
     * already (or the input has ended, or holds a framing error that the reads will report).
     * Looks at the input without consuming it; must be called between reads.
     */
    final boolean isBuffered() {
        if (isComplete()) {
            return true;
        }
        ReadResult result = input.tryRead();
        if (result == null) {
            return false;
        }
        BufferSequence buffer = result.buffer();
        // A cancelled read is a timeout or a close request, which this look has now swallowed:
        // say "not buffered" so that the body is read where waiting is allowed.
        boolean buffered = !result.isCanceled() && (result.isCompleted() || holdsRest(buffer));
        input.advanceTo(buffer.start(), buffer.start());
        return buffered;
    }

    /** Whether {@code buffer}, the unread input, holds the rest of the body. */
    abstract boolean holdsRest(BufferSequence buffer);

    /** Runs when a read finds the connection failed (a reset, an abort): the request is aborted. */
    final void onConnectionFailed(Runnable action) {
        this.onConnectionFailed = action;
    }

    private IOException connectionFailed(PipeException e) {
        if (onConnectionFailed != null) {
            onConnectionFailed.run();
        }
        return new IOException("the connection failed while reading the request body", e.getCause());
    }

    /** Sets what runs before the first read (RFC 9110 §10.1.1: 100 Continue only once the body is wanted). */
    void beforeFirstRead(Runnable action) {
        this.beforeFirstRead = action;
    }

    /** Holds the body to {@code rate} (null: no minimum) through the connection's timeout control. */
    void minDataRate(MinDataRate rate, TimeoutControl control) {
        this.minRate = rate;
        this.timeout = control;
    }

    private PipeReader reader;

    /**
     * The body as a {@link PipeReader} (Kestrel's {@code HttpRequest.BodyReader}): the same bytes
     * as the stream, from the same position — what one has consumed the other does not return.
     */
    final PipeReader asPipeReader() {
        if (reader == null) {
            reader = newReader();
        }
        return reader;
    }

    abstract PipeReader newReader();

    /** The reader made so far, or null. */
    final PipeReader existingReader() {
        return reader;
    }

    /** The most bytes the application may read; checked from the first read on. */
    long maxSize() {
        return maxSize;
    }

    /**
     * Changes the limit for this request, as Kestrel's {@code IHttpMaxRequestBodySizeFeature} does.
     *
     * @throws IllegalStateException once reading has begun
     */
    void maxSize(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("the body size limit must be zero or more, was " + bytes);
        }
        if (started) {
            throw new IllegalStateException("the request body is being read; its size limit can no longer change");
        }
        maxSize = bytes;
    }

    /** Whether the application has begun to read (and so the first-read action has run). */
    boolean wasRead() {
        return started;
    }

    /**
     * The first read: a declared length over the limit fails before anything is read or
     * {@code 100 Continue} invites the body; then the first-read action runs.
     */
    void startRead() throws IOException {
        if (started) {
            return;
        }
        started = true;
        if (declaredLength() > maxSize) {
            throw tooLarge("Content-Length " + declaredLength() + " is over the limit of " + maxSize);
        }
        Runnable action = beforeFirstRead;
        beforeFirstRead = null;
        if (action != null && !isComplete()) {
            action.run();
        }
    }

    /** The length the framing declares, or -1 when it does not say (chunked). */
    abstract long declaredLength();

    /** Whether the framing declares more than the limit (only a Content-Length can: chunked does not say). */
    final boolean declaredOverLimit() {
        return declaredLength() > maxSize;
    }

    /** Body bytes not yet read, when the framing says how many (Content-Length); else -1. */
    final long declaredRest() {
        long declared = declaredLength();
        return declared < 0 ? -1 : declared - received;
    }

    static IOException tooLarge(String message) {
        return new IOException(BadRequestException.of(RequestRejectionReason.REQUEST_BODY_TOO_LARGE, message));
    }

    /** The application's read: limit-checked, 100 Continue on the first. */
    @Override
    public final int read(byte[] target, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, target.length);
        if (isComplete()) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        startRead();
        int count = readBody(target, offset, length);
        if (received > maxSize) {
            throw tooLarge("body over the limit of " + maxSize + " bytes");
        }
        return count;
    }

    /** Reads decoded body bytes, at least one unless the body has ended (-1); the server's own reads skip the limit. */
    abstract int readBody(byte[] target, int offset, int length) throws IOException;

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    /**
     * Reads and discards up to {@code max} more bytes; true if the body ended within them, so the
     * connection can serve another request.
     */
    boolean drain(long max) throws IOException {
        byte[] scratch = new byte[8192];
        long drained = 0;
        while (!isComplete()) {
            // At most one byte past the limit: enough to know the rest is larger than it.
            int n = readBody(scratch, 0, (int) Math.min(scratch.length, max + 1 - drained));
            if (n < 0) {
                break;
            }
            drained += n;
            if (drained > max) {
                return false;
            }
        }
        return isComplete();
    }

    ReadResult readInput() throws IOException {
        return readInput(true);
    }

    /**
     * Reads the connection's input for the body, holding the peer to the minimum data rate while a
     * read waits; without {@code wait}, null when a read would wait.
     */
    ReadResult readInput(boolean wait) throws IOException {
        if (!wait) {
            try {
                return input.tryRead();
            } catch (PipeException e) {
                throw connectionFailed(e);
            }
        }
        long deadline = Long.MAX_VALUE;
        if (minRate != null) {
            if (startNanos < 0) {
                startNanos = timeout.now();
            }
            // The next byte must arrive before the average since the first read falls under the rate.
            deadline = minRate.deadlineFor(startNanos, received + 1);
            timeout.startAt(TimeoutReason.REQUEST_BODY_RATE, deadline);
        }
        ReadResult result;
        try {
            result = input.read();
        } catch (PipeException e) {
            throw connectionFailed(e);
        } finally {
            if (minRate != null) {
                timeout.cancel();
            }
        }
        boolean fired = result.isCanceled() && minRate != null && timeout.takeFired() == TimeoutReason.REQUEST_BODY_RATE;
        // Bytes that come after their deadline, before a heartbeat looked, are as late as none: the
        // rate holds whatever the heartbeat's timing.
        boolean late = minRate != null && !result.isCompleted() && timeout.now() - deadline > 0;
        if (fired || late) {
            input.advanceTo(result.buffer().start(), result.buffer().start());
            throw new IOException(BadRequestException.of(RequestRejectionReason.REQUEST_BODY_TIMEOUT,
                    "request body slower than " + minRate.bytesPerSecond() + " bytes/s"));
        }
        return result;
    }

    static IOException endedEarly() {
        return new IOException(BadRequestException.of(RequestRejectionReason.UNEXPECTED_END_OF_REQUEST,
                "the connection closed before the request body ended"));
    }

    /** A body of a known length (zero for none). */
    static final class Sized extends RequestBody {
        private long remaining;

        Sized(PipeReader input) {
            super(input, 0);
        }

        /** The next request's body: {@code length} bytes (0 for none). */
        Sized reset(long length, long maxSize) {
            prepare(maxSize);
            remaining = length;
            return this;
        }

        @Override
        boolean isComplete() {
            return remaining == 0;
        }

        @Override
        boolean holdsRest(BufferSequence buffer) {
            return buffer.length() >= remaining;
        }

        @Override
        long declaredLength() {
            return received + remaining;
        }

        long remaining() {
            return remaining;
        }

        /** The application consumed {@code count} bytes through the reader. */
        void consumed(long count) {
            remaining -= count;
            received += count;
        }

        @Override
        PipeReader newReader() {
            return new SizedBodyReader(this);
        }

        @Override
        int readBody(byte[] target, int offset, int length) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            while (true) {
                ReadResult result = readInput();
                BufferSequence buffer = result.buffer();
                if (!buffer.isEmpty()) {
                    int count = (int) Math.min(Math.min(length, remaining), buffer.length());
                    buffer.copyTo(buffer.start(), target, offset, count);
                    input.advanceTo(buffer.start() + count);
                    remaining -= count;
                    received += count;
                    return count;
                }
                input.advanceTo(buffer.start(), buffer.end());
                if (result.isCompleted()) {
                    throw endedEarly();
                }
            }
        }
    }

    /** A chunked body, decoded on the fly; trailers land in the request's trailer headers. */
    static final class Chunked extends RequestBody {
        /** Trailer fields accepted after the last chunk: as many as header fields by default. */
        private static final int MAX_TRAILER_COUNT = 100;
        private static final ChunkedBodyDecoder.Sink IGNORE = new ChunkedBodyDecoder.Sink() {
            @Override
            public void onData(BufferSequence buffer, long start, long end) {
            }

            @Override
            public void onTrailer(BufferSequence buffer, long nameStart, long nameEnd, long valueStart, long valueEnd) {
            }
        };
        private final ChunkedBodyDecoder decoder = new ChunkedBodyDecoder(MAX_TRAILER_COUNT);
        private final HttpHeaders trailers;

        Chunked(PipeReader input, HttpHeaders trailers) {
            super(input, 0);
            this.trailers = trailers;
        }

        /** The next request's chunked body. */
        Chunked reset(long maxSize) {
            prepare(maxSize);
            decoder.reset();
            return this;
        }

        @Override
        boolean holdsRest(BufferSequence buffer) {
            if (received > 0) {
                return false; // part-read: the decoder's state is mid-chunk; only whole bodies are probed
            }
            try {
                return new ChunkedBodyDecoder(MAX_TRAILER_COUNT).decode(new SequenceReader(buffer), IGNORE);
            } catch (BadRequestException e) {
                return true; // the reads meet the same error at the same byte, before any wait
            }
        }

        @Override
        long declaredLength() {
            return -1;
        }

        @Override
        PipeReader newReader() {
            return new ChunkedBodyReader(this);
        }

        ChunkedBodyDecoder decoder() {
            return decoder;
        }

        HttpHeaders trailerFields() {
            return trailers;
        }

        @Override
        boolean isComplete() {
            return decoder.isDone() && (!(existingReader() instanceof ChunkedBodyReader r) || r.leftover() == 0);
        }

        @Override
        int readBody(byte[] target, int offset, int length) throws IOException {
            if (existingReader() instanceof ChunkedBodyReader r && r.leftover() > 0) {
                return r.takeLeftover(target, offset, length); // decoded for the reader, not consumed there
            }
            if (decoder.isDone()) {
                return -1;
            }
            var copier = new Copier(target, offset);
            while (true) {
                ReadResult result = readInput();
                BufferSequence buffer = result.buffer();
                var reader = new SequenceReader(buffer);
                boolean done;
                try {
                    done = decoder.decode(reader, copier, length);
                } catch (BadRequestException e) {
                    input.advanceTo(buffer.start(), buffer.end());
                    throw new IOException(e);
                }
                long position = reader.position();
                boolean progress = copier.copied > 0 || done;
                input.advanceTo(position, progress ? position : buffer.end());
                received += copier.copied;
                if (copier.copied > 0) {
                    return copier.copied;
                }
                if (done) {
                    return -1;
                }
                if (result.isCompleted()) {
                    throw endedEarly();
                }
            }
        }

        /** Copies decoded data into the caller's array; collects trailers. */
        private final class Copier implements ChunkedBodyDecoder.Sink {
            private final byte[] target;
            private final int offset;
            int copied;

            Copier(byte[] target, int offset) {
                this.target = target;
                this.offset = offset;
            }

            @Override
            public void onData(BufferSequence buffer, long start, long end) {
                buffer.copyTo(start, target, offset + copied, (int) (end - start));
                copied += (int) (end - start);
            }

            @Override
            public void onTrailer(BufferSequence buffer, long nameStart, long nameEnd, long valueStart, long valueEnd) {
                trailers.add(buffer.slice(nameStart, nameEnd).toString(java.nio.charset.StandardCharsets.US_ASCII),
                        buffer.slice(valueStart, valueEnd).toString(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
    }
}
