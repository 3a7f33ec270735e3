package io.windhover.server.http1;

/**
 * The HTTP/1.1 engine's limits, with Kestrel's defaults.
 *
 * @param maxRequestLineSize bytes of the request line with its CRLF; more is 414. Default 8 KiB, Kestrel's.
 * @param maxRequestHeadersTotalSize bytes of the header block; more is 431. Default 32 KiB, Kestrel's.
 * @param maxRequestHeaderCount header fields; more is 431. Default 100, Kestrel's.
 * @param maxRequestBodySize body bytes; more is 413, checked up front from Content-Length and while
 *     a chunked body streams. Default 30,000,000, Kestrel's (about 28.6 MiB).
 * @param maxDrainSize unread body bytes the server reads and discards after a response so the
 *     connection can be kept alive; a larger rest closes the connection. Default 256 KiB.
 */
public record Http1Limits(int maxRequestLineSize, int maxRequestHeadersTotalSize, int maxRequestHeaderCount,
        long maxRequestBodySize, long maxDrainSize) {

    public static Http1Limits defaults() {
        return new Http1Limits(8 * 1024, 32 * 1024, 100, 30_000_000, 256 * 1024);
    }
}
