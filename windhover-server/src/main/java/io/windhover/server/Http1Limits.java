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
 * @param maxRequestBodySize body bytes; more is 413, checked from Content-Length at the first read
 *     (before {@code 100 Continue}) or, for a body the handler never read, when it returns (before
 *     its response is sent), and while a chunked body streams. Default 30,000,000, Kestrel's
 *     (about 28.6 MiB); a handler changes it for its request with
 *     {@link io.windhover.server.http.HttpRequest#maxBodySize(long)}.
 * @param maxDrainSize unread body bytes the server reads and discards after a response so the
 *     connection can be kept alive; a larger rest closes the connection. Default 256 KiB.
 * @param requestHeadersTimeout from a request's first byte until its head is complete; past it the
 *     answer is 408 and the connection closes. Default 30 s, Kestrel's.
 * @param keepAliveTimeout how long a connection may wait for its next request before it is closed
 *     silently. Default 130 s, Kestrel's.
 * @param minRequestBodyDataRate the slowest a request body may arrive while the application reads
 *     it; slower is 408 (if the response has not started) and close. Default 240 B/s after a 5 s
 *     grace period, Kestrel's. Null turns it off.
 * @param minResponseDataRate the slowest the peer may take a response; slower aborts the
 *     connection. Default 240 B/s after a 5 s grace period, Kestrel's. Null turns it off.
 */
public record Http1Limits(int maxRequestLineSize, int maxRequestHeadersTotalSize, int maxRequestHeaderCount,
        long maxRequestBodySize, long maxDrainSize, Duration requestHeadersTimeout, Duration keepAliveTimeout,
        MinDataRate minRequestBodyDataRate, MinDataRate minResponseDataRate) {

    /**
     * A minimum transfer rate: after {@code gracePeriod}, the bytes moved must keep up with
     * {@code bytesPerSecond} on average since the transfer began.
     */
    public record MinDataRate(double bytesPerSecond, Duration gracePeriod) {
        public MinDataRate {
            if (bytesPerSecond <= 0 || gracePeriod.isNegative()) {
                throw new IllegalArgumentException("a minimum data rate needs a positive rate and a grace period");
            }
        }

        /** The latest time the {@code bytes}-th byte may arrive, for a transfer started at {@code startNanos}. */
        public long deadlineFor(long startNanos, long bytes) {
            return startNanos + gracePeriod.toNanos() + (long) (bytes * 1e9 / bytesPerSecond);
        }
    }

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
        var rate = new MinDataRate(240, Duration.ofSeconds(5));
        return new Http1Limits(8 * 1024, 32 * 1024, 100, 30_000_000, 256 * 1024,
                Duration.ofSeconds(30), Duration.ofSeconds(130), rate, rate);
    }

    public Http1Limits withMaxRequestBodySize(long bytes) {
        return new Http1Limits(maxRequestLineSize, maxRequestHeadersTotalSize, maxRequestHeaderCount, bytes,
                maxDrainSize, requestHeadersTimeout, keepAliveTimeout, minRequestBodyDataRate, minResponseDataRate);
    }

    public Http1Limits withTimeouts(Duration requestHeaders, Duration keepAlive) {
        return new Http1Limits(maxRequestLineSize, maxRequestHeadersTotalSize, maxRequestHeaderCount,
                maxRequestBodySize, maxDrainSize, requestHeaders, keepAlive, minRequestBodyDataRate, minResponseDataRate);
    }

    /** These limits with other minimum data rates (null: none). */
    public Http1Limits withMinDataRates(MinDataRate requestBody, MinDataRate response) {
        return new Http1Limits(maxRequestLineSize, maxRequestHeadersTotalSize, maxRequestHeaderCount,
                maxRequestBodySize, maxDrainSize, requestHeadersTimeout, keepAliveTimeout, requestBody, response);
    }
}
