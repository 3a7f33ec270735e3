package io.windhover.buffers;

/**
 * What a {@link PipeWriter} flush returned. Immutable; the four possible results are constants.
 */
public final class FlushResult {

    static final FlushResult NONE = new FlushResult(false, false);
    static final FlushResult CANCELED = new FlushResult(true, false);
    static final FlushResult COMPLETED = new FlushResult(false, true);
    static final FlushResult CANCELED_AND_COMPLETED = new FlushResult(true, true);

    private final boolean canceled;
    private final boolean completed;

    private FlushResult(boolean canceled, boolean completed) {
        this.canceled = canceled;
        this.completed = completed;
    }

    /** The result with these flags. */
    public static FlushResult of(boolean canceled, boolean completed) {
        if (canceled) {
            return completed ? CANCELED_AND_COMPLETED : CANCELED;
        }
        return completed ? COMPLETED : NONE;
    }

    /** Whether {@link PipeWriter#cancelPendingFlush()} ended the wait of this flush. */
    public boolean isCanceled() {
        return canceled;
    }

    /** Whether the reader has completed: nothing written from now on will be read, so stop writing. */
    public boolean isCompleted() {
        return completed;
    }

    @Override
    public String toString() {
        return "FlushResult[canceled=" + canceled + ", completed=" + completed + "]";
    }
}
