package io.windhover.server;

import java.time.Duration;

/**
 * The limits only HTTP/2 has, with Kestrel's defaults ({@code Http2Limits}); the HTTP/2 engine,
 * when it lands, applies them beside the {@link HttpLimits} every version applies.
 *
 * @param maxStreamsPerConnection concurrent streams a client may open; one more is refused with
 *     REFUSED_STREAM. Default 100, Kestrel's.
 * @param headerTableSize the HPACK dynamic table the server keeps for a client's headers. Default
 *     4,096, the RFC's and Kestrel's.
 * @param maxFrameSize the largest frame payload the server accepts. Default 16 KiB, the RFC's
 *     minimum and Kestrel's default.
 * @param maxRequestHeaderFieldSize the largest decoded field (name and value). Default 32 KiB, Kestrel's.
 * @param initialConnectionWindowSize the connection's receive window. Default 1 MiB, Kestrel's.
 * @param initialStreamWindowSize each stream's receive window. Default 768 KiB, Kestrel's.
 * @param keepAlivePingDelay idle time after which the server pings; null for never (Kestrel's default).
 * @param keepAlivePingTimeout how long a ping may go unanswered before the connection closes. Default 20 s.
 */
public record Http2Limits(int maxStreamsPerConnection, int headerTableSize, int maxFrameSize,
        int maxRequestHeaderFieldSize, int initialConnectionWindowSize, int initialStreamWindowSize,
        Duration keepAlivePingDelay, Duration keepAlivePingTimeout) {

    /** RFC 9113 §6.5.2: SETTINGS_MAX_FRAME_SIZE lies between 2^14 and 2^24 - 1. */
    private static final int MIN_FRAME_SIZE = 1 << 14;
    private static final int MAX_FRAME_SIZE = (1 << 24) - 1;
    /** RFC 9113 §6.9.1: a flow-control window is at most 2^31 - 1. */
    private static final int MAX_WINDOW = Integer.MAX_VALUE;
    /** RFC 9113 §6.9.2: the initial window of a stream is 65,535 until settings change it. */
    private static final int DEFAULT_WINDOW = 65_535;

    public Http2Limits {
        if (maxStreamsPerConnection < 1 || headerTableSize < 0 || maxRequestHeaderFieldSize < 1) {
            throw new IllegalArgumentException("HTTP/2 limits must be positive");
        }
        if (maxFrameSize < MIN_FRAME_SIZE || maxFrameSize > MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("maxFrameSize must be 16,384 to 16,777,215 (RFC 9113 §6.5.2), was " + maxFrameSize);
        }
        if (initialConnectionWindowSize < DEFAULT_WINDOW || initialStreamWindowSize < DEFAULT_WINDOW
                || initialConnectionWindowSize > MAX_WINDOW || initialStreamWindowSize > MAX_WINDOW) {
            throw new IllegalArgumentException("HTTP/2 windows must be 65,535 to 2^31-1 bytes");
        }
        if (keepAlivePingTimeout == null || keepAlivePingTimeout.isNegative() || keepAlivePingTimeout.isZero()
                || (keepAlivePingDelay != null && (keepAlivePingDelay.isNegative() || keepAlivePingDelay.isZero()))) {
            throw new IllegalArgumentException("HTTP/2 keep-alive ping times must be positive");
        }
    }

    public static Http2Limits defaults() {
        return new Http2Limits(100, 4096, MIN_FRAME_SIZE, 32 * 1024, 1024 * 1024, 768 * 1024, null, Duration.ofSeconds(20));
    }
}
