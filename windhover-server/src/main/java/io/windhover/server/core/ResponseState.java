package io.windhover.server.core;

import io.windhover.buffers.FlushResult;
import io.windhover.buffers.PipeWriter;
import io.windhover.server.http.HttpHeaders;
import io.windhover.server.http.HttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A response as every protocol keeps it, whatever frames it: the status and headers until they
 * freeze, the body buffered until the handler flushes or the buffer fills, the Content-Length the
 * handler set held against what it writes, trailers, the end. Kestrel's {@code HttpProtocol}
 * response half, Jetty 12's {@code HttpChannelState}. Where the bytes go and how they are framed is
 * the {@link HttpOutputProducer}'s business.
 *
 * <pre>
 *   not started --(flush, buffer full, end)--> started --(end, close, handler returns)--> ended
 *   (status, headers change)                  (head on its way; body streams)
 * </pre>
 *
 * <p>A body must match the Content-Length the handler set, as in Kestrel: the write that would go
 * past it is refused, and a response that ends short of it fails; either throws an
 * {@link IllegalStateException} naming both numbers ("too many bytes written (20 of 10)"), which
 * the engine answers with 500 if nothing was sent yet, else by cutting the response off. No body
 * is sent for HEAD, 1xx, 204 and 304 (RFC 9110 §6.4.1), though what the handler writes is counted.
 *
 * <p>Not thread-safe: used by the request's thread. Reused from request to request ({@link #reset}).
 */
public final class ResponseState implements HttpResponse {

    /** Body bytes held back before the head is sent: enough for most API responses in one packet. */
    public static final int BUFFER_SIZE = 16 * 1024;

    private final HttpOutputProducer producer;
    /** Checked as the handler sets them: a CR or LF in a field would split the response. */
    private final HttpHeaders headers = HttpHeaders.forResponse();
    private final HttpHeaders trailers = HttpHeaders.forResponse();
    /** The request this response belongs to, counted per connection: a body kept past it is refused. */
    private long generation;
    /** This request's body stream and writer, made when the handler first asks. */
    private Body body;
    private ResponseBodyWriter writer;
    private Throwable failure;
    private int status = 200;
    private boolean started;
    private boolean ended;
    /** Set by the request's own thread through {@code HttpContext.abort()}. */
    private boolean aborted;
    /** After the start: the length the body is held to, or -1. */
    private long declaredLength = -1;
    private long written;
    private static final byte[] NO_BUFFER = {};
    private static final int FIRST_BUFFER = 256;

    private byte[] buffer = new byte[FIRST_BUFFER];
    private int buffered;
    private boolean headRequest;

    public ResponseState(HttpOutputProducer producer) {
        this.producer = Objects.requireNonNull(producer, "producer");
    }

    /**
     * Lets go of the arrays the last response's fields and body buffer used, for a connection that
     * waits for its next request: an idle connection holds no response. The next one allocates
     * them again as it needs them. Call it between responses only.
     */
    public void releaseStorage() {
        buffer = NO_BUFFER;
        headers.clearAndRelease();
        trailers.clearAndRelease();
    }

    /** Makes the state that of a new response, to a HEAD request or not. */
    public void reset(boolean headRequest) {
        this.headRequest = headRequest;
        generation++;
        body = null;
        writer = null;
        status = 200;
        headers.clear();
        trailers.clear();
        started = ended = aborted = false;
        failure = null;
        declaredLength = -1;
        written = 0;
        buffered = 0;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public HttpResponse status(int status) {
        if (started) {
            throw new IllegalStateException("the response has started; its status can no longer change");
        }
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must have three digits, was " + status);
        }
        // RFC 9110 §15.2: a 1xx response is interim, "terminated by the end of the header section"
        // and followed by the final response; sent as the final one it would leave the client
        // waiting for an answer that never comes. 101 is the upgrade's to send.
        if (status < 200) {
            throw new IllegalArgumentException("status " + status + " is informational (1xx), not a final status; "
                    + (status == 101 ? "switch protocols with HttpContext.upgrade()" : "use a final status, 200 to 999"));
        }
        this.status = status;
        return this;
    }

