package io.windhover.server.core;

import io.windhover.server.HeartbeatHandler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The {@code Date} response header, rendered once a second by the heartbeat instead of per
 * response (RFC 9110 §6.6.1 asks for the time the message was generated; a second's resolution is
 * what the format has anyway).
 */
public final class DateHeader implements HeartbeatHandler {

    private static final String[] DAY_NAMES = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTH_NAMES = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    };

    private volatile byte[] line = render(Instant.now());
    private volatile String value = imfFixdate(Instant.now());

    /** {@code Date: Wed, 25 Nov 2026 14:00:00 GMT\r\n}, current to the last heartbeat. */
    public byte[] line() {
        return line;
    }

    /** The field's value alone, {@code Wed, 25 Nov 2026 14:00:00 GMT}, for protocols that encode fields themselves. */
    public String value() {
        return value;
    }

    @Override
    public void onHeartbeat(long nowNanos) {
        Instant now = Instant.now();
        line = render(now);
        value = imfFixdate(now);
    }

    /** The whole header line for {@code instant}, CRLF included. */
    static byte[] render(Instant instant) {
        return ("Date: " + imfFixdate(instant) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * RFC 9110 §5.6.7: "IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT", where
     * "date1 = day SP month SP year" and "day = 2DIGIT". Fixed width, so not
     * {@code DateTimeFormatter.RFC_1123_DATE_TIME}, which writes day 1 as {@code 1}, not {@code 01};
     * and English names whatever the default locale.
     */
    static String imfFixdate(Instant instant) {
        ZonedDateTime time = instant.atZone(ZoneOffset.UTC);
        var text = new StringBuilder(29);
        text.append(DAY_NAMES[time.getDayOfWeek().ordinal()]).append(", ");
        twoDigits(text, time.getDayOfMonth()).append(' ');
        text.append(MONTH_NAMES[time.getMonthValue() - 1]).append(' ');
        text.append(time.getYear()).append(' ');
        twoDigits(text, time.getHour()).append(':');
        twoDigits(text, time.getMinute()).append(':');
        twoDigits(text, time.getSecond()).append(" GMT");
        return text.toString();
    }

    private static StringBuilder twoDigits(StringBuilder text, int value) {
        return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
