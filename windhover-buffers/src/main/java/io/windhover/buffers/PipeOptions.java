package io.windhover.buffers;

import java.util.Objects;

/**
 * Settings of a {@link Pipe}.
 *
 * <pre>{@code
 * var options = PipeOptions.builder(pool).pauseWriterThreshold(1 << 20).resumeWriterThreshold(1 << 19).build();
 * var pipe = new Pipe(options);
 * }</pre>
 *
 * @param pool where the pipe's blocks come from
 * @param pauseWriterThreshold a flush that leaves at least this many bytes unconsumed holds the
 *     writer (back-pressure). Default {@value #DEFAULT_PAUSE_WRITER_THRESHOLD}, as in .NET's
 *     {@code PipeOptions}. Zero turns back-pressure off.
 * @param resumeWriterThreshold a held writer is released once unconsumed bytes fall below this.
 *     Default {@value #DEFAULT_RESUME_WRITER_THRESHOLD}, half the pause threshold as in .NET, so a
 *     writer is not woken for every few bytes consumed.
 */
public record PipeOptions(MemoryPool pool, long pauseWriterThreshold, long resumeWriterThreshold) {

    public static final long DEFAULT_PAUSE_WRITER_THRESHOLD = 64 * 1024;
    public static final long DEFAULT_RESUME_WRITER_THRESHOLD = 32 * 1024;

    public PipeOptions {
        Objects.requireNonNull(pool, "pool");
        if (pauseWriterThreshold < 0) {
            throw new IllegalArgumentException("pauseWriterThreshold must not be negative, was " + pauseWriterThreshold);
        }
        if (pauseWriterThreshold > 0 && (resumeWriterThreshold < 1 || resumeWriterThreshold > pauseWriterThreshold)) {
            throw new IllegalArgumentException("resumeWriterThreshold must be between 1 and pauseWriterThreshold ("
                    + pauseWriterThreshold + "), was " + resumeWriterThreshold);
        }
    }

    /** The defaults over {@code pool}. */
    public static PipeOptions of(MemoryPool pool) {
        return builder(pool).build();
    }

    public static Builder builder(MemoryPool pool) {
        return new Builder(pool);
    }

    /** Builds {@link PipeOptions}; every setting starts at its default. */
    public static final class Builder {
        private final MemoryPool pool;
        private long pauseWriterThreshold = DEFAULT_PAUSE_WRITER_THRESHOLD;
        private long resumeWriterThreshold = DEFAULT_RESUME_WRITER_THRESHOLD;

        private Builder(MemoryPool pool) {
            this.pool = pool;
        }

        public Builder pauseWriterThreshold(long bytes) {
            this.pauseWriterThreshold = bytes;
            return this;
        }

        public Builder resumeWriterThreshold(long bytes) {
            this.resumeWriterThreshold = bytes;
            return this;
        }

        public PipeOptions build() {
            return new PipeOptions(pool, pauseWriterThreshold, resumeWriterThreshold);
        }
    }
}
