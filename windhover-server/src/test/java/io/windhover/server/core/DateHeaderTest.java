package io.windhover.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Date header is RFC 9110 §5.6.7's IMF-fixdate: fixed width, two-digit day, English names, GMT. */
class DateHeaderTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "2026-12-01T00:00:00Z | Tue, 01 Dec 2026 00:00:00 GMT", // day 1: 01, not 1
            "2026-01-31T23:59:59Z | Sat, 31 Jan 2026 23:59:59 GMT", // day 31
            "2026-02-09T09:05:07Z | Mon, 09 Feb 2026 09:05:07 GMT",
            "2026-03-04T12:00:00Z | Wed, 04 Mar 2026 12:00:00 GMT",
            "2026-04-02T01:02:03Z | Thu, 02 Apr 2026 01:02:03 GMT",
            "2026-05-08T10:20:30Z | Fri, 08 May 2026 10:20:30 GMT",
            "2026-06-07T06:07:08Z | Sun, 07 Jun 2026 06:07:08 GMT",
            "2026-07-18T18:00:00Z | Sat, 18 Jul 2026 18:00:00 GMT",
            "2026-08-20T20:00:00Z | Thu, 20 Aug 2026 20:00:00 GMT",
            "2026-09-30T00:00:01Z | Wed, 30 Sep 2026 00:00:01 GMT",
            "2026-10-05T05:00:00Z | Mon, 05 Oct 2026 05:00:00 GMT",
            "2026-11-06T14:00:00Z | Fri, 06 Nov 2026 14:00:00 GMT",
            "1994-11-06T08:49:37Z | Sun, 06 Nov 1994 08:49:37 GMT", // RFC 9110's own example
    })
    void rendersImfFixdate(Instant instant, String expected) {
        assertThat(DateHeader.imfFixdate(instant)).isEqualTo(expected).hasSize(29);
        assertThat(new String(DateHeader.render(instant), StandardCharsets.US_ASCII)).isEqualTo("Date: " + expected + "\r\n");
    }
}
