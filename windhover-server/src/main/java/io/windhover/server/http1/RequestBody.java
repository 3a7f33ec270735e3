package io.windhover.server.http1;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.PipeException;
import io.windhover.buffers.PipeReader;
import io.windhover.buffers.ReadResult;
import io.windhover.buffers.SequenceReader;
import io.windhover.server.Http1Limits;
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
    final long maxSize;
    long received;
    /** Run once, before the first read: sends {@code 100 Continue} when the client asked for it. */
    private Runnable beforeFirstRead;
    private Http1Timeouts.Control timeout;
    private Http1Limits.MinDataRate minRate;
    private long startNanos = -1;

    RequestBody(PipeReader input, long maxSize) {
        this.input = input;
        this.maxSize = maxSize;
    }

    static RequestBody of(RequestBodyFraming framing, PipeReader input, long maxSize, HttpHeaders trailers) {
        return switch (framing.kind()) {
            case NONE -> new Sized(input, 0, maxSize);
            case CONTENT_LENGTH -> {
                if (framing.length() > maxSize) {
                    throw BadRequestException.of(RequestRejectionReason.REQUEST_BODY_TOO_LARGE,
                            "Content-Length " + framing.length() + " is over the limit of " + maxSize);
                }
                yield new Sized(input, framing.length(), maxSize);
            }
            case CHUNKED -> new Chunked(input, maxSize, trailers);
        };
    }

    /** Whether the whole body has been read. */
    abstract boolean isComplete();

    /** Sets what runs before the first read (RFC 9110 §10.1.1: 100 Continue only once the body is wanted). */
    void beforeFirstRead(Runnable action) {
        this.beforeFirstRead = action;
    }

    /** Holds the body to {@code rate} (null: no minimum) through the connection's timeout control. */
    void minDataRate(Http1Limits.MinDataRate rate, Http1Timeouts.Control control) {
        this.minRate = rate;
        this.timeout = control;
    }

    /** Whether a read has happened (and so the first-read action has run). */
    boolean wasRead() {
        return beforeFirstRead == null;
    }

    void startRead() {
        Runnable action = beforeFirstRead;
        if (action != null) {
            beforeFirstRead = null;
            if (!isComplete()) {
                action.run();
            }
        }
    }

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
            int n = read(scratch, 0, (int) Math.min(scratch.length, max + 1 - drained));
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
        if (minRate != null) {
            if (startNanos < 0) {
                startNanos = System.nanoTime();
            }
            // The next byte must arrive before the average since the first read falls under the rate.
            timeout.startAt(Http1Timeouts.Reason.REQUEST_BODY_RATE, minRate.deadlineFor(startNanos, received + 1));
        }
        ReadResult result;
        try {
            result = input.read();
        } catch (PipeException e) {
            throw new IOException("the connection failed while reading the request body", e.getCause());
        } finally {
            if (minRate != null) {
                timeout.cancel();
            }
        }
        if (result.isCanceled() && minRate != null && timeout.takeFired() == Http1Timeouts.Reason.REQUEST_BODY_RATE) {
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

        Sized(PipeReader input, long length, long maxSize) {
            super(input, maxSize);
            this.remaining = length;
        }

        @Override
        boolean isComplete() {
            return remaining == 0;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            java.util.Objects.checkFromIndexSize(offset, length, target.length);
            if (remaining == 0) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            startRead();
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
        private final ChunkedBodyDecoder decoder = new ChunkedBodyDecoder(100);
        private final HttpHeaders trailers;

        Chunked(PipeReader input, long maxSize, HttpHeaders trailers) {
            super(input, maxSize);
            this.trailers = trailers;
        }

        @Override
        boolean isComplete() {
            return decoder.isDone();
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            java.util.Objects.checkFromIndexSize(offset, length, target.length);
            if (decoder.isDone()) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            startRead();
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
                if (received > maxSize) {
                    throw new IOException(BadRequestException.of(RequestRejectionReason.REQUEST_BODY_TOO_LARGE,
                            "chunked body over the limit of " + maxSize));
                }
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
