package io.windhover.server.core;

/** What a connection or stream is waiting for when its deadline passes: Kestrel's {@code TimeoutReason}. */
public enum TimeoutReason {
    /** Nothing is armed. */
    NONE,
    /** Waiting for the next request on an idle connection. */
    KEEP_ALIVE,
    /** A request head has begun and must be complete in time. */
    REQUEST_HEADERS,
    /** A request body arrives slower than the minimum data rate. */
    REQUEST_BODY_RATE,
    /** The peer takes a response slower than the minimum data rate. */
    RESPONSE_RATE,
    /** HTTP/2: nothing received for the keep-alive ping delay; the server pings. */
    KEEP_ALIVE_PING,
    /** HTTP/2: the server's keep-alive ping is not answered. */
    PING_ACK;

    private static final TimeoutReason[] BY_ORDINAL = values();

    static TimeoutReason of(int ordinal) {
        return BY_ORDINAL[ordinal];
    }
}
