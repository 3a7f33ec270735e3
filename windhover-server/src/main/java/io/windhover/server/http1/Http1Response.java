package io.windhover.server.http1;

import io.windhover.buffers.FlushResult;
import io.windhover.buffers.PipeException;
import io.windhover.buffers.PipeWriter;
import io.windhover.server.MinDataRate;
import io.windhover.server.core.DateHeader;
import io.windhover.server.core.HttpOutputProducer;
import io.windhover.server.core.TimeoutControl;
import io.windhover.server.core.TimeoutReason;
import io.windhover.server.http.HttpHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1's framing of a response that {@link io.windhover.server.core.ResponseState} decides: the
 * status line and fields, Content-Length or chunked (close-delimited for HTTP/1.0), the last chunk
 * with trailers, {@code Connection}, written into the connection's output pipe. Kestrel's
 * {@code Http1OutputProducer}.
 *
 * <p>A response that ends with its body still in the state's buffer is sent with a Content-Length;
 * otherwise with the handler's Content-Length if it set one, else chunked (HTTP/1.1) or delimited
 * by closing the connection (HTTP/1.0). A response with trailers is chunked unless it set a length.
 *
 * <p>Not thread-safe: used by the request's thread.
 */
final class Http1Response implements HttpOutputProducer {

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
    /** The head being assembled, and small bodies after it. */
    private final HeadBuffer head = new HeadBuffer();
    private Runnable onConnectionFailed;
    private Framing framing;
    // Per request:
    private HttpVersion version;
    private boolean headRequest;
    private boolean keepAlive;
    private boolean blocking = true;

    Http1Response(PipeWriter output, DateHeader date, byte[] serverLine, TimeoutControl timeout, MinDataRate minRate) {
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
     * lags; the connection applies back-pressure between requests instead.
     */
    void blocking(boolean blocking) {
        this.blocking = blocking;
    }

    /** Runs when a flush finds the connection failed (a reset, an abort): the request is aborted. */
    void onConnectionFailed(Runnable action) {
        this.onConnectionFailed = action;
    }

    void reset(HttpVersion version, boolean headRequest, boolean keepAlive) {
        this.version = version;
        this.headRequest = headRequest;
        this.keepAlive = keepAlive;
        head.clear();
        framing = null;
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
    public void lengthMismatchAfterStart() {
        closeConnection(); // the client cannot tell where the body ends
    }

    /** Lets go of the head's array while the connection waits for its next request. */
    void releaseStorage() {
        head.release();
    }

    /** Sends {@code 101 Switching Protocols} with {@code headers}; nothing follows from here. */
    void switchProtocols(HttpHeaders headers) throws IOException {
        framing = Framing.NONE;
        headers.remove("Content-Length");
        headers.remove("Transfer-Encoding");
        headers.set("Connection", "Upgrade");
        head.append(StatusLines.of(101));
        writeFields(headers);
        head.append(CRLF);
        head.writeTo(output);
        // The connection speaks another protocol for the rest of its life: the 101's head and the
        // buffer it was written from are not needed again.
        head.release();
        headers.clearAndRelease();
        flushOutput();
    }

    @Override
    public void writeHead(int status, HttpHeaders headers, HttpHeaders trailers, long declaredLength, long completeLength,
            boolean bodyAllowed) {
        headers.remove("Transfer-Encoding"); // the server frames the body
        long serverLength = -1;
        if (!bodyAllowed) {
            framing = Framing.NONE;
            headers.remove("Content-Length");
        } else if (declaredLength >= 0) {
            framing = Framing.CONTENT_LENGTH;
        } else if (completeLength >= 0 && (trailers.isEmpty() || version == HttpVersion.HTTP_1_0)) {
            framing = Framing.CONTENT_LENGTH;
            serverLength = completeLength;
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
        assembleHead(status, headers, serverLength);
    }

    /** Assembles the head in {@link #head}; it goes out with the first body bytes, or at the end. */
    private void assembleHead(int status, HttpHeaders headers, long serverLength) {
        head.append(StatusLines.of(status));
        if (serverLength >= 0) {
            head.append(CONTENT_LENGTH);
            head.appendDecimal(serverLength);
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

    @Override
    public void writeEnd(HttpHeaders trailers) {
        if (framing == Framing.CHUNKED && !headRequest) {
            writeLastChunk(trailers);
        }
        head.writeTo(output); // a head with no body after it
    }

    /** {@code 0 CRLF}, the trailer fields (RFC 9112 §7.1.2), then the final CRLF. */
    private void writeLastChunk(HttpHeaders trailers) {
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

    @Override
    public void writeBody(byte[] data, int offset, int length) throws IOException {
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

    @Override
    public FlushResult flush(boolean mayWait) throws IOException {
        head.writeTo(output); // a head not yet sent, for a body with nothing in it so far
        return flushOutput(mayWait);
    }

    /**
     * Flushes the output pipe, holding the peer to the minimum response data rate while the flush
     * waits for it to take the bytes; false when the peer is gone.
     */
    boolean flushOutput() throws IOException {
        return !flushOutput(blocking).isCompleted();
    }

    /** {@link #flushOutput()}, waiting for the peer only if {@code mayWait} and the response is blocking. */
    private FlushResult flushOutput(boolean mayWait) throws IOException {
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

    private IOException connectionFailed(PipeException e) {
        if (onConnectionFailed != null) {
            onConnectionFailed.run();
        }
        return new IOException("the connection failed while sending the response", e.getCause());
    }

    @Override
    public long unflushedBytes() {
        return output.unflushedBytes();
    }

    @Override
    public long unconsumedBytes() {
        return output.unconsumedBytes();
    }

    @Override
    public boolean whenWritable(Runnable callback) {
        return output.whenWritable(callback);
    }

    @Override
    public void cancelPendingFlush() {
        output.cancelPendingFlush();
    }
}