    @Override
    public HttpHeaders headers() {
        return headers;
    }

    /**
     * This request's body stream. A new one per request (one small object, when the handler asks):
     * a stream kept past its response and written later must fail, never reach the next response
     * on the connection, which may be another user's.
     */
    @Override
    public OutputStream body() {
        if (body == null) {
            body = new Body(generation);
        }
        return body;
    }

    /** @throws IOException if {@code owner} is an earlier request's: its response has ended */
    void checkCurrent(long owner) throws IOException {
        if (owner != generation) {
            throw new IOException("this response body belongs to an earlier request on the connection, which has ended;"
                    + " a body must not be used after its response");
        }
    }

    long generation() {
        return generation;
    }

    @Override
    public long bytesWritten() {
        return written + buffered;
    }

    @Override
    public boolean hasStarted() {
        return started;
    }

    /** Whether the response has ended: nothing more of it will be written. */
    public boolean hasEnded() {
        return ended;
    }

    @Override
    public HttpHeaders trailers() {
        return trailers;
    }

    @Override
    public void discardBody() {
        if (started) {
            throw new IllegalStateException("the response has started; its body is already on its way");
        }
        buffered = 0;
    }

    /** Forgets what the handler set and wrote, for an error answer; only before the response started. */
    public void clearForError(int errorStatus) {
        status = errorStatus;
        headers.clear();
        buffered = 0;
    }

    /**
     * The response becomes {@code 101 Switching Protocols} with the headers set so far, which are
     * returned for the protocol to send; nothing follows it.
     */
    public HttpHeaders switchProtocols() {
        started = true;
        ended = true;
        status = 101;
        return headers;
    }

    /** The application aborted the request: what it writes from now on is refused, not sent. */
    public void abort() {
        aborted = true;
    }

    private boolean bodyAllowed() {
        return !(status < 200 || status == 204 || status == 304);
    }

    /** Ends the response: the head if not yet sent, the buffered body, then the protocol's end. */
    public void end() throws IOException {
        if (ended) {
            return;
        }
        checkContentLength();
        ended = true;
        if (!started) {
            start(true);
        }
        writeBuffered();
        producer.writeEnd(trailers);
    }

    /**
     * Fails a response whose body does not match the Content-Length the handler set, before the
     * end sends anything: Kestrel's check when the application returns. Nothing to check once ended.
     *
     * @throws IllegalStateException naming the bytes written and the length declared
     */
    public void checkContentLength() throws IOException {
        long declared = ended ? -1 : declaredBodyLength();
        if (declared >= 0 && bytesWritten() != declared) {
            throw lengthMismatch(bytesWritten() < declared ? "too few" : "too many", bytesWritten(), declared);
        }
    }

    /**
     * The body length the handler declared with Content-Length, or -1 when it declared none or no
     * body is sent (HEAD, 1xx, 204, 304). Before the start it is read from the headers, which the
     * handler may still change.
     */
    private long declaredBodyLength() throws IOException {
        if (headRequest || !bodyAllowed()) {
            return -1;
        }
        return started ? declaredLength : parseContentLength();
    }

    private long parseContentLength() throws IOException {
        String length = headers.get("Content-Length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            throw new IOException("the response's Content-Length '" + length + "' is not a number");
        }
    }

    /** Kestrel's wording: "Response Content-Length mismatch: too many bytes written (20 of 10)". */
    private IllegalStateException lengthMismatch(String which, long written, long declared) {
        if (started) {
            producer.lengthMismatchAfterStart(); // some of the body is on the wire
        }
        return new IllegalStateException("response Content-Length mismatch: " + which + " bytes written ("
                + written + " of " + declared + ")");
    }

