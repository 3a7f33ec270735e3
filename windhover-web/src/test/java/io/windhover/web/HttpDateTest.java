package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** HTTP dates as RFC 9110 §5.6.7 writes them, and the obsolete forms it asks recipients to read. */
class HttpDateTest {

    private static final Instant SAMPLE = Instant.parse("1994-11-06T08:49:37Z");

    @Test
    void writesIMFFixdateWithATwoDigitDay() {
        assertThat(HttpDate.format(SAMPLE)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        assertThat(HttpDate.format(Instant.parse("2026-12-01T00:00:00Z"))).isEqualTo("Tue, 01 Dec 2026 00:00:00 GMT");
        assertThat(HttpDate.format(Instant.parse("2026-09-30T23:59:59.999Z"))).as("to the second, Sep not Sept")
                .isEqualTo("Wed, 30 Sep 2026 23:59:59 GMT");
    }

    @Test
    void readsAllThreeForms() {
        assertThat(HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(SAMPLE);
        assertThat(HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(SAMPLE);
        assertThat(HttpDate.parse("Sun Nov  6 08:49:37 1994")).isEqualTo(SAMPLE);
        assertThat(HttpDate.parse("Wed Nov 16 08:49:37 1994")).isEqualTo(Instant.parse("1994-11-16T08:49:37Z"));
    }

    @Test
    void readsATwoDigitYearMoreThanFiftyYearsAheadAsThePastCentury() {
        Clock in2026 = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
        assertThat(HttpDate.parse("Wednesday, 01-Jan-76 00:00:00 GMT", in2026)).as("50 years ahead: the future")
                .isEqualTo(Instant.parse("2076-01-01T00:00:00Z"));
        assertThat(HttpDate.parse("Saturday, 01-Jan-77 00:00:00 GMT", in2026)).as("51 years ahead: the past")
                .isEqualTo(Instant.parse("1977-01-01T00:00:00Z"));
    }

    @Test
    void refusesWhatIsNoneOfTheForms() {
        for (String text : new String[] {"Tue, 1 Dec 2026 00:00:00 GMT", "Mon, 06 Nov 1994 08:49:37 GMT", "sun, 06 Nov 1994 08:49:37 GMT",
                "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 31 Nov 1994 08:49:37 GMT", "1994-11-06T08:49:37Z", "yesterday", ""}) {
            assertThat(HttpDate.parse(text)).as(text).isNull();
        }
    }
}
