package io.windhover.server.http1;

import io.windhover.server.MinDataRate;
import io.windhover.buffers.FlushResult;
import io.windhover.buffers.PipeException;
import io.windhover.buffers.PipeWriter;
import io.windhover.server.core.DateHeader;
import io.windhover.server.core.TimeoutControl;
import io.windhover.server.core.TimeoutReason;
import io.windhover.server.http.HttpHeaders;
import io.windhover.server.http.HttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The HTTP/1.1 side of an {@link HttpResponse}: it decides the framing and writes the head and
 * body into the connection's output pipe.
 *
 * <p>Body writes are buffered until the handler flushes, the buffer fills, or the response ends.
 * A response that ends with its body still buffered is sent with a Content-Length; otherwise with
 * the handler's Content-Length if it set one, else chunked (HTTP/1.1) or delimited by closing the
 * connection (HTTP/1.0). No body is sent for HEAD, 1xx, 204 and 304 (RFC 9110 §6.4.1).
 *
 * <p>A body must match the Content-Length the handler set, as in Kestrel: the write that would go
 * past it is refused, and a response that ends short of it fails; either throws an
 * {@link IllegalStateException} naming both numbers ("too many bytes written (20 of 10)"), which
 * the exchange answers with 500 if nothing was sent yet, else by aborting the connection.
 *
 * <p>Not thread-safe: used by the request's thread.
 */
final class Http1Response implements HttpResponse {

