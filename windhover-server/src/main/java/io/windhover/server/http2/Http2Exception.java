package io.windhover.server.http2;

/**
 * An HTTP/2 error, with its scope (RFC 9113 §5.4) and so its outcome on the wire:
 * <ul>
 *   <li>{@linkplain #connection(Http2ErrorCode, String) a connection error} (§5.4.1): "An endpoint
 *       that encounters a connection error SHOULD first send a GOAWAY frame ... with the stream
 *       identifier of the last stream that it successfully received from its peer", then closes the
 *       connection;</li>
 *   <li>{@linkplain #stream(int, Http2ErrorCode, String) a stream error} (§5.4.2): "An endpoint that
 *       detects a stream error sends a RST_STREAM frame ... that contains the stream identifier of
 *       the stream where the error occurred", and the connection goes on.</li>
 * </ul>
 * The engine's frame loop catches it and does exactly that; the message is for logs and, for a
 * connection error, the GOAWAY's debug data.
 *
 * <p>Checked, so that every path that can end a stream or a connection says so. Carries no stack
 * trace: a peer can provoke it at will, and it is an answer, not a bug.
 */
public final class Http2Exception extends Exception {

    /** Whether the error ends the connection or one stream. */
    public enum Scope {
        /** Answered with GOAWAY; the connection closes. */
        CONNECTION,
        /** Answered with RST_STREAM on {@link #streamId()}; the connection goes on. */
        STREAM
    }

    private final Scope scope;
    private final int streamId;
    private final Http2ErrorCode errorCode;

    private Http2Exception(Scope scope, int streamId, Http2ErrorCode errorCode, String message) {
        super(message, null, false, false);
        this.scope = scope;
        this.streamId = streamId;
        this.errorCode = errorCode;
    }

    /** A connection error (RFC 9113 §5.4.1): GOAWAY with {@code errorCode}, then close. */
    public static Http2Exception connection(Http2ErrorCode errorCode, String message) {
        return new Http2Exception(Scope.CONNECTION, 0, errorCode, message);
    }

    /**
     * A stream error (RFC 9113 §5.4.2): RST_STREAM on {@code streamId} with {@code errorCode}.
     *
     * @throws IllegalArgumentException if {@code streamId} is not a stream (0 is the connection)
     */
    public static Http2Exception stream(int streamId, Http2ErrorCode errorCode, String message) {
        if (streamId <= 0) {
            throw new IllegalArgumentException("a stream error needs a stream, was " + streamId);
        }
        return new Http2Exception(Scope.STREAM, streamId, errorCode, message);
    }

    public Scope scope() {
        return scope;
    }

    public boolean isConnectionError() {
        return scope == Scope.CONNECTION;
    }

    /** The stream to reset for a stream error; 0 for a connection error. */
    public int streamId() {
        return streamId;
    }

    /** The code for the RST_STREAM or GOAWAY frame. */
    public Http2ErrorCode errorCode() {
        return errorCode;
    }

    @Override
    public String toString() {
        return scope == Scope.CONNECTION
                ? "HTTP/2 connection error " + errorCode + ": " + getMessage()
                : "HTTP/2 stream error " + errorCode + " on stream " + streamId + ": " + getMessage();
    }
}
