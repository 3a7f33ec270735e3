package io.windhover.server;

import java.time.Duration;

/**
 * The limits and timeouts every HTTP version applies to a request, with Kestrel's defaults (its
 * {@code KestrelServerLimits}); each exceeded limit has an exact answer. What only one version
 * knows is in {@link Http1Limits} and {@link Http2Limits}.
 *
 * <pre>{@code
 * var limits = HttpLimits.defaults().withMaxRequestBodySize(100 * 1024 * 1024);
 * }</pre>
 *
 * @param maxRequestBodySize body bytes; more is 413, checked from Content-Length at the first read
 *     (before {@code 100 Continue}) or, for a body the handler never read, when it returns (before
 *     its response is sent), and while a chunked body streams. Default 30,000,000, Kestrel's
 *     (about 28.6 MiB); a handler changes it for its request with
 *     {@link io.windhover.server.http.HttpRequest#maxBodySize(long)}.
 * @param maxRequestHeadersTotalSize bytes of the header block; more is 431. Default 32 KiB, Kestrel's.
 * @param maxRequestHeaderCount header fields; more is 431. Default 100, Kestrel's.
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
public record HttpLimits(long maxRequestBodySize, int maxRequestHeadersTotalSize, int maxRequestHeaderCount,
        Duration requestHeadersTimeout, Duration keepAliveTimeout, MinDataRate minRequestBodyDataRate,
        MinDataRate minResponseDataRate) {

    public HttpLimits {
        if (maxRequestBodySize < 0 || maxRequestHeadersTotalSize < 2 || maxRequestHeaderCount < 0) {
            throw new IllegalArgumentException("HTTP limits must be positive");
        }
        if (requestHeadersTimeout.isNegative() || requestHeadersTimeout.isZero()
                || keepAliveTimeout.isNegative() || keepAliveTimeout.isZero()) {
            throw new IllegalArgumentException("HTTP timeouts must be positive");
        }
    }

    public static HttpLimits defaults() {
        var rate = new MinDataRate(240, Duration.ofSeconds(5));
        return new HttpLimits(30_000_000, 32 * 1024, 100, Duration.ofSeconds(30), Duration.ofSeconds(130), rate, rate);
    }

    public HttpLimits withMaxRequestBodySize(long bytes) {
        return new HttpLimits(bytes, maxRequestHeadersTotalSize, maxRequestHeaderCount, requestHeadersTimeout,
                keepAliveTimeout, minRequestBodyDataRate, minResponseDataRate);
    }

    /** These limits with another header block size and field count. */
    public HttpLimits withHeaderLimits(int totalSize, int count) {
        return new HttpLimits(maxRequestBodySize, totalSize, count, requestHeadersTimeout, keepAliveTimeout,
                minRequestBodyDataRate, minResponseDataRate);
    }

    public HttpLimits withTimeouts(Duration requestHeaders, Duration keepAlive) {
        return new HttpLimits(maxRequestBodySize, maxRequestHeadersTotalSize, maxRequestHeaderCount, requestHeaders,
                keepAlive, minRequestBodyDataRate, minResponseDataRate);
    }

    /** These limits with other minimum data rates (null: none). */
    public HttpLimits withMinDataRates(MinDataRate requestBody, MinDataRate response) {
        return new HttpLimits(maxRequestBodySize, maxRequestHeadersTotalSize, maxRequestHeaderCount,
                requestHeadersTimeout, keepAliveTimeout, requestBody, response);
    }
}
