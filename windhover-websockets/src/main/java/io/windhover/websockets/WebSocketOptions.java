package io.windhover.websockets;

import java.time.Duration;
import java.util.Objects;

/**
 * A socket's limits, timeouts and compression. Immutable; {@link #defaults()} or
 * {@link #builder()}.
 *
 * <pre>{@code
 * var options = WebSocketOptions.builder()
 *         .maxMessageSize(64 * 1024)
 *         .keepAliveInterval(Duration.ofSeconds(20))
 *         .compression(true)
 *         .build();
 * }</pre>
 *
 * @param maxMessageSize the most bytes one data message may carry once joined and inflated; a
 *     larger one is refused with Close 1009 as soon as its size is known (from a frame's header, or
 *     while inflating), never buffered. Default {@value #DEFAULT_MAX_MESSAGE_SIZE} (1 MiB, Python
 *     {@code websockets}' {@code max_size}).
 * @param keepAliveInterval how long the peer may stay silent before this side sends a Ping;
 *     {@link Duration#ZERO} sends none. Default 2 minutes, ASP.NET Core's
 *     {@code WebSocketOptions.KeepAliveInterval}.
 * @param keepAliveTimeout how long after that Ping the peer has to send anything (its Pong)
 *     before the connection is failed with Close 1011. Default 20 s, Python {@code websockets}'
 *     {@code ping_timeout}.
 * @param closeTimeout how long after this side's Close the peer has to answer with its own before
 *     the connection is dropped. Default 10 s, Python {@code websockets}' {@code close_timeout}.
 * @param compression whether permessage-deflate (RFC 7692) is accepted when the client offers it.
 *     Off by default, as ASP.NET Core's {@code DangerousEnableCompression}: a secret compressed
 *     with data an attacker chooses leaks through the compressed size (CRIME, BREACH).
 * @param serverNoContextTakeover whether this side asks to compress every message on its own
 *     ({@code server_no_context_takeover}) even when the client did not: a worse ratio on small
 *     similar messages, and no message compressed against the one before (what an attacker sends
 *     in one message cannot probe a secret sent in the last).
 * @param scheduler where the timeouts wait
 */
public record WebSocketOptions(int maxMessageSize, Duration keepAliveInterval, Duration keepAliveTimeout,
        Duration closeTimeout, boolean compression, boolean serverNoContextTakeover, WebSocketScheduler scheduler) {

    /** 1 MiB, Python {@code websockets}' default {@code max_size}. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024;

    private static final WebSocketOptions DEFAULTS = builder().build();

    public WebSocketOptions {
        if (maxMessageSize < 0) {
            throw new IllegalArgumentException("maxMessageSize must not be negative: " + maxMessageSize);
        }
        requirePositiveOrZero("keepAliveInterval", keepAliveInterval);
        requirePositiveOrZero("keepAliveTimeout", keepAliveTimeout);
        requirePositiveOrZero("closeTimeout", closeTimeout);
        Objects.requireNonNull(scheduler, "scheduler");
    }

    private static void requirePositiveOrZero(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }

    public static WebSocketOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().maxMessageSize(maxMessageSize).keepAliveInterval(keepAliveInterval)
                .keepAliveTimeout(keepAliveTimeout).closeTimeout(closeTimeout).compression(compression)
                .serverNoContextTakeover(serverNoContextTakeover).scheduler(scheduler);
    }

    /** Builds {@link WebSocketOptions}; every setting starts at its default. */
    public static final class Builder {
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private Duration keepAliveInterval = Duration.ofMinutes(2);
        private Duration keepAliveTimeout = Duration.ofSeconds(20);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private boolean compression;
        private boolean serverNoContextTakeover;
        private WebSocketScheduler scheduler = WebSocketScheduler.system();

        private Builder() {
        }

        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = bytes;
            return this;
        }

        public Builder keepAliveInterval(Duration interval) {
            this.keepAliveInterval = interval;
            return this;
        }

        public Builder keepAliveTimeout(Duration timeout) {
            this.keepAliveTimeout = timeout;
            return this;
        }

        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = timeout;
            return this;
        }

        public Builder compression(boolean enabled) {
            this.compression = enabled;
            return this;
        }

        public Builder serverNoContextTakeover(boolean always) {
            this.serverNoContextTakeover = always;
            return this;
        }

        public Builder scheduler(WebSocketScheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        public WebSocketOptions build() {
            return new WebSocketOptions(maxMessageSize, keepAliveInterval, keepAliveTimeout, closeTimeout, compression,
                    serverNoContextTakeover, scheduler);
        }
    }
}
