package io.windhover.server;

/**
 * The limits only HTTP/1.1 has, beside the {@link HttpLimits} every version applies.
 *
 * <pre>{@code
 * var limits = Http1Limits.defaults().withMaxDrainSize(1024 * 1024);
 * }</pre>
 *
 * @param maxRequestLineSize bytes of the request line with its CRLF; more is 414. Default 8 KiB, Kestrel's.
 * @param maxDrainSize unread body bytes the server reads and discards after a response so the
 *     connection can be kept alive; a larger rest closes the connection. Default 256 KiB.
 */
public record Http1Limits(int maxRequestLineSize, long maxDrainSize) {

    public Http1Limits {
        if (maxRequestLineSize < 16 || maxDrainSize < 0) {
            throw new IllegalArgumentException("HTTP/1.1 limits must be positive (a request line at least 16 bytes)");
        }
    }

    public static Http1Limits defaults() {
        return new Http1Limits(8 * 1024, 256 * 1024);
    }

    public Http1Limits withMaxRequestLineSize(int bytes) {
        return new Http1Limits(bytes, maxDrainSize);
    }

    public Http1Limits withMaxDrainSize(long bytes) {
        return new Http1Limits(maxRequestLineSize, bytes);
    }
}
