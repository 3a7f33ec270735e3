package io.windhover.buffers;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * A one-way byte stream between one writer and one reader over pooled memory, with
 * back-pressure: .NET's {@code System.IO.Pipelines.Pipe}.
 *
 * <pre>
 *   writer ── getMemory / advance ──▶ [block]→[block]→[block] ── read / advanceTo ──▶ reader
 *            flush: bytes become readable               consumed blocks go back to the pool
 *            (holds the writer at pauseWriterThreshold)
 * </pre>
 *
 * <p>The writer fills blocks rented from the {@link PipeOptions#pool()}; the reader sees flushed
 * bytes as a {@link BufferSequence} over those same blocks (no copy), and each block returns to
 * the pool as soon as the reader has consumed it — including the last one, when the writer holds
 * no memory of it, so an idle pipe holds no block at all. Once both ends have completed every block
 * is back in the pool, and {@link #reset()} makes the pipe reusable.
 *
 * <p>Bytes are numbered from zero when the pipe is created or reset; {@link BufferSequence}
 * positions and {@link PipeReader#advanceTo(long, long)} use those numbers.
 *
 * <pre>{@code
 * var pipe = new Pipe(PipeOptions.of(pool));
 * Thread.ofVirtual().start(() -> {
 *     pipe.writer().write("hello".getBytes(US_ASCII));
 *     pipe.writer().flush();
 *     pipe.writer().complete();
 * });
 * try (InputStream in = pipe.reader().asInputStream()) {
 *     in.readAllBytes();
 * }
 * }</pre>
 *
 * <p>Thread-safe in the sense of the reader and writer contracts: one thread at a time on each end,
 * the two ends on any threads. State shared by the ends is guarded by one lock, held only for a
 * few field updates; a waiting end parks outside it, which unmounts a virtual thread.
 */
public final class Pipe {

    /** Recycled segment objects kept per pipe; a steady stream needs two or three. */
    private static final int MAX_SPARE_SEGMENTS = 16;

    private final MemoryPool pool;
    private final int blockSize;
    private final long pauseWriterThreshold;
    private final long resumeWriterThreshold;
    private final Reader reader = new Reader();
    private final Writer writer = new Writer();

    /**
     * Guards the state both ends share. PERF: a monitor rather than a ReentrantLock: the two ends
     * take it several times per chunk and hold it for a few field updates, and HotSpot's monitors
     * spin before parking where AQS parks at once (PipeThroughputBenchmark). Waits are not
     * {@code Object.wait} but a park outside the lock, woken by an unpark after the waker left it:
     * a virtual thread woken from a monitor wait must re-enter the monitor, and the JDK hands it
     * back to its scheduler through a platform thread of its own ("VirtualThread-unblocker"), a
     * second wakeup and two context switches per read that the HTTP/1.1 engine paid per request.
     */
    private final Object lock = new Object();

    // The chain, readHead → … → writeTail; both null when it is empty. Changed under the lock.
    private BufferSegment readHead;
    private BufferSegment writeTail;
    /** The tail when the last flush happened; null when the flushed bytes are all consumed and freed. */
    private BufferSegment flushedSegment;

    // Positions. committedPosition belongs to the writer; the others are guarded by the lock.
    private long committedPosition;
    private long flushedPosition;
    private long consumedPosition;
    private long examinedPosition;
    private long lastReadEnd;

    // State, guarded by the lock (fields the writer alone writes may be read by it without the lock).
    /** The writer holds memory of writeTail from getMemory until its flush; the reader must not free it. */
    private boolean writingActive;
    private boolean reading;
    private boolean writerPaused;
    private boolean readCancelPending;
    private boolean flushCancelPending;
    private boolean readerCompleted;
    /** The thread of a read blocked waiting (it holds no buffer yet), to unpark; else null. */
    private Thread readWaiter;
    /** The thread of a flush held back by the reader, to unpark; else null. */
    private Thread flushWaiter;
    /** The thread of the read in progress, to tell a reader completing itself from an abort. */
    private Thread readingThread;
    /**
     * The reader was completed by another thread while its thread held a read buffer: the memory
     * under that buffer is freed at that thread's {@code advanceTo}, not before, or it would read
     * blocks already rented to someone else.
     */
    private boolean freeDeferred;
    private boolean writerCompleted;
    private Throwable readerError;
    private Throwable writerError;
    private Runnable readableCallback;
    private Runnable writableCallback;

    private final BufferSequence readBuffer = new BufferSequence();
    private final ReadResult readResult = new ReadResult(BufferSequence.EMPTY, false, false);
    /**
     * Segments kept for reuse, linked through their {@code next}, up to {@link #MAX_SPARE_SEGMENTS}:
     * a list rather than an array so that an idle pipe holds no array for them.
     */
    private BufferSegment spareHead;
    private int spareCount;

    public Pipe(PipeOptions options) {
        this.pool = options.pool();
        this.blockSize = pool.blockSize();
        this.pauseWriterThreshold = options.pauseWriterThreshold();
        this.resumeWriterThreshold = options.resumeWriterThreshold();
    }

    public PipeReader reader() {
        return reader;
    }

    public PipeWriter writer() {
        return writer;
    }

    /**
     * Makes a pipe whose two ends have completed usable again, numbering bytes from zero.
     *
     * @throws IllegalStateException unless both the reader and the writer have completed
     */
    public void reset() {
        synchronized (lock) {
            if (!readerCompleted || !writerCompleted) {
                throw new IllegalStateException("reset needs both the reader and the writer completed");
            }
            freeChain();
            committedPosition = flushedPosition = consumedPosition = examinedPosition = lastReadEnd = 0;
            writingActive = reading = writerPaused = readCancelPending = flushCancelPending = false;
            readerCompleted = writerCompleted = false;
            readerError = writerError = null;
            readableCallback = writableCallback = null;
            readingThread = readWaiter = flushWaiter = null;
            freeDeferred = false;
            readBuffer.set(null, 0, null, 0);
        }
    }

    /** Whether the writer has completed: nothing more will be written, though some may still be unread. Thread-safe. */
    public boolean isWriterCompleted() {
        synchronized (lock) {
            return writerCompleted;
        }
    }

    /** Bytes flushed and not yet consumed: what back-pressure counts. */
    public long unconsumedBytes() {
        synchronized (lock) {
            return flushedPosition - consumedPosition;
        }
    }

    // ---- shared steps; callers hold the lock ----

    private boolean readableNow() {
        return readCancelPending || writerCompleted || flushedPosition > examinedPosition;
    }

    private Runnable takeReadableCallback() {
        Runnable callback = readableCallback;
        readableCallback = null;
        return callback;
    }

    private Runnable takeWritableCallback() {
        Runnable callback = writableCallback;
        writableCallback = null;
        return callback;
    }

    /** Wakes a thread taken from a waiter field; called after leaving the lock. */
    private static void wake(Thread waiter) {
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
    }

    private static void run(Runnable callback) {
        if (callback != null) {
            callback.run();
        }
    }

    private BufferSegment newSegment(MemoryBlock block, long runningIndex) {
        BufferSegment segment = spareHead;
        if (segment != null) {
            spareHead = segment.next;
            spareCount--;
        } else {
            segment = new BufferSegment();
        }
        segment.reset(block, runningIndex);
        return segment;
    }

    private void recycle(BufferSegment segment) {
        MemoryBlock block = segment.block;
        segment.reset(null, 0);
        if (spareCount < MAX_SPARE_SEGMENTS) {
            segment.next = spareHead;
            spareHead = segment;
            spareCount++;
        }
        block.close();
    }

    /** Frees every segment; the writer must not hold memory of the tail. */
    private void freeChain() {
        for (BufferSegment s = readHead; s != null; ) {
            BufferSegment next = s.next;
            recycle(s);
            s = next;
        }
        readHead = writeTail = flushedSegment = null;
    }

    /** Frees every segment but a tail the writer still writes into. */
    private void freeChainExceptActiveTail() {
        if (!writingActive) {
            freeChain();
            return;
        }
        for (BufferSegment s = readHead; s != writeTail; ) {
            BufferSegment next = s.next;
            recycle(s);
            s = next;
        }
        readHead = writeTail;
        flushedSegment = null;
    }

    /** Frees consumed segments from the head; the tail only when the writer holds no memory of it. */
    private void freeConsumedSegments() {
        while (readHead != null) {
            if (readHead != writeTail) {
                if (consumedPosition < readHead.endPosition()) {
                    return;
                }
                BufferSegment next = readHead.next;
                if (flushedSegment == readHead) {
                    flushedSegment = null;
                }
                recycle(readHead);
                readHead = next;
            } else {
                if (!writingActive && consumedPosition == readHead.endPosition()) {
                    freeChain();
                }
                return;
            }
        }
    }

    private PipeException failure(String message, Throwable cause) {
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new PipeException(message, cause);
    }

    /** The reading end. */
    private final class Reader implements PipeReader {

        @Override
        public ReadResult read() {
            synchronized (lock) {
                startRead();
                if (readableNow()) {
                    return takeResult();
                }
                readWaiter = Thread.currentThread();
            }
            while (true) {
                LockSupport.park(this);
                synchronized (lock) {
                    if (readerCompleted) {
                        // Completed from another thread while this read waited: how a transport aborts.
                        readWaiter = null;
                        throw new PipeException("the reader was completed while a read was waiting", readerError);
                    }
                    if (readableNow()) {
                        readWaiter = null;
                        return takeResult();
                    }
                    if (Thread.interrupted()) {
                        readWaiter = null;
                        reading = false;
                        readingThread = null;
                        throw failure("interrupted while waiting to read", new InterruptedException());
                    }
                }
            }
        }

        @Override
        public ReadResult tryRead() {
            synchronized (lock) {
                checkNotCompleted();
                if (reading) {
                    throw new IllegalStateException("a read is already in progress; call advanceTo first");
                }
                if (!readableNow()) {
                    return null;
                }
                reading = true;
                readingThread = Thread.currentThread();
                return takeResult();
            }
        }

        private void startRead() {
            checkNotCompleted();
            if (reading) {
                throw new IllegalStateException(
                        "a read is already in progress (a second reader, or no advanceTo after the last read)");
            }
            reading = true;
            readingThread = Thread.currentThread();
        }

        private void checkNotCompleted() {
            if (readerCompleted) {
                if (readerError != null) {
                    // Completed with an error, typically by a transport aborting the connection.
                    throw new PipeException("the reader was completed with an error", readerError);
                }
                throw new IllegalStateException("the reader has completed; it cannot read any more");
            }
        }

        private ReadResult takeResult() {
            if (writerError != null) {
                reading = false;
                throw new PipeException("the pipe's writer failed", writerError);
            }
            boolean canceled = readCancelPending;
            readCancelPending = false;
            // A tail consumed whole becomes freeable once the writer moves to a new block; free it
            // now so the buffer never starts in a segment the writer's completion could free.
            freeConsumedSegments();
            if (flushedPosition == consumedPosition) {
                readBuffer.set(null, consumedPosition, null, consumedPosition);
            } else {
                readBuffer.set(readHead, consumedPosition, flushedSegment, flushedPosition);
            }
            lastReadEnd = flushedPosition;
            readResult.set(readBuffer, canceled, writerCompleted);
            return readResult;
        }

        @Override
        public boolean whenReadable(Runnable callback) {
            Objects.requireNonNull(callback, "callback");
            synchronized (lock) {
                checkNotCompleted();
                if (readableNow()) {
                    return false;
                }
                readableCallback = callback;
                return true;
            }
        }

        @Override
        public void advanceTo(long consumed, long examined) {
            Runnable callback = null;
            Thread waiter = null;
            synchronized (lock) {
                if (freeDeferred) {
                    // Completed by another thread during this read: now the buffer is released.
                    freeDeferred = false;
                    freeChainExceptActiveTail();
                    return;
                }
                if (!reading) {
                    checkNotCompleted();
                    throw new IllegalStateException("advanceTo without a read in progress");
                }
                if (consumed < consumedPosition || consumed > examined || examined > lastReadEnd) {
                    throw new IllegalArgumentException("advanceTo(consumed=" + consumed + ", examined=" + examined
                            + ") must satisfy " + consumedPosition + " <= consumed <= examined <= " + lastReadEnd);
                }
                reading = false;
                readingThread = null;
                consumedPosition = consumed;
                examinedPosition = examined;
                freeConsumedSegments();
                if (writerPaused && flushedPosition - consumedPosition < resumeWriterThreshold) {
                    writerPaused = false;
                    waiter = flushWaiter;
                    callback = takeWritableCallback();
                }
            }
            wake(waiter);
            run(callback);
        }

        @Override
        public void cancelPendingRead() {
            Runnable callback;
            Thread waiter;
            synchronized (lock) {
                readCancelPending = true;
                waiter = readWaiter;
                callback = takeReadableCallback();
            }
            wake(waiter);
            run(callback);
        }

        @Override
        public void complete(Throwable error) {
            Runnable callback;
            Thread blockedRead;
            Thread blockedFlush;
            synchronized (lock) {
                if (readerCompleted) {
                    return;
                }
                readerCompleted = true;
                readerError = error;
                readableCallback = null;
                blockedRead = readWaiter;
                if (reading && blockedRead == null && Thread.currentThread() != readingThread) {
                    freeDeferred = true;
                } else {
                    freeChainExceptActiveTail();
                }
                reading = false;
                writerPaused = false;
                blockedFlush = flushWaiter;
                callback = takeWritableCallback();
            }
            wake(blockedRead);
            wake(blockedFlush);
            run(callback);
        }
    }

    /** The writing end. */
    private final class Writer implements PipeWriter {

        @Override
        public ByteBuffer getMemory(int sizeHint) {
            if (sizeHint < 0) {
                throw new IllegalArgumentException("sizeHint must not be negative, was " + sizeHint);
            }
            if (writerCompleted) {
                throw new IllegalStateException("the writer has completed; it cannot write any more");
            }
            int needed = Math.max(sizeHint, 1);
            BufferSegment tail = writeTail;
            // Fast path, no lock: while writing is active the reader never frees the tail.
            if (!writingActive || tail == null || tail.block.capacity() - tail.end < needed) {
                tail = ensureTail(needed);
            }
            ByteBuffer memory = tail.block.buffer();
            memory.limit(memory.capacity()).position(tail.end);
            return memory;
        }

        private BufferSegment ensureTail(int needed) {
            // PERF: rent before taking the lock, so the reader never waits behind the pool. The
            // tail seen here may be stale (the reader may free it); the check under the lock decides.
            BufferSegment seen = writeTail;
            MemoryBlock seenBlock = seen == null ? null : seen.block;
            MemoryBlock fresh = seenBlock == null || seenBlock.capacity() - seen.end < needed ? allocate(needed) : null;
            BufferSegment tail;
            synchronized (lock) {
                if (writerCompleted) {
                    // Completed by another thread since the check in getMemory (an abort, or a
                    // connection's end while a second sender wrote): the chain is freed already,
                    // and a segment linked to it now would never be.
                    if (fresh != null) {
                        fresh.close();
                    }
                    throw new IllegalStateException("the writer has completed; it cannot write any more");
                }
                writingActive = true;
                tail = writeTail;
                if (tail == null || tail.block.capacity() - tail.end < needed) {
                    BufferSegment segment = newSegment(fresh != null ? fresh : allocate(needed), committedPosition);
                    fresh = null;
                    if (tail == null) {
                        readHead = segment;
                    } else {
                        tail.next = segment;
                    }
                    writeTail = segment;
                    tail = segment;
                }
            }
            if (fresh != null) {
                fresh.close(); // the tail had room after all
            }
            return tail;
        }

        /** Oversized requests cannot be met by one pool block; they get heap memory of their own. */
        private MemoryBlock allocate(int needed) {
            return needed > blockSize ? MemoryBlock.allocateUnpooled(needed) : pool.rent();
        }

        @Override
        public void advance(int bytes) {
            BufferSegment tail = writeTail;
            if (!writingActive || tail == null) {
                throw new IllegalStateException("advance without memory from getMemory");
            }
            if (bytes < 0 || bytes > tail.block.capacity() - tail.end) {
                throw new IllegalArgumentException("cannot advance " + bytes + " bytes; the memory holds "
                        + (tail.block.capacity() - tail.end));
            }
            tail.end += bytes;
            committedPosition += bytes;
        }

        @Override
        public void write(byte[] source, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, source.length);
            while (length > 0) {
                ByteBuffer memory = getMemory(1);
                int chunk = Math.min(length, memory.remaining());
                memory.put(source, offset, chunk);
                advance(chunk);
                offset += chunk;
                length -= chunk;
            }
        }

        @Override
        public void write(ByteBuffer source) {
            while (source.hasRemaining()) {
                ByteBuffer memory = getMemory(1);
                int chunk = Math.min(source.remaining(), memory.remaining());
                memory.put(memory.position(), source, source.position(), chunk);
                source.position(source.position() + chunk);
                advance(chunk);
            }
        }

        @Override
        public long unflushedBytes() {
            return committedPosition - flushedPosition;
        }

        @Override
        public long unconsumedBytes() {
            synchronized (lock) {
                return readerCompleted ? unflushedBytes() : committedPosition - consumedPosition;
            }
        }

        @Override
        public FlushResult flush() {
            Runnable callback;
            Thread reader;
            FlushResult result = null;
            synchronized (lock) {
                callback = commit();
                reader = readerToWake();
                if (callback == null && !mustWait()) {
                    // PERF: the common case takes the lock once per flush (PipeThroughputBenchmark).
                    result = takeFlushResult();
                }
            }
            wake(reader);
            if (result != null) {
                return result;
            }
            // The reader's callback may be what lets it catch up (an I/O loop): run it before waiting.
            run(callback);
            return awaitWritable();
        }

        /** With the lock held: the reader holds this flush back. */
        private boolean mustWait() {
            return writerPaused && !readerCompleted && !flushCancelPending && !writerCompleted;
        }

        /** Without the lock: parks while the reader holds the writer back, then takes the result. */
        private FlushResult awaitWritable() {
            synchronized (lock) {
                if (!mustWait()) {
                    return takeFlushResult();
                }
                flushWaiter = Thread.currentThread();
            }
            while (true) {
                LockSupport.park(this);
                synchronized (lock) {
                    if (!mustWait()) {
                        flushWaiter = null;
                        return takeFlushResult();
                    }
                    if (Thread.interrupted()) {
                        flushWaiter = null;
                        throw failure("interrupted while waiting for the reader to catch up", new InterruptedException());
                    }
                }
            }
        }

        @Override
        public FlushResult tryFlush() {
            Runnable callback;
            Thread reader;
            FlushResult result;
            synchronized (lock) {
                callback = commit();
                reader = readerToWake();
                result = takeFlushResult();
            }
            wake(reader);
            run(callback);
            return result;
        }

        /** With the lock held: publishes committed bytes to the reader; returns the reader's callback to run. */
        private Runnable commit() {
            if (writerCompleted) {
                throw new IllegalStateException("the writer has completed; it cannot flush");
            }
            writingActive = false;
            if (readerCompleted) {
                // Nobody will read these bytes: give their memory back now rather than hoard it.
                flushedPosition = consumedPosition = examinedPosition = committedPosition;
                if (!freeDeferred) {
                    freeChain();
                }
                return null;
            }
            flushedPosition = committedPosition;
            flushedSegment = writeTail;
            if (pauseWriterThreshold > 0 && flushedPosition - consumedPosition >= pauseWriterThreshold) {
                writerPaused = true;
            }
            if (flushedPosition > examinedPosition) {
                return takeReadableCallback();
            }
            return null;
        }

        /** With the lock held, after a commit: a blocked read to wake, if the commit gave it bytes. */
        private Thread readerToWake() {
            return flushedPosition > examinedPosition ? readWaiter : null;
        }

        private FlushResult takeFlushResult() {
            if (readerCompleted && readerError != null) {
                throw new PipeException("the pipe's reader failed", readerError);
            }
            boolean canceled = flushCancelPending;
            flushCancelPending = false;
            return FlushResult.of(canceled, readerCompleted);
        }

        @Override
        public boolean whenWritable(Runnable callback) {
            Objects.requireNonNull(callback, "callback");
            synchronized (lock) {
                if (!writerPaused || readerCompleted || flushCancelPending) {
                    return false;
                }
                writableCallback = callback;
                return true;
            }
        }

        @Override
        public void cancelPendingFlush() {
            Runnable callback;
            Thread waiter;
            synchronized (lock) {
                flushCancelPending = true;
                waiter = flushWaiter;
                callback = takeWritableCallback();
            }
            wake(waiter);
            run(callback);
        }

        @Override
        public void complete(Throwable error) {
            Runnable callback = null;
            Thread blockedRead = null;
            Thread blockedFlush;
            synchronized (lock) {
                if (writerCompleted) {
                    return;
                }
                writerCompleted = true;
                writerError = error;
                writingActive = false;
                writableCallback = null;
                blockedFlush = flushWaiter;
                if (readerCompleted) {
                    if (!freeDeferred) {
                        freeChain();
                    }
                } else {
                    flushedPosition = committedPosition;
                    flushedSegment = writeTail;
                    // Committed bytes the reader already consumed up to the tail's end: nothing left to hold.
                    freeConsumedSegments();
                    blockedRead = readWaiter;
                    callback = takeReadableCallback();
                }
            }
            wake(blockedFlush);
            wake(blockedRead);
            run(callback);
        }
    }
}
