package io.windhover.server.http1;

import io.windhover.server.HeartbeatHandler;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The {@code Date} response header, rendered once a second by the heartbeat instead of per
 * response (RFC 9110 §6.6.1 asks for the time the message was generated; a second's resolution is
 * what the format has anyway).
 */
public final class DateHeader implements HeartbeatHandler {

    private volatile byte[] line = render();

    /** {@code Date: Wed, 25 Nov 2026 14:00:00 GMT\r\n}, current to the last heartbeat. */
    byte[] line() {
        return line;
    }

    @Override
    public void onHeartbeat(long nowNanos) {
        line = render();
    }

    private static byte[] render() {
        String value = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        return ("Date: " + value + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
