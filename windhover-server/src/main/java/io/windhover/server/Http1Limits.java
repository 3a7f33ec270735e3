package io.windhover.server;

import java.time.Duration;

/**
 * The HTTP/1.1 engine's limits and timeouts, with Kestrel's defaults; each exceeded limit has an
 * exact answer.
 *
 * <pre>{@code
 * var limits = Http1Limits.defaults().withMaxRequestBodySize(100 * 1024 * 1024);
 * }</pre>
 *
 * @param maxRequestLineSize bytes of the request line with its CRLF; more is 414. Default 8 KiB, Kestrel's.
 * @param maxRequestHeadersTotalSize bytes of the header block; more is 431. Default 32 KiB, Kestrel's.
 * @param maxRequestHeaderCount header fields; more is 431. Default 100, Kestrel's.
 * @param maxRequestBodySize body bytes; more is 413, checked up front from Content-Length and while
 *     a chunked body streams. Default 30,000,000, Kestrel's (about 28.6 MiB).
 * @param maxDrainSize unread body bytes the server reads and discards after a response so the
 *     connection can be kept alive; a larger rest closes the connection. Default 256 KiB.
 * @param requestHeadersTimeout from a request's first byte until its head is complete; past it the
 *     answer is 408 and the connection closes. Default 30 s, Kestrel's.
 * @param keepAliveTimeout how long a connection may wait for its next request before it is closed
 *     silently. Default 130 s, Kestrel's.
 */
public record Http1Limits(int maxRequestLineSize, int maxRequestHeadersTotalSize, int maxRequestHeaderCount,
        long maxRequestBodySize, long maxDrainSize, Duration requestHeadersTimeout, Duration keepAliveTimeout) {

    public Http1Limits {
        if (maxRequestLineSize < 16 || maxRequestHeadersTotalSize < 2 || maxRequestHeaderCount < 0
                || maxRequestBodySize < 0 || maxDrainSize < 0) {
            throw new IllegalArgumentException("HTTP/1.1 limits must be positive");
        }
        if (requestHeadersTimeout.isNegative() || requestHeadersTimeout.isZero()
                || keepAliveTimeout.isNegative() || keepAliveTimeout.isZero()) {
            throw new IllegalArgumentException("HTTP/1.1 timeouts must be positive");
        }
    }

    public static Http1Limits defaults() {
        return new Http1Limits(8 * 1024, 32 * 1024, 100, 30_000_000, 256 * 1024,
                Duration.ofSeconds(30), Duration.ofSeconds(130));
    }

    public Http1Limits withMaxRequestBodySize(long bytes) {
        return new Http1Limits(maxRequestLineSize, maxRequestHeadersTotalSize, maxRequestHeaderCount, bytes,
                maxDrainSize, requestHeadersTimeout, keepAliveTimeout);
    }

    public Http1Limits withTimeouts(Duration requestHeaders, Duration keepAlive) {
        return new Http1Limits(maxRequestLineSize, maxRequestHeadersTotalSize, maxRequestHeaderCount,
                maxRequestBodySize, maxDrainSize, requestHeaders, keepAlive);
    }
}
