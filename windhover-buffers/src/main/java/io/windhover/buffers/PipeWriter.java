package io.windhover.buffers;

import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * The producing end of a {@link Pipe}: .NET's {@code PipeWriter}.
 *
 * <p><b>Writing.</b> {@link #getMemory(int)} hands out pool memory to write into directly (a socket
 * read lands there with no intermediate copy); {@link #advance(int)} commits what was written;
 * {@link #flush()} makes committed bytes visible to the reader and applies back-pressure: it holds
 * the writer while the reader lags by {@link PipeOptions#pauseWriterThreshold()} bytes or more.
 *
 * <pre>{@code
 * ByteBuffer memory = writer.getMemory(512);
 * int n = source.read(memory);                  // writes from memory.position()
 * writer.advance(n);
 * FlushResult flushed = writer.flush();
 * if (flushed.isCompleted()) {
 *     return;                                   // nobody reads any more
 * }
 * ...
 * writer.complete();
 * }</pre>
 *
 * <p><b>Two forms.</b> {@link #flush()} blocks (parks a virtual thread). I/O loops use
 * {@link #tryFlush()}, which never waits, and {@link #whenWritable(Runnable)} to learn when to
 * resume.
 *
 * <p><b>Threading.</b> One writer thread at a time. {@link #cancelPendingFlush()} may be called
 * from any thread.
 */
public interface PipeWriter {

    /**
     * Memory to write at least {@code sizeHint} bytes into (at least one byte when {@code sizeHint}
     * is 0): the returned buffer's position is where writing starts, its limit where the memory
     * ends. Valid until the next {@link #advance}; requests larger than the pool's block size get
     * an unpooled heap block.
     *
     * @throws IllegalStateException if the writer has completed
     */
    ByteBuffer getMemory(int sizeHint);

    /** {@code getMemory(0)}. */
    default ByteBuffer getMemory() {
        return getMemory(0);
    }

    /**
     * Commits {@code bytes} written into the memory from the last {@link #getMemory}.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative or more than that memory holds
     */
    void advance(int bytes);

    /** Copies {@code source[offset, offset + length)} into the pipe and commits it (no flush). */
    void write(byte[] source, int offset, int length);

    /** Copies {@code source}'s remaining bytes into the pipe and commits them (no flush). */
    void write(ByteBuffer source);

    default void write(byte[] source) {
        write(source, 0, source.length);
    }

    /**
     * Makes committed bytes readable, then waits while the reader lags by the pause threshold or
     * more, until it catches up below the resume threshold, completes, or the flush is cancelled.
     *
     * @throws PipeException if the reader completed with an error, or the thread was interrupted
     */
    FlushResult flush();

    /**
     * Makes committed bytes readable without ever waiting. If the writer is now over the pause
     * threshold, the caller should stop producing and use {@link #whenWritable(Runnable)}.
     *
     * @throws PipeException if the reader completed with an error
     */
    FlushResult tryFlush();

    /**
     * Registers {@code callback} to run once, when the writer is no longer held by back-pressure
     * (the reader caught up or completed, or the flush was cancelled). Returns false, registering
     * nothing, if the writer is not held now. Runs on the thread that releases the writer, outside
     * the pipe's lock; it must be short and must not block.
     */
    boolean whenWritable(Runnable callback);

    /** Bytes committed with {@link #advance} and not yet flushed. */
    long unflushedBytes();

    /**
     * Bytes committed and not yet consumed by the reader, flushed or not: what the pipe holds for
     * this writer now. A writer that never waits ({@link #tryFlush()}) bounds its memory with it.
     */
    long unconsumedBytes();

    /** Makes the pending flush, or the next one if none is pending, return with {@link FlushResult#isCanceled()}. */
    void cancelPendingFlush();

    /** Completes the writer: committed bytes become readable, then the reader sees {@link ReadResult#isCompleted()}. */
    default void complete() {
        complete(null);
    }

    /**
     * Completes the writer; with an error, the reader's next read throws a {@link PipeException}
     * caused by it. Committed bytes are made readable. Completing twice is harmless.
     */
    void complete(Throwable error);

    /**
     * An {@link OutputStream} over this writer that flushes on {@link OutputStream#flush()} and
     * completes the writer on close.
     */
    default OutputStream asOutputStream() {
        return new PipeOutputStream(this);
    }
}
