package io.windhover.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The defaults of the HTTP/1.1 limits table, Kestrel's, as the issue lists them. */
class Http1LimitsDefaultsTest {

    private final Http1Limits defaults = Http1Limits.defaults();

    @Test
    void sizeLimitsAreKestrels() {
        assertThat(defaults.maxRequestLineSize()).isEqualTo(8 * 1024);
        assertThat(defaults.maxRequestHeadersTotalSize()).isEqualTo(32 * 1024);
        assertThat(defaults.maxRequestHeaderCount()).isEqualTo(100);
        assertThat(defaults.maxRequestBodySize()).isEqualTo(30_000_000L);
        assertThat(defaults.maxDrainSize()).isEqualTo(256 * 1024L);
    }

    @Test
    void timeoutsAre30SecondsForTheHeadAnd130SecondsForKeepAlive() {
        assertThat(defaults.requestHeadersTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(130));
    }

    @Test
    void minimumDataRatesAre240BytesASecondAfterAFiveSecondGracePeriod() {
        var expected = new Http1Limits.MinDataRate(240, Duration.ofSeconds(5));
        assertThat(defaults.minRequestBodyDataRate()).isEqualTo(expected);
        assertThat(defaults.minResponseDataRate()).isEqualTo(expected);
    }

    @Test
    void aMinimumRateGivesTheGracePeriodAndThenOneSecondPer240Bytes() {
        var rate = defaults.minRequestBodyDataRate();
        assertThat(rate.deadlineFor(0, 0)).isEqualTo(Duration.ofSeconds(5).toNanos());
        assertThat(rate.deadlineFor(0, 240)).isEqualTo(Duration.ofSeconds(6).toNanos());
        assertThat(rate.deadlineFor(1_000, 2_400)).isEqualTo(1_000 + Duration.ofSeconds(15).toNanos());
    }
}
