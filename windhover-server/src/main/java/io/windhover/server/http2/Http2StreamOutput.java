package io.windhover.server.http2;

import io.windhover.buffers.FlushResult;
import io.windhover.server.core.HttpOutputProducer;
import io.windhover.server.http.HttpHeaders;
import java.io.IOException;

/**
 * How an HTTP/2 stream frames the response {@code ResponseState} decides: the head as a HEADERS
 * field block, the body as DATA frames within the stream's and the connection's windows, the end
 * as END_STREAM — on the HEADERS frame when nothing follows, on the last DATA frame, or on a
 * trailing HEADERS frame with the trailers (RFC 9113 §8.1). Kestrel's {@code Http2OutputProducer}.
 *
 * <p>Not thread-safe: used by the stream's request thread, through the connection's locked output.
 */
final class Http2StreamOutput implements HttpOutputProducer {

    /** Body bytes written before a flush is forced, so a large body streams instead of piling up in the pipe. */
    private static final int FLUSH_THRESHOLD = 64 * 1024;

    private final Http2Stream stream;
    private final Http2ConnectionOutput output;
    private final Http2Connection connection;
    /** Read by the frame loop too, to tell a closed stream from a half-closed one. */
    private volatile boolean endSent;
    /** The whole body is in the one write that follows the head: END_STREAM goes on its last DATA frame. */
    private boolean bodyInOneWrite;

    Http2StreamOutput(Http2Stream stream, Http2Connection connection) {
        this.stream = stream;
        this.connection = connection;
        this.output = connection.output();
    }

    /** Whether END_STREAM has been written: the response is complete on the wire. */
    boolean endSent() {
        return endSent;
    }

    @Override
    public void writeHead(int status, HttpHeaders headers, HttpHeaders trailers, long declaredLength, long completeLength,
            boolean bodyAllowed) {
        boolean empty = !bodyAllowed || (completeLength == 0 && trailers.isEmpty())
                || (stream.isHeadRequest() && trailers.isEmpty());
        long length = declaredLength >= 0 || !bodyAllowed ? -1 : completeLength;
        try {
            output.writeHeaders(stream, status, headers, connection.date(), connection.addServerHeader(), length, empty);
            endSent = empty;
            bodyInOneWrite = !empty && completeLength > 0 && trailers.isEmpty();
        } catch (IOException e) {
            // Seen by the next write or flush, which fail the same way.
            stream.outputFailed(e);
        }
    }

    @Override
    public void writeBody(byte[] data, int offset, int length) throws IOException {
        stream.checkOutput();
        output.writeData(stream, data, offset, length, bodyInOneWrite);
        endSent = bodyInOneWrite;
        if (output.unflushedBytes() >= FLUSH_THRESHOLD) {
            output.flush();
        }
    }

    @Override
    public void writeEnd(HttpHeaders trailers) throws IOException {
        if (endSent) {
            return;
        }
        stream.checkOutput();
        if (trailers.isEmpty()) {
            output.writeData(stream, new byte[0], 0, 0, true);
        } else {
            output.writeHeaders(stream, 0, trailers, null, false, -1, true);
        }
        endSent = true;
    }

    @Override
    public FlushResult flush(boolean mayWait) throws IOException {
        stream.checkOutput();
        return output.flush();
    }

    @Override
    public void lengthMismatchAfterStart() {
        // §8.1.1: the peer would take a body of the wrong length for a complete one: reset instead.
        stream.resetByServer(Http2ErrorCode.INTERNAL_ERROR);
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
