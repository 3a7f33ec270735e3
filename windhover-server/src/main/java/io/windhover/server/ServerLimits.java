package io.windhover.server;

import java.time.Duration;

/**
 * Connection-level limits of a {@link ConnectionHost}. The HTTP limits join these with the HTTP
 * engine.
 *
 * <pre>{@code
 * var limits = ServerLimits.builder().maxConcurrentConnections(10_000).shutdownTimeout(Duration.ofSeconds(10)).build();
 * }</pre>
 *
 * @param maxConcurrentConnections connections served at once; one more is closed as soon as it is
 *     accepted. Default {@link #UNLIMITED}, as in Kestrel.
 * @param shutdownTimeout how long a graceful stop lets open connections finish their current work
 *     before aborting them. Default 30 s, the ASP.NET host's default.
 */
public record ServerLimits(long maxConcurrentConnections, Duration shutdownTimeout) {

    /** No limit on concurrent connections. */
    public static final long UNLIMITED = Long.MAX_VALUE;
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    public ServerLimits {
        if (maxConcurrentConnections < 1) {
            throw new IllegalArgumentException("maxConcurrentConnections must be at least 1, was " + maxConcurrentConnections);
        }
        if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout must be zero or positive, was " + shutdownTimeout);
        }
    }

    public static ServerLimits defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ServerLimits}; every setting starts at its default. */
    public static final class Builder {
        private long maxConcurrentConnections = UNLIMITED;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;

        private Builder() {
        }

        public Builder maxConcurrentConnections(long count) {
            this.maxConcurrentConnections = count;
            return this;
        }

        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = timeout;
            return this;
        }

        public ServerLimits build() {
            return new ServerLimits(maxConcurrentConnections, shutdownTimeout);
        }
    }
}
