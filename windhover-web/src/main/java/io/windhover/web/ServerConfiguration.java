package io.windhover.web;

import io.windhover.server.Http1Limits;
import io.windhover.server.Http2Limits;
import io.windhover.server.HttpLimits;
import io.windhover.server.MinDataRate;
import io.windhover.server.Scheduling;
import io.windhover.server.ServerLimits;
import io.windhover.server.WindhoverServer;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's settings from {@link Configuration}: its limits under Kestrel's names in a
 * {@code Limits} section (Kestrel's {@code KestrelServerLimits}), with {@code ShutdownTimeout} and
 * {@code Scheduling} ({@code VirtualThread}, the default, or {@code Inline}) beside it:
 *
 * <pre>{@code
 * {"Limits": {"MaxRequestBodySize": 104857600, "MaxRequestLineSize": 8192, "MaxRequestHeadersTotalSize": 32768,
 *             "MaxRequestHeaderCount": 100, "MaxConcurrentConnections": 10000, "MaxDrainSize": 262144,
 *             "KeepAliveTimeout": "00:02:10", "RequestHeadersTimeout": "00:00:30",
 *             "MinRequestBodyDataRate": {"BytesPerSecond": 240, "GracePeriod": "00:00:05"},
 *             "MinResponseDataRate": {"BytesPerSecond": 240, "GracePeriod": "00:00:05"}},
 *  "ShutdownTimeout": "00:00:30", "Scheduling": "Inline"}
 * }</pre>
 *
 * <p>A time span is .NET's {@code [d.]hh:mm:ss[.fffffff]}, an ISO-8601 duration ({@code PT2M10S}),
 * or a number of seconds. What is not set keeps its default; what the application's code sets
 * ({@link WebApplication#server}) wins over it. A value of the wrong type, or a limit the server
 * refuses, stops the start with a message naming the key and where it came from.
 */
final class ServerConfiguration {

    private static final Pattern TIME_SPAN = Pattern.compile("(?:(\\d+)\\.)?(\\d+):(\\d+):(\\d+)(?:\\.(\\d{1,7}))?");

    private final Configuration configuration;

    ServerConfiguration(Configuration configuration) {
        this.configuration = configuration;
    }

    /** Sets on {@code builder} the limits the configuration names; leaves the rest alone. */
    void applyTo(WindhoverServer.Builder builder) {
        if (!configuration.section("Limits").isEmpty()) {
            builder.httpLimits(httpLimits());
            builder.http1Limits(http1Limits());
            builder.http2Limits(http2Limits());
            if (configuration.find("Limits:MaxConcurrentConnections") != null) {
                builder.limits(ServerLimits.builder()
                        .maxConcurrentConnections(configuration.getLong("Limits:MaxConcurrentConnections", ServerLimits.UNLIMITED))
                        .shutdownTimeout(duration("ShutdownTimeout", ServerLimits.DEFAULT_SHUTDOWN_TIMEOUT))
                        .build());
            }
        }
        if (configuration.find("ShutdownTimeout") != null) {
            builder.shutdownTimeout(duration("ShutdownTimeout", ServerLimits.DEFAULT_SHUTDOWN_TIMEOUT));
        }
        Configuration.Value scheduling = configuration.find("Scheduling");
        if (scheduling != null) {
            builder.scheduling(scheduling(scheduling.value()));
        }
    }

    /** {@code VirtualThread} or {@code Inline}, any case, {@code _} and {@code -} ignored. */
    private Scheduling scheduling(String text) {
        String name = text.strip().replace("_", "").replace("-", "");
        for (Scheduling scheduling : Scheduling.values()) {
            if (scheduling.name().replace("_", "").equalsIgnoreCase(name)) {
                return scheduling;
            }
        }
        throw wrong("Scheduling", "VirtualThread or Inline");
    }

    private HttpLimits httpLimits() {
        HttpLimits defaults = HttpLimits.defaults();
        long bodySize = configuration.getLong("Limits:MaxRequestBodySize", defaults.maxRequestBodySize());
        int headersSize = intNumber("Limits:MaxRequestHeadersTotalSize", defaults.maxRequestHeadersTotalSize());
        int headerCount = intNumber("Limits:MaxRequestHeaderCount", defaults.maxRequestHeaderCount());
        Duration headersTimeout = duration("Limits:RequestHeadersTimeout", defaults.requestHeadersTimeout());
        Duration keepAlive = duration("Limits:KeepAliveTimeout", defaults.keepAliveTimeout());
        MinDataRate bodyRate = rate("Limits:MinRequestBodyDataRate", defaults.minRequestBodyDataRate());
        MinDataRate responseRate = rate("Limits:MinResponseDataRate", defaults.minResponseDataRate());
        try {
            return new HttpLimits(bodySize, headersSize, headerCount, headersTimeout, keepAlive, bodyRate, responseRate);
        } catch (IllegalArgumentException refused) {
            throw refusedLimits("Limits", refused);
        }
    }

    private Http1Limits http1Limits() {
        Http1Limits defaults = Http1Limits.defaults();
        int lineSize = intNumber("Limits:MaxRequestLineSize", defaults.maxRequestLineSize());
        long drainSize = configuration.getLong("Limits:MaxDrainSize", defaults.maxDrainSize());
        try {
            return new Http1Limits(lineSize, drainSize);
        } catch (IllegalArgumentException refused) {
            throw refusedLimits("Limits", refused);
        }
    }

    /** Kestrel's {@code Limits:Http2} section. */
    private Http2Limits http2Limits() {
        Http2Limits defaults = Http2Limits.defaults();
        String at = "Limits:Http2:";
        try {
            return new Http2Limits(
                    intNumber(at + "MaxStreamsPerConnection", defaults.maxStreamsPerConnection()),
                    intNumber(at + "HeaderTableSize", defaults.headerTableSize()),
                    intNumber(at + "MaxFrameSize", defaults.maxFrameSize()),
                    intNumber(at + "MaxRequestHeaderFieldSize", defaults.maxRequestHeaderFieldSize()),
                    intNumber(at + "InitialConnectionWindowSize", defaults.initialConnectionWindowSize()),
                    intNumber(at + "InitialStreamWindowSize", defaults.initialStreamWindowSize()),
                    duration(at + "KeepAlivePingDelay", defaults.keepAlivePingDelay()),
                    duration(at + "KeepAlivePingTimeout", defaults.keepAlivePingTimeout()));
        } catch (IllegalArgumentException refused) {
            throw refusedLimits("Limits:Http2", refused);
        }
    }

    private IllegalArgumentException refusedLimits(String section, IllegalArgumentException refused) {
        return new IllegalArgumentException("configuration section '" + section + "' ("
                + configuration.section(section) + "): " + refused.getMessage(), refused);
    }

    private int intNumber(String key, int fallback) {
        long value = configuration.getLong(key, fallback);
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw wrong(key, "a whole number up to " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    private MinDataRate rate(String key, MinDataRate fallback) {
        if (configuration.section(key).isEmpty()) {
            return fallback;
        }
        String rateKey = key + ":BytesPerSecond";
        Configuration.Value rate = configuration.find(rateKey);
        if (rate == null) {
            throw wrong(rateKey, "set with GracePeriod");
        }
        try {
            return new MinDataRate(Double.parseDouble(rate.value().strip()),
                    duration(key + ":GracePeriod", fallback == null ? Duration.ofSeconds(5) : fallback.gracePeriod()));
        } catch (NumberFormatException e) {
            throw wrong(rateKey, "a number of bytes per second");
        }
    }

    private Duration duration(String key, Duration fallback) {
        Configuration.Value value = configuration.find(key);
        if (value == null) {
            return fallback;
        }
        Duration parsed = parseTimeSpan(value.value().strip());
        if (parsed == null) {
            throw wrong(key, "a time span such as 00:02:10, PT2M10S or a number of seconds");
        }
        return parsed;
    }

    /** {@code [d.]hh:mm:ss[.fffffff]}, ISO-8601, or seconds; null when it is none of them. */
    static Duration parseTimeSpan(String text) {
        Matcher span = TIME_SPAN.matcher(text);
        if (span.matches()) {
            Duration duration = Duration.ofDays(span.group(1) == null ? 0 : Long.parseLong(span.group(1)))
                    .plusHours(Long.parseLong(span.group(2))).plusMinutes(Long.parseLong(span.group(3)))
                    .plusSeconds(Long.parseLong(span.group(4)));
            return span.group(5) == null ? duration
                    : duration.plusNanos(Long.parseLong((span.group(5) + "000000000").substring(0, 9)));
        }
        if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private IllegalArgumentException wrong(String key, String expected) {
        Configuration.Value value = configuration.find(key);
        return new IllegalArgumentException("configuration key '" + key + "'"
                + (value == null ? "" : " (from " + value.source() + ")") + " must be " + expected
                + (value == null ? "" : ", not '" + value.value() + "'"));
    }
}
