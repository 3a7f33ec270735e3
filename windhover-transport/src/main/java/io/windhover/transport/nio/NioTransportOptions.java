package io.windhover.transport.nio;

import java.time.Duration;

/**
 * Settings of the {@link NioTransport}.
 *
 * @param ioLoops I/O loop threads, each with its own selector. Default: one per processor.
 * @param backlog pending connections the OS queues before accept. Default {@value #DEFAULT_BACKLOG}, Kestrel's.
 * @param noDelay TCP_NODELAY: responses go out at once instead of waiting for Nagle's algorithm.
 *     Default on, as in Kestrel: the server batches writes itself.
 * @param reusePort SO_REUSEPORT where the OS has it, so several processes can share one port.
 *     Default off.
 * @param maxReadBufferSize bytes read from a socket and not yet consumed at which the loop stops
 *     reading that socket (Kestrel's {@code MaxRequestBufferSize}). Default {@value #DEFAULT_MAX_READ_BUFFER_SIZE}
 *     (1 MiB); reading resumes below half. 0 means unbounded.
 * @param maxWriteBufferSize bytes written by the application and not yet sent at which its flush
 *     waits (Kestrel's {@code MaxResponseBufferSize}). Default {@value #DEFAULT_MAX_WRITE_BUFFER_SIZE}
 *     (64 KiB); it resumes below half. 0 means unbounded.
 * @param lingerTimeout after the application closed a connection whose peer has not closed its
 *     side, how long the loop reads and discards what the peer still sends before closing (a
 *     lingering close): a socket closed with unread input sends RST, and the peer's kernel drops
 *     the response it has not read yet. Default 2 s (nginx lingers up to 30 s). Zero closes at once.
 * @param closeTimeout how long a connection the application has closed may take to hand the peer
 *     the rest of its output; past it the connection is aborted, so a peer that stops reading
 *     cannot hold a socket open. Default 30 s, nginx's {@code lingering_time}.
 * @param virtualThreadLoops whether each I/O loop runs on a virtual thread instead of a platform
 *     thread of its own. Default off. Meant for servers whose connections run on virtual threads:
 *     a loop and the connection threads it wakes then share the JDK's carrier threads, so waking
 *     one is a push onto a carrier's queue instead of an OS context switch (on JDK 25 a selector
 *     on a virtual thread parks it through the JDK's poller, pinning no carrier). The price: a
 *     loop waits for a carrier like any virtual thread, so handlers that keep every carrier busy
 *     computing delay the I/O of their loops until one yields.
 */
public record NioTransportOptions(
        int ioLoops, int backlog, boolean noDelay, boolean reusePort, long maxReadBufferSize, long maxWriteBufferSize,
        Duration lingerTimeout, Duration closeTimeout, boolean virtualThreadLoops) {

    public static final int DEFAULT_BACKLOG = 512;
    public static final long DEFAULT_MAX_READ_BUFFER_SIZE = 1024 * 1024;
    public static final long DEFAULT_MAX_WRITE_BUFFER_SIZE = 64 * 1024;
    public static final Duration DEFAULT_LINGER_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    public NioTransportOptions {
        if (ioLoops < 1) {
            throw new IllegalArgumentException("ioLoops must be at least 1, was " + ioLoops);
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, was " + backlog);
        }
        if (maxReadBufferSize < 0 || maxWriteBufferSize < 0) {
            throw new IllegalArgumentException("buffer sizes must not be negative");
        }
        if (lingerTimeout == null || lingerTimeout.isNegative() || closeTimeout == null || closeTimeout.isNegative()
                || closeTimeout.isZero()) {
            throw new IllegalArgumentException("the linger timeout must not be negative, the close timeout must be positive");
        }
    }

    /** These options with {@link #virtualThreadLoops()} set to {@code virtual}. */
    public NioTransportOptions withVirtualThreadLoops(boolean virtual) {
        return new NioTransportOptions(ioLoops, backlog, noDelay, reusePort, maxReadBufferSize, maxWriteBufferSize,
                lingerTimeout, closeTimeout, virtual);
    }

    public static NioTransportOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link NioTransportOptions}; every setting starts at its default. */
    public static final class Builder {
        private int ioLoops = Runtime.getRuntime().availableProcessors();
        private int backlog = DEFAULT_BACKLOG;
        private boolean noDelay = true;
        private boolean reusePort;
        private long maxReadBufferSize = DEFAULT_MAX_READ_BUFFER_SIZE;
        private long maxWriteBufferSize = DEFAULT_MAX_WRITE_BUFFER_SIZE;
        private Duration lingerTimeout = DEFAULT_LINGER_TIMEOUT;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private boolean virtualThreadLoops;

        private Builder() {
        }

        public Builder ioLoops(int ioLoops) {
            this.ioLoops = ioLoops;
            return this;
        }

        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        public Builder noDelay(boolean noDelay) {
            this.noDelay = noDelay;
            return this;
        }

        public Builder reusePort(boolean reusePort) {
            this.reusePort = reusePort;
            return this;
        }

        public Builder maxReadBufferSize(long bytes) {
            this.maxReadBufferSize = bytes;
            return this;
        }

        public Builder maxWriteBufferSize(long bytes) {
            this.maxWriteBufferSize = bytes;
            return this;
        }

        public Builder lingerTimeout(Duration timeout) {
            this.lingerTimeout = timeout;
            return this;
        }

        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = timeout;
            return this;
        }

        public Builder virtualThreadLoops(boolean virtual) {
            this.virtualThreadLoops = virtual;
            return this;
        }

        public NioTransportOptions build() {
            return new NioTransportOptions(ioLoops, backlog, noDelay, reusePort, maxReadBufferSize, maxWriteBufferSize,
                    lingerTimeout, closeTimeout, virtualThreadLoops);
        }
    }
}
