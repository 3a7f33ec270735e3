package io.windhover.buffers;

/**
 * What a {@link PipeReader} read returned: the unconsumed bytes, and whether the read was
 * cancelled or the writer has completed.
 *
 * <p>A pipe reuses one instance per reader: the result, like its {@link #buffer()}, is valid
 * until the reader's next {@code advanceTo}.
 */
public final class ReadResult {

    private BufferSequence buffer;
    private boolean canceled;
    private boolean completed;

    public ReadResult(BufferSequence buffer, boolean canceled, boolean completed) {
        set(buffer, canceled, completed);
    }

    void set(BufferSequence buffer, boolean canceled, boolean completed) {
        this.buffer = buffer;
        this.canceled = canceled;
        this.completed = completed;
    }

    /** Every byte written, flushed and not yet consumed, from the reader's consumed position. */
    public BufferSequence buffer() {
        return buffer;
    }

    /** Whether {@link PipeReader#cancelPendingRead()} ended this read (the buffer may still hold bytes). */
    public boolean isCanceled() {
        return canceled;
    }

    /**
     * Whether the writer has completed: {@link #buffer()} holds everything that will ever arrive,
     * and once it is consumed the reader should complete.
     */
    public boolean isCompleted() {
        return completed;
    }

    @Override
    public String toString() {
        return "ReadResult[" + buffer.length() + " bytes" + (canceled ? ", canceled" : "")
                + (completed ? ", completed" : "") + "]";
    }
}