    /** Body bytes held back before the head is sent: enough for most API responses in one packet. */
    static final int BUFFER_SIZE = 16 * 1024;
    /** Unflushed body bytes that trigger a flush: the transport's default write buffer limit. */
    static final int FLUSH_THRESHOLD = 64 * 1024;
    /** Body writes up to this size are copied in with the head; larger ones go to the pipe directly. */
    private static final int MERGE_LIMIT = 4096;
    /**
     * Bytes an inline response may hold in the output pipe while the peer lags: an inline flush
     * cannot wait, so past this the response fails rather than buffer without bound.
     */
    static final long INLINE_HOLD_LIMIT = 1024 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] COLON_SPACE = {':', ' '};
    private static final byte[] CHUNKED = "Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = "Connection: keep-alive\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);

    private enum Framing { CONTENT_LENGTH, CHUNKED, CLOSE_DELIMITED, NONE }

    private final PipeWriter output;
    private final DateHeader date;
    /** {@code Server: Windhover CRLF}, or null when the server is configured not to name itself. */
    private final byte[] serverLine;
    private final TimeoutControl timeout;
    private final MinDataRate minRate;
    /** Checked as the handler sets them: a CR or LF in a field would split the response. */
    private final HttpHeaders headers = HttpHeaders.forResponse();
    private final HttpHeaders trailers = HttpHeaders.forResponse();
    private final Body body = new Body();
    /** The head being assembled, and small bodies after it. */
    private final HeadBuffer head = new HeadBuffer();
    private ResponseBodyWriter writer;
    private Throwable failure;
    private int status = 200;
    private boolean started;
    private boolean ended;
    private Runnable onConnectionFailed;
    /** Set by the request's own thread through {@code HttpContext.abort()}. */
    private boolean aborted;
    private Framing framing;
    private long declaredLength = -1;
    private long written;
    private byte[] buffer = new byte[256];
    private int buffered;
    // Per request:
    private HttpVersion version;
    private boolean headRequest;
    private boolean keepAlive;
    private boolean blocking = true;

    Http1Response(PipeWriter output, DateHeader date, byte[] serverLine, TimeoutControl timeout,
            MinDataRate minRate) {
        this.output = output;
        this.serverLine = serverLine;
        this.date = date;
        this.timeout = timeout;
        this.minRate = minRate;
    }

    /**
     * Whether {@link #flushOutput()} waits while the peer lags (on a thread of the connection's
     * own) or never waits (inline on an I/O loop, which is what drains the output: waiting there
     * would wait for itself). A response written inline is held in memory as far as the socket
     * lags; the session applies back-pressure between requests instead.
     */
    void blocking(boolean blocking) {
        this.blocking = blocking;
    }

    void reset(HttpVersion version, boolean headRequest, boolean keepAlive) {
        this.version = version;
        this.headRequest = headRequest;
        this.keepAlive = keepAlive;
        status = 200;
        head.clear();
        headers.clear();
        trailers.clear();
        started = ended = aborted = false;
        failure = null;
        framing = null;
        declaredLength = -1;
        written = 0;
        buffered = 0;
    }

    /** Runs when a flush finds the connection failed (a reset, an abort): the request is aborted. */
    void onConnectionFailed(Runnable action) {
        this.onConnectionFailed = action;
    }

    private IOException connectionFailed(PipeException e) {
        if (onConnectionFailed != null) {
            onConnectionFailed.run();
        }
        return new IOException("the connection failed while sending the response", e.getCause());
    }

    /** The application aborted the request: what it writes from now on is refused, not sent. */
    void abort() {
        aborted = true;
    }

    /** Whether the connection may serve another request after this response. */
    boolean keepAlive() {
        return keepAlive;
    }

    /** The connection closes after this response: the head says so if it has not been written yet. */
    void closeConnection() {
        keepAlive = false;
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

    @Override
    public OutputStream body() {
        return body;
    }

    @Override
    public long bytesWritten() {
        return written + buffered;
    }

    @Override
    public boolean hasStarted() {
        return started;
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

    /** Sends {@code 101 Switching Protocols} with the headers set so far; nothing follows from here. */
    void switchProtocols() throws IOException {
        started = true;
        ended = true;
        framing = Framing.NONE;
        status = 101;
        headers.remove("Content-Length");
        headers.remove("Transfer-Encoding");
        headers.set("Connection", "Upgrade");
        head.append(StatusLines.of(101));
        writeFields(headers);
        head.append(CRLF);
        head.writeTo(output);
        flushOutput();
    }

    /** Forgets what the handler set and wrote, for an error answer; only before the response started. */
    void clearForError(int errorStatus) {
        status = errorStatus;
        headers.clear();
        buffered = 0;
    }

    private boolean bodyAllowed() {
        return !(status < 200 || status == 204 || status == 304);
    }

    /** Ends the response: sends the head if not yet sent, the buffered body, and the chunked terminator. */
    void end() throws IOException {
        if (ended) {
            return;
        }
        checkContentLength();
        ended = true;
        if (!started) {
            start(true);
        }
        writeBuffered();
        if (framing == Framing.CHUNKED && !headRequest) {
            writeLastChunk();
        }
        head.writeTo(output); // a head with no body after it
    }

    /**
     * Fails a response whose body does not match the Content-Length the handler set, before the
     * end sends anything: Kestrel's check when the application returns. Nothing to check once ended.
     *
     * @throws IllegalStateException naming the bytes written and the length declared
     */
    void checkContentLength() throws IOException {
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
        if (started) {
            return framing == Framing.CONTENT_LENGTH ? declaredLength : -1;
        }
        return parseContentLength();
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
            closeConnection(); // some of the body is on the wire: the client cannot tell where it ends
        }
        return new IllegalStateException("response Content-Length mismatch: " + which + " bytes written ("
                + written + " of " + declared + ")");
    }

    /** Writes the status line and headers; {@code ending} when the whole body is in the buffer. */
    private void start(boolean ending) throws IOException {
        declaredLength = parseContentLength();
        if (declaredLength >= 0 && buffered > declaredLength && bodyAllowed() && !headRequest) {
            // Written while no length was set, then a shorter one set: caught before the head goes out.
            throw lengthMismatch("too many", buffered, declaredLength);
        }
        started = true;
        headers.remove("Transfer-Encoding"); // the server frames the body
        boolean serverLength = false;
        if (!bodyAllowed()) {
            framing = Framing.NONE;
            headers.remove("Content-Length");
        } else if (declaredLength >= 0) {
            framing = Framing.CONTENT_LENGTH;
        } else if (ending && (trailers.isEmpty() || version == HttpVersion.HTTP_1_0)) {
            framing = Framing.CONTENT_LENGTH;
            declaredLength = buffered;
            serverLength = true;
        } else if (version == HttpVersion.HTTP_1_1) {
            framing = Framing.CHUNKED;
        } else {
            framing = Framing.CLOSE_DELIMITED;
            keepAlive = false;
        }
        if (headers.containsToken("Connection", "close")) {
            keepAlive = false;
        }
        headers.remove("Connection");
        writeHead(serverLength);
    }

    /** Assembles the head in {@link #head}; it goes out with the first body bytes, or at the end. */
    private void writeHead(boolean serverLength) {
        head.append(StatusLines.of(status));
        if (serverLength) {
            head.append(CONTENT_LENGTH);
            head.appendDecimal(declaredLength);
            head.append(CRLF);
        }
        writeFields(headers);
        if (!headers.contains("Date")) {
            head.append(date.line());
        }
        if (serverLine != null && !headers.contains("Server")) {
            head.append(serverLine);
        }
        if (framing == Framing.CHUNKED) {
            head.append(CHUNKED);
        }
        if (!keepAlive) {
            head.append(CLOSE);
        } else if (version == HttpVersion.HTTP_1_0) {
            head.append(KEEP_ALIVE); // RFC 9112 §9.3: an HTTP/1.0 connection stays open only if said
        }
        head.append(CRLF);
    }

    /** {@code 0 CRLF}, the trailer fields (RFC 9112 §7.1.2), then the final CRLF. */
    private void writeLastChunk() {
        if (trailers.isEmpty()) {
            head.append(LAST_CHUNK);
        } else {
            head.append(LAST_CHUNK, 0, 3);
            writeFields(trailers);
            head.append(CRLF);
        }
        head.writeTo(output);
    }

    /** {@code name: value CRLF} for each field; a well-known name pre-encoded, values as ISO-8859-1. */
    private void writeFields(HttpHeaders fields) {
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.name(i);
            byte[] encoded = ResponseHeaderNames.encoded(name);
            if (encoded != null) {
                head.append(encoded);
            } else {
                head.appendLatin1(name);
                head.append(COLON_SPACE);
            }
            head.appendLatin1(fields.value(i));
            head.append(CRLF);
        }
    }

    private void writeBuffered() throws IOException {
        if (buffered > 0) {
            writeFramed(buffer, 0, buffered);
            buffered = 0;
        }
    }

    private void writeFramed(byte[] data, int offset, int length) throws IOException {
        written += length;
        if (framing == Framing.NONE || headRequest) {
            head.writeTo(output);
            return; // counted, never sent
        }
        if (framing == Framing.CHUNKED) {
            head.appendHex(length);
            head.append(CRLF);
        }
        if (length <= MERGE_LIMIT) {
            // A small body goes out in the same copy as the head (or chunk header) before it.
            head.append(data, offset, length);
            if (framing == Framing.CHUNKED) {
                head.append(CRLF);
            }
            head.writeTo(output);
        } else {
            head.writeTo(output);
            output.write(data, offset, length);
            if (framing == Framing.CHUNKED) {
                output.write(CRLF);
            }
        }
        // Without a flush the output pipe applies no back-pressure: a handler writing a large body
        // to a slow reader would buffer all of it. Flush every so often, which also holds the peer
        // to the minimum response data rate.
        if (output.unflushedBytes() >= FLUSH_THRESHOLD) {
            flushOutput();
        }
    }

    /**
     * Flushes the output pipe, holding the peer to the minimum response data rate while the flush
     * waits for it to take the bytes; false when the peer is gone.
     */
    boolean flushOutput() throws IOException {
        return !flushOutput(blocking).isCompleted();
    }

    /** {@link #flushOutput()}, waiting for the peer only if {@code mayWait} and the response is blocking. */
    FlushResult flushOutput(boolean mayWait) throws IOException {
        if (!blocking || !mayWait) {
            FlushResult result;
            try {
                result = output.tryFlush();
            } catch (PipeException e) {
                throw connectionFailed(e);
            }
            if (!blocking && output.unconsumedBytes() > INLINE_HOLD_LIMIT) {
                throw new IOException("an inline response holds over " + INLINE_HOLD_LIMIT
                        + " bytes that the peer has not taken; serve large responses with Scheduling.VIRTUAL_THREAD");
            }
            return result;
        }
        long pending = output.unflushedBytes();
        if (minRate != null && pending > 0) {
            timeout.startAt(TimeoutReason.RESPONSE_RATE, minRate.deadlineFor(timeout.now(), pending));
        }
        try {
            return output.flush();
        } catch (PipeException e) {
            throw connectionFailed(e);
        } finally {
            if (minRate != null && pending > 0) {
                timeout.cancel();
            }
        }
    }

    /** Sends the head if not yet sent and the buffered body, then flushes; see {@link #flushOutput(boolean)}. */
    FlushResult flushBody(boolean mayWait) throws IOException {
        if (ended) {
            return FlushResult.of(false, false);
        }
        if (!started) {
            start(false);
        }
        writeBuffered();
        head.writeTo(output);
        return flushOutput(mayWait);
    }

    /** Body bytes written and not yet flushed to the peer, the response's own buffer included. */
    long unflushedBodyBytes() {
        return buffered + output.unflushedBytes();
    }

    /** What the response holds unsent: its own buffer and the output pipe's unconsumed bytes. */
    long heldBytes() {
        return buffered + output.unconsumedBytes();
    }

    PipeWriter output() {
        return output;
    }

    /** The body as a {@link PipeWriter}; the same body as {@link #body()}, in the order written. */
    @Override
    public PipeWriter bodyWriter() {
        if (writer == null) {
            writer = new ResponseBodyWriter(this, body);
        }
        return writer;
    }

    /** Set when the application completed the body writer with an error: the response failed. */
    void fail(Throwable error) {
        if (failure == null) {
            failure = error;
        }
    }

    /** The error the application failed the response with, or null. */
    Throwable failure() {
        return failure;
    }

    /** The body stream handed to the handler. */
    private final class Body extends OutputStream {

        @Override
        public void write(int value) throws IOException {
            write(new byte[] {(byte) value}, 0, 1);
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            java.util.Objects.checkFromIndexSize(offset, length, data.length);
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
                    buffer = Arrays.copyOf(buffer, Math.min(BUFFER_SIZE, Math.max(buffered + length, buffer.length * 2)));
                }
                System.arraycopy(data, offset, buffer, buffered, length);
                buffered += length;
                return;
            }
            if (!started) {
                start(false);
                writeBuffered();
            }
            writeFramed(data, offset, length);
        }

        @Override
        public void flush() throws IOException {
            if (aborted) {
                throw new IOException("the request was aborted; its response cannot be sent");
            }
            if (flushBody(true).isCompleted() && !ended) {
                // The transport completed the output: the connection is gone, aborted or reset. Said
                // the same way whether the abort's error or the completion reached the pipe first.
                throw new IOException("the connection is closed; the response cannot be sent");
            }
        }

        @Override
        public void close() throws IOException {
            end();
        }
    }
}