    /** Freezes the head and hands it to the protocol; {@code ending} when the whole body is in the buffer. */
    private void start(boolean ending) throws IOException {
        long declared = parseContentLength();
        boolean bodyAllowed = bodyAllowed();
        if (declared >= 0 && buffered > declared && bodyAllowed && !headRequest) {
            // Written while no length was set, then a shorter one set: caught before the head goes out.
            throw lengthMismatch("too many", buffered, declared);
        }
        started = true;
        declaredLength = bodyAllowed ? declared : -1;
        producer.writeHead(status, headers, trailers, declaredLength, ending ? buffered : -1, bodyAllowed);
    }

    private void writeBuffered() throws IOException {
        if (buffered > 0) {
            send(buffer, 0, buffered);
            buffered = 0;
        }
    }

    private void send(byte[] data, int offset, int length) throws IOException {
        written += length;
        if (headRequest || !bodyAllowed()) {
            return; // counted, never sent
        }
        producer.writeBody(data, offset, length);
    }

    /** Sends the head if not yet sent and the buffered body, then flushes; see {@link HttpOutputProducer#flush}. */
    public FlushResult flushBody(boolean mayWait) throws IOException {
        if (ended) {
            return FlushResult.of(false, false);
        }
        if (!started) {
            start(false);
        }
        writeBuffered();
        return producer.flush(mayWait);
    }

    /** Body bytes written and not yet flushed to the peer, this state's buffer included. */
    long unflushedBodyBytes() {
        return buffered + producer.unflushedBytes();
    }

    /** What the response holds unsent: its own buffer and what the peer has not taken. */
    long heldBytes() {
        return buffered + producer.unconsumedBytes();
    }

    HttpOutputProducer producer() {
        return producer;
    }

    /** The body as a {@link PipeWriter}; the same body as {@link #body()}, in the order written. */
    @Override
    public PipeWriter bodyWriter() {
        if (writer == null) {
            writer = new ResponseBodyWriter(this, (Body) body(), generation);
        }
        return writer;
    }

    /** Set when the application completed the body writer with an error: the response failed. */
    void fail(Throwable error, long owner) {
        if (owner == generation && failure == null) {
            failure = error;
        }
    }

    /** The error the application failed the response with, or null. */
    public Throwable failure() {
        return failure;
    }

    /** The body stream handed to the handler for one request. */
    final class Body extends OutputStream {
        private final long owner;

        Body(long owner) {
            this.owner = owner;
        }

        @Override
        public void write(int value) throws IOException {
            write(new byte[] {(byte) value}, 0, 1);
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, data.length);
            checkCurrent(owner);
            if (aborted) {
                throw new IOException("the request was aborted; its response takes no more writes");
            }
            if (ended) {
                throw new IOException("the response has ended");
            }
            long declared = declaredBodyLength();
            if (declared >= 0 && bytesWritten() + length > declared) {
                // Kestrel refuses the whole write, before any of it is buffered or sent. Before the
                // start the length is looked up in the headers: a scan of a few fields per write.
                throw lengthMismatch("too many", bytesWritten() + length, declared);
            }
            if (!started && buffered + length <= BUFFER_SIZE) {
                if (buffered + length > buffer.length) {
                    buffer = Arrays.copyOf(buffer,
                            Math.min(BUFFER_SIZE, Math.max(buffered + length, Math.max(FIRST_BUFFER, buffer.length * 2))));
                }
                System.arraycopy(data, offset, buffer, buffered, length);
                buffered += length;
                return;
            }
            if (!started) {
                start(false);
                writeBuffered();
            }
            send(data, offset, length);
        }

        @Override
        public void flush() throws IOException {
            checkCurrent(owner);
            if (aborted) {
                throw new IOException("the request was aborted; its response cannot be sent");
            }
            if (flushBody(true).isCompleted() && !ended) {
                // The transport completed the output: the connection is gone, aborted or reset. Said
                // the same way whether the abort's error or the completion reached the pipe first.
                throw new IOException("the connection is closed; the response cannot be sent");
            }
        }

        /** Ends the response; closing an earlier request's stream again does nothing, as a second close does. */
        @Override
        public void close() throws IOException {
            if (owner == generation) {
                end();
            }
        }
    }
}
