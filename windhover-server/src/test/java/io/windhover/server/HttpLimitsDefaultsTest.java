package io.windhover.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The defaults of the limits tables, Kestrel's, as the issues list them. */
class HttpLimitsDefaultsTest {

    private final HttpLimits defaults = HttpLimits.defaults();

    @Test
    void sizeLimitsAreKestrels() {
        assertThat(Http1Limits.defaults().maxRequestLineSize()).isEqualTo(8 * 1024);
        assertThat(defaults.maxRequestHeadersTotalSize()).isEqualTo(32 * 1024);
        assertThat(defaults.maxRequestHeaderCount()).isEqualTo(100);
        assertThat(defaults.maxRequestBodySize()).isEqualTo(30_000_000L);
        assertThat(Http1Limits.defaults().maxDrainSize()).isEqualTo(256 * 1024L);
    }

    @Test
    void http2LimitsAreKestrels() {
        var http2 = Http2Limits.defaults();
        assertThat(http2.maxStreamsPerConnection()).isEqualTo(100);
        assertThat(http2.headerTableSize()).isEqualTo(4096);
        assertThat(http2.maxFrameSize()).isEqualTo(16 * 1024);
        assertThat(http2.maxRequestHeaderFieldSize()).isEqualTo(32 * 1024);
        assertThat(http2.initialConnectionWindowSize()).isEqualTo(1024 * 1024);
        assertThat(http2.initialStreamWindowSize()).isEqualTo(768 * 1024);
        assertThat(http2.keepAlivePingDelay()).isNull();
        assertThat(http2.keepAlivePingTimeout()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void http2LimitsOutsideTheRfcsRangesAreRefused() {
        var d = Http2Limits.defaults();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Http2Limits(100, 4096, 16 * 1024 - 1, d.maxRequestHeaderFieldSize(),
                d.initialConnectionWindowSize(), d.initialStreamWindowSize(), null, d.keepAlivePingTimeout()))
                .hasMessageContaining("RFC 9113 §6.5.2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Http2Limits(100, 4096, 1 << 24, d.maxRequestHeaderFieldSize(),
                d.initialConnectionWindowSize(), d.initialStreamWindowSize(), null, d.keepAlivePingTimeout()))
                .hasMessageContaining("RFC 9113 §6.5.2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Http2Limits(100, 4096, 16 * 1024, d.maxRequestHeaderFieldSize(),
                65_534, d.initialStreamWindowSize(), null, d.keepAlivePingTimeout()))
                .hasMessageContaining("65,535");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Http2Limits(0, 4096, 16 * 1024, d.maxRequestHeaderFieldSize(),
                d.initialConnectionWindowSize(), d.initialStreamWindowSize(), null, d.keepAlivePingTimeout()))
                .hasMessage("HTTP/2 limits must be positive");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Http2Limits(100, 4096, 16 * 1024, d.maxRequestHeaderFieldSize(),
                d.initialConnectionWindowSize(), d.initialStreamWindowSize(), Duration.ZERO, d.keepAlivePingTimeout()))
                .hasMessage("HTTP/2 keep-alive ping times must be positive");
        assertThat(new Http2Limits(1, 0, (1 << 24) - 1, 1, Integer.MAX_VALUE, 65_535, Duration.ofSeconds(1), Duration.ofNanos(1)))
                .as("every bound at its edge").isNotNull();
    }

    @Test
    void timeoutsAre30SecondsForTheHeadAnd130SecondsForKeepAlive() {
        assertThat(defaults.requestHeadersTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(130));
    }

    @Test
    void minimumDataRatesAre240BytesASecondAfterAFiveSecondGracePeriod() {
        var expected = new MinDataRate(240, Duration.ofSeconds(5));
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
