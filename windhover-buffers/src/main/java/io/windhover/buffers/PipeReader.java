package io.windhover.buffers;

import java.io.InputStream;

/**
 * The consuming end of a {@link Pipe}: .NET's {@code PipeReader}.
 *
 * <p><b>The read loop.</b> {@link #read()} returns every unconsumed byte; the caller parses what
 * it can and then calls {@link #advanceTo(long, long)} with two positions from the buffer:
 * {@code consumed} (bytes it is done with: their memory goes back to the pool) and
 * {@code examined} (bytes it has looked at). A read does not return again until bytes beyond
 * {@code examined} arrive, the writer completes, or the read is cancelled — so a parser that saw
 * half a request says "examined everything" and sleeps until more comes, instead of spinning.
 *
 * <pre>{@code
 * while (true) {
 *     ReadResult result = reader.read();
 *     BufferSequence buffer = result.buffer();
 *     long consumed = parse(buffer);               // position after the last whole message
 *     reader.advanceTo(consumed, buffer.end());    // consumed what was parsed, examined all
 *     if (result.isCompleted()) {
 *         break;
 *     }
 * }
 * reader.complete();
 * }</pre>
 *
 * <p><b>Keep less than the resume threshold.</b> A reader that examines everything while it keeps
 * {@link PipeOptions#resumeWriterThreshold()} or more bytes unconsumed waits forever: the writer is
 * held by back-pressure, so no new byte can arrive. Parsers bound what they keep with a limit below
 * that threshold (Kestrel's header size limits play this part) and reject what exceeds it.
 *
 * <p><b>Two forms.</b> {@link #read()} blocks; on a virtual thread that only parks it. I/O loops,
 * which must not block, use {@link #tryRead()} and {@link #whenReadable(Runnable)} instead.
 *
 * <p><b>Threading.</b> One reader at a time: a second read while one is in progress (before its
 * {@code advanceTo}) throws. {@link #cancelPendingRead()} may be called from any thread.
 */
public interface PipeReader {

    /**
     * Waits until there is something to return: bytes beyond the last examined position, the
     * writer's completion, or a cancellation.
     *
     * @throws IllegalStateException if a read is in progress or the reader has completed
     * @throws PipeException if the writer completed with an error, or the thread was interrupted
     */
    ReadResult read();

    /**
     * What {@link #read()} would return now, or {@code null} if it would have to wait. A non-null
     * result starts a read like {@code read()} does: it must be followed by {@code advanceTo}.
     */
    ReadResult tryRead();

    /**
     * Registers {@code callback} to run once, when a read would no longer wait. Returns false, and
     * registers nothing, if a read would not wait now. The callback runs on the thread that makes
     * the pipe readable (a writer's flush or completion, or a cancel), outside the pipe's lock; it
     * must be short and must not block — typically it wakes an event loop. A later registration
     * replaces an earlier one that has not run.
     */
    boolean whenReadable(Runnable callback);

    /** {@code advanceTo(consumed, consumed)}: done with the bytes before {@code consumed}, examined nothing more. */
    default void advanceTo(long consumed) {
        advanceTo(consumed, consumed);
    }

    /**
     * Ends the current read: the bytes before {@code consumed} are released; the next read waits
     * for bytes beyond {@code examined}.
     *
     * @throws IllegalStateException if no read is in progress
     * @throws IllegalArgumentException unless start ≤ consumed ≤ examined ≤ end of the last buffer read
     */
    void advanceTo(long consumed, long examined);

    /** Makes the pending read, or the next one if none is pending, return with {@link ReadResult#isCanceled()}. */
    void cancelPendingRead();

    /** Completes the reader: the writer's next flush reports {@link FlushResult#isCompleted()}. */
    default void complete() {
        complete(null);
    }

    /**
     * Completes the reader; with an error, the writer's next flush throws a {@link PipeException}
     * caused by it. Completing twice is harmless. May be called from another thread while a read
     * waits (a transport aborting the connection does): that read then throws a
     * {@link PipeException} caused by {@code error}.
     */
    void complete(Throwable error);

    /**
     * A blocking {@link InputStream} over this reader, for code that wants streams. Closing the
     * stream completes the reader.
     */
    default InputStream asInputStream() {
        return new PipeInputStream(this, false);
    }

    /**
     * {@link #asInputStream()} for a reader whose pending reads others cancel to wake a former
     * owner (a connection's input after an upgrade): a cancelled read is no event for the stream's
     * user, and it reads again. The end of the pipe, or its failure, still ends a read.
     */
    default InputStream asInputStreamIgnoringCancels() {
        return new PipeInputStream(this, true);
    }
}
