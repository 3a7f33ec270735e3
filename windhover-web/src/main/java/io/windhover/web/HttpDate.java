package io.windhover.web;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Map;

/**
 * HTTP dates (RFC 9110 §5.6.7), in GMT. Written in IMF-fixdate, the only form a sender may
 * generate; read in all three forms, as "recipients SHOULD accept" the two obsolete ones too.
 *
 * <pre>
 * IMF-fixdate    Sun, 06 Nov 1994 08:49:37 GMT    fixed width: the day has two digits
 * rfc850-date    Sunday, 06-Nov-94 08:49:37 GMT   obsolete: a two-digit year
 * asctime-date   Sun Nov  6 08:49:37 1994         obsolete: the day padded with a space
 * </pre>
 *
 * The names are spelled out rather than taken from a locale's data, which may change (CLDR's
 * English has written "Sept"); "HTTP-date is case sensitive", so they are matched as written.
 * Thread-safe.
 */
public final class HttpDate {

    private static final Map<Long, String> DAYS = Map.of(1L, "Mon", 2L, "Tue", 3L, "Wed", 4L, "Thu", 5L, "Fri",
            6L, "Sat", 7L, "Sun");
    private static final Map<Long, String> LONG_DAYS = Map.of(1L, "Monday", 2L, "Tuesday", 3L, "Wednesday",
            4L, "Thursday", 5L, "Friday", 6L, "Saturday", 7L, "Sunday");
    private static final Map<Long, String> MONTHS = Map.ofEntries(Map.entry(1L, "Jan"), Map.entry(2L, "Feb"),
            Map.entry(3L, "Mar"), Map.entry(4L, "Apr"), Map.entry(5L, "May"), Map.entry(6L, "Jun"), Map.entry(7L, "Jul"),
            Map.entry(8L, "Aug"), Map.entry(9L, "Sep"), Map.entry(10L, "Oct"), Map.entry(11L, "Nov"), Map.entry(12L, "Dec"));

    /** {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    private static final DateTimeFormatter IMF_FIXDATE = new DateTimeFormatterBuilder()
            .appendText(ChronoField.DAY_OF_WEEK, DAYS).appendLiteral(", ")
            .appendValue(ChronoField.DAY_OF_MONTH, 2).appendLiteral(' ')
            .appendText(ChronoField.MONTH_OF_YEAR, MONTHS).appendLiteral(' ')
            .appendValue(ChronoField.YEAR, 4).appendLiteral(' ')
            .append(timeOfDay()).appendLiteral(" GMT")
            .toFormatter().withResolverStyle(ResolverStyle.STRICT);

    /** {@code Sun Nov  6 08:49:37 1994}. */
    private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder()
            .appendText(ChronoField.DAY_OF_WEEK, DAYS).appendLiteral(' ')
            .appendText(ChronoField.MONTH_OF_YEAR, MONTHS).appendLiteral(' ')
            .padNext(2, ' ').appendValue(ChronoField.DAY_OF_MONTH).appendLiteral(' ')
            .append(timeOfDay()).appendLiteral(' ')
            .appendValue(ChronoField.YEAR, 4)
            .toFormatter().withResolverStyle(ResolverStyle.STRICT);

    private HttpDate() {
    }

    private static DateTimeFormatter timeOfDay() {
        return new DateTimeFormatterBuilder()
                .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
                .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
                .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
                .toFormatter();
    }

    /** {@code instant}, to the second, as an IMF-fixdate. */
    public static String format(Instant instant) {
        return IMF_FIXDATE.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    /** {@code text} in any of the three forms, or null when it is none of them (or names no real day). */
    public static Instant parse(String text) {
        return parse(text, Clock.systemUTC());
    }

    /** As {@link #parse(String)}, reading an RFC 850 date's two-digit year against {@code clock}'s year. */
    static Instant parse(String text, Clock clock) {
        if (text == null) {
            return null;
        }
        String value = text.strip();
        for (DateTimeFormatter form : new DateTimeFormatter[] {IMF_FIXDATE, rfc850(clock), ASCTIME}) {
            try {
                return LocalDateTime.parse(value, form).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException notThisForm) {
                // the next form
            }
        }
        return null;
    }

    /**
     * {@code Sunday, 06-Nov-94 08:49:37 GMT}. RFC 9110 §5.6.7: a recipient "MUST interpret a
     * timestamp that appears to be more than 50 years in the future as representing the most recent
     * year in the past that had the same last two digits": the century is the one that puts the year
     * within 49 years before and 50 after this one.
     */
    private static DateTimeFormatter rfc850(Clock clock) {
        int thisYear = LocalDateTime.now(clock).getYear();
        return new DateTimeFormatterBuilder()
                .appendText(ChronoField.DAY_OF_WEEK, LONG_DAYS).appendLiteral(", ")
                .appendValue(ChronoField.DAY_OF_MONTH, 2).appendLiteral('-')
                .appendText(ChronoField.MONTH_OF_YEAR, MONTHS).appendLiteral('-')
                .appendValueReduced(ChronoField.YEAR, 2, 2, thisYear - 49).appendLiteral(' ')
                .append(timeOfDay()).appendLiteral(" GMT")
                .toFormatter().withResolverStyle(ResolverStyle.STRICT);
    }
}
