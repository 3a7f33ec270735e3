package io.windhover.buffers;

import static io.windhover.buffers.TestSequences.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipeTest {

    /** Bound for waits in tests: a deadlock fails the test instead of hanging the build. */
    private static final long TIMEOUT_SECONDS = 10;

    private final DiagnosticMemoryPool pool = new DiagnosticMemoryPool();
    private final Pipe pipe = new Pipe(PipeOptions.of(pool));
    private final PipeReader reader = pipe.reader();
    private final PipeWriter writer = pipe.writer();

    @AfterEach
    void nothingLeaks() {
        reader.complete();
        writer.complete();
        pool.close(); // throws if a block is still rented
    }

    private static Pipe smallPipe(MemoryPool pool, long pause, long resume) {
        return new Pipe(PipeOptions.builder(pool).pauseWriterThreshold(pause).resumeWriterThreshold(resume).build());
    }

    /** The thread each {@link #onVirtualThread} future runs on, for {@link #awaitParked}. */
    private final java.util.Map<CompletableFuture<?>, Thread> threads = new java.util.concurrent.ConcurrentHashMap<>();

    private <T> CompletableFuture<T> onVirtualThread(Supplier<T> work) {
        var future = new CompletableFuture<T>();
        threads.put(future, Thread.ofVirtual().unstarted(() -> {
            try {
                future.complete(work.get());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }));
        threads.get(future).start();
        return future;
    }

    /** Waits, bounded, until the future's thread is parked, proving the call it made is blocked. */
    private void awaitParked(CompletableFuture<?> future) throws InterruptedException {
        awaitParked(threads.get(future));
        assertThat(future).as("still blocked").isNotDone();
    }

    /** Polls the thread's state, bounded: a virtual thread parked in a pipe's wait is WAITING. */
    private static void awaitParked(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (thread.getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).as("%s to park", thread).isLessThan(deadline);
            Thread.sleep(1); // polling the thread's state, bounded
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void bytesBecomeReadableOnlyWhenFlushed() {
        writer.write(ascii("abc"));
        assertThat(writer.unflushedBytes()).isEqualTo(3);
        assertThat(reader.tryRead()).as("committed, not flushed").isNull();
        writer.flush();
        assertThat(writer.unflushedBytes()).isZero();
        ReadResult result = reader.tryRead();
        assertThat(result.buffer().toString()).isEqualTo("abc");
        assertThat(result.isCompleted()).isFalse();
        assertThat(result.isCanceled()).isFalse();
        reader.advanceTo(result.buffer().end());
    }

    @Test
    void countsWhatTheWriterHasInThePipeUntilTheReaderConsumesIt() {
        writer.write(ascii("abcdef"));
        assertThat(writer.unconsumedBytes()).as("committed, not flushed").isEqualTo(6);
        writer.flush();
        writer.write(ascii("gh"));
        assertThat(writer.unconsumedBytes()).isEqualTo(8);
        ReadResult result = reader.tryRead();
        reader.advanceTo(result.buffer().start() + 4, result.buffer().end());
        assertThat(writer.unconsumedBytes()).as("examined but not consumed still counts").isEqualTo(4);
        reader.complete();
        assertThat(writer.unconsumedBytes()).as("nobody will consume: only the unflushed part is held").isEqualTo(2);
    }

    @Test
    void readsBytesSpanningSeveralBlocksInPlace() {
        byte[] data = new byte[10_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        writer.write(data);
        writer.flush();
        assertThat(pool.rentedBlocks()).isEqualTo(3);
        ReadResult result = reader.read();
        BufferSequence buffer = result.buffer();
        assertThat(buffer.start()).isZero();
        assertThat(buffer.length()).isEqualTo(10_000);
        assertThat(buffer.segmentCount()).isEqualTo(3);
        assertThat(buffer.toArray()).isEqualTo(data);
        reader.advanceTo(5000, 5000);
        assertThat(pool.rentedBlocks()).as("the first block was consumed and returned").isEqualTo(2);
        ReadResult rest = reader.read();
        assertThat(rest.buffer().start()).isEqualTo(5000);
        assertThat(rest.buffer().toArray()).isEqualTo(Arrays.copyOfRange(data, 5000, 10_000));
        reader.advanceTo(rest.buffer().end());
        assertThat(pool.rentedBlocks()).as("a fully consumed pipe holds no memory").isZero();
    }

    @Test
    void doesNotReturnAgainUntilBytesBeyondExaminedArrive() {
        writer.write(ascii("GET"));
        writer.flush();
        ReadResult first = reader.read();
        reader.advanceTo(first.buffer().start(), first.buffer().end()); // incomplete: keep it all
        assertThat(reader.tryRead()).as("nothing new beyond what was examined").isNull();

        var woken = new AtomicInteger();
        assertThat(reader.whenReadable(woken::incrementAndGet)).isTrue();
        writer.write(ascii(" /"));
        writer.flush();
        assertThat(woken).hasValue(1);

        ReadResult second = reader.read();
        assertThat(second.buffer().toString()).as("unconsumed bytes are returned again").isEqualTo("GET /");
        reader.advanceTo(second.buffer().end());
    }

    @Test
    void returnsAtOnceWhenTheReaderExaminedLessThanItGot() {
        writer.write(ascii("abcdef"));
        writer.flush();
        ReadResult result = reader.read();
        reader.advanceTo(2, 4);
        assertThat(reader.whenReadable(() -> { })).isFalse();
        ReadResult again = reader.tryRead();
        assertThat(again).isNotNull();
        assertThat(again.buffer().toString()).isEqualTo("cdef");
        reader.advanceTo(again.buffer().end());
        assertThat(result).as("the pipe reuses its result object").isSameAs(again);
    }

    @Test
    void blockedReadWakesOnFlush() throws Exception {
        CompletableFuture<String> read = onVirtualThread(() -> {
            ReadResult result = reader.read();
            String text = result.buffer().toString();
            reader.advanceTo(result.buffer().end());
            return text;
        });
        awaitParked(read);
        writer.write(ascii("hello"));
        writer.flush();
        assertThat(await(read)).isEqualTo("hello");
    }

    @Test
    void holdsTheWriterFromThePauseThresholdUntilBelowTheResumeThreshold() {
        try (var small = new DiagnosticMemoryPool(64)) {
            Pipe p = smallPipe(small, 100, 50);
            var resumed = new AtomicInteger();
            p.writer().write(new byte[99]);
            p.writer().tryFlush();
            assertThat(p.writer().whenWritable(resumed::incrementAndGet)).as("99 < 100: not held").isFalse();
            p.writer().write(new byte[1]);
            p.writer().tryFlush();
            assertThat(p.unconsumedBytes()).isEqualTo(100);
            assertThat(p.writer().whenWritable(resumed::incrementAndGet)).as("100 unconsumed: held").isTrue();

            ReadResult r = p.reader().tryRead();
            p.reader().advanceTo(50, 50);
            assertThat(resumed).as("exactly 50 unconsumed: still held").hasValue(0);
            r = p.reader().tryRead();
            p.reader().advanceTo(51, 51);
            assertThat(resumed).as("49 unconsumed: released").hasValue(1);
            assertThat(p.writer().whenWritable(resumed::incrementAndGet)).isFalse();
            r = p.reader().tryRead();
            p.reader().advanceTo(r.buffer().end());
            p.reader().complete();
            p.writer().complete();
        }
    }

    @Test
    void blockingFlushWaitsForTheReaderToCatchUp() throws Exception {
        try (var small = new DiagnosticMemoryPool(64)) {
            Pipe p = smallPipe(small, 100, 50);
            CompletableFuture<FlushResult> flush = onVirtualThread(() -> {
                p.writer().write(new byte[150]);
                return p.writer().flush();
            });
            awaitParked(flush);
            ReadResult r = p.reader().read();
            assertThat(r.buffer().length()).isEqualTo(150);
            p.reader().advanceTo(100, 100);
            awaitParked(flush); // 50 left: not below the resume threshold
            r = p.reader().read();
            p.reader().advanceTo(101, 101);
            FlushResult result = await(flush);
            assertThat(result.isCompleted()).isFalse();
            assertThat(result.isCanceled()).isFalse();
            p.reader().complete();
            p.writer().complete();
        }
    }

    @Test
    void zeroPauseThresholdTurnsBackPressureOff() {
        try (var small = new DiagnosticMemoryPool(64)) {
            Pipe p = smallPipe(small, 0, 0);
            p.writer().write(new byte[100_000]);
            assertThat(p.writer().flush().isCompleted()).isFalse();
            assertThat(p.writer().whenWritable(() -> { })).isFalse();
            p.reader().complete();
            p.writer().complete();
        }
    }

    @Test
    void readerCompletionReleasesABlockedWriterAndDropsFurtherWrites() throws Exception {
        try (var small = new DiagnosticMemoryPool(64)) {
            Pipe p = smallPipe(small, 100, 50);
            CompletableFuture<FlushResult> flush = onVirtualThread(() -> {
                p.writer().write(new byte[200]);
                return p.writer().flush();
            });
            awaitParked(flush);
            p.reader().complete();
            assertThat(await(flush).isCompleted()).isTrue();
            p.writer().write(new byte[1000]);
            assertThat(p.writer().flush().isCompleted()).isTrue();
            assertThat(small.rentedBlocks()).as("nothing is kept for a reader that is gone").isZero();
            p.writer().complete();
        }
    }

    @Test
    void readerFailureIsThrownFromTheNextFlush() {
        var cause = new IOException("connection reset");
        reader.complete(cause);
        writer.write(ascii("x"));
        assertThatThrownBy(writer::flush).isInstanceOf(PipeException.class).hasCause(cause);
    }

    @Test
    void writerCompletionPublishesCommittedBytesThenReportsCompleted() {
        writer.write(ascii("last words"));
        writer.complete();
        ReadResult result = reader.read();
        assertThat(result.buffer().toString()).isEqualTo("last words");
        assertThat(result.isCompleted()).isTrue();
        reader.advanceTo(result.buffer().end());
        ReadResult end = reader.read();
        assertThat(end.buffer().isEmpty()).isTrue();
        assertThat(end.isCompleted()).isTrue();
        reader.advanceTo(end.buffer().end());
        assertThat(pool.rentedBlocks()).isZero();
    }

    @Test
    void writerFailureIsThrownFromTheNextRead() throws Exception {
        CompletableFuture<ReadResult> read = onVirtualThread(reader::read);
        awaitParked(read);
        var cause = new IllegalStateException("handler crashed");
        writer.complete(cause);
        assertThatThrownBy(() -> await(read)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(PipeException.class).hasCause(cause);
    }

    @Test
    void completingTheReaderFromAnotherThreadEndsAWaitingRead() throws Exception {
        CompletableFuture<ReadResult> read = onVirtualThread(reader::read);
        awaitParked(read);
        var cause = new IOException("aborted");
        reader.complete(cause);
        assertThatThrownBy(() -> await(read)).cause().isInstanceOf(PipeException.class).hasCause(cause);
    }

    @Test
    void anAbortDuringAReadKeepsTheBufferValidUntilTheReaderAdvances() throws Exception {
        writer.write(ascii("in flight"));
        writer.flush();
        var holding = new java.util.concurrent.CountDownLatch(1);
        var aborted = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<String> reading = onVirtualThread(() -> {
            ReadResult result = reader.read();
            holding.countDown();
            try {
                aborted.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            // The abort came from another thread while this one held the buffer: still readable.
            String text = result.buffer().toString();
            reader.advanceTo(result.buffer().end());
            return text;
        });
        holding.await();
        reader.complete(new IOException("aborted by the transport"));
        assertThat(pool.rentedBlocks()).as("freed only when the reading thread lets go").isEqualTo(1);
        writer.complete(); // both ends complete: still not freed under the reader
        assertThat(pool.rentedBlocks()).isEqualTo(1);
        aborted.countDown();
        assertThat(await(reading)).isEqualTo("in flight");
        assertThat(pool.rentedBlocks()).isZero();
        assertThatThrownBy(reader::read).isInstanceOf(PipeException.class).hasRootCauseMessage("aborted by the transport");
    }

    @Test
    void cancelPendingReadEndsABlockedRead() throws Exception {
        CompletableFuture<ReadResult> read = onVirtualThread(reader::read);
        awaitParked(read);
        reader.cancelPendingRead();
        ReadResult result = await(read);
        assertThat(result.isCanceled()).isTrue();
        assertThat(result.buffer().isEmpty()).isTrue();
        reader.advanceTo(result.buffer().start());
        assertThat(reader.tryRead()).as("the cancellation is used up").isNull();
    }

    @Test
    void cancelBeforeAReadCancelsTheNextOneAndWakesACallback() {
        var woken = new AtomicInteger();
        assertThat(reader.whenReadable(woken::incrementAndGet)).isTrue();
        reader.cancelPendingRead();
        assertThat(woken).hasValue(1);
        ReadResult result = reader.read();
        assertThat(result.isCanceled()).isTrue();
        reader.advanceTo(result.buffer().start());
    }

    @Test
    void cancelPendingFlushEndsABlockedFlush() throws Exception {
        try (var small = new DiagnosticMemoryPool(64)) {
            Pipe p = smallPipe(small, 10, 5);
            CompletableFuture<FlushResult> flush = onVirtualThread(() -> {
                p.writer().write(new byte[20]);
                return p.writer().flush();
            });
            awaitParked(flush);
            p.writer().cancelPendingFlush();
            FlushResult result = await(flush);
            assertThat(result.isCanceled()).isTrue();
            assertThat(result.isCompleted()).isFalse();
            p.reader().complete();
            p.writer().complete();
        }
    }

    @Test
    void rejectsEveryMisuseByTheReader() throws Exception {
        assertThatThrownBy(() -> reader.advanceTo(0)).isInstanceOf(IllegalStateException.class)
                .hasMessage("advanceTo without a read in progress");
        writer.write(ascii("0123456789"));
        writer.flush();
        ReadResult result = reader.read();
        assertThatThrownBy(reader::read).as("second read before advanceTo").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already in progress");
        assertThatThrownBy(reader::tryRead).isInstanceOf(IllegalStateException.class);
        CompletableFuture<ReadResult> secondReader = onVirtualThread(reader::read);
        assertThatThrownBy(() -> await(secondReader)).cause().isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> reader.advanceTo(11)).as("past the end").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reader.advanceTo(5, 4)).as("consumed beyond examined").isInstanceOf(IllegalArgumentException.class);
        reader.advanceTo(5, 5);
        ReadResult again = reader.read();
        assertThat(again.buffer().start()).isEqualTo(5);
        assertThatThrownBy(() -> reader.advanceTo(4)).as("before what was consumed").isInstanceOf(IllegalArgumentException.class)
                .hasMessage("advanceTo(consumed=4, examined=4) must satisfy 5 <= consumed <= examined <= 10");
        reader.advanceTo(10);
        reader.complete();
        assertThatThrownBy(reader::read).isInstanceOf(IllegalStateException.class).hasMessageContaining("completed");
        assertThatThrownBy(() -> reader.whenReadable(() -> { })).isInstanceOf(IllegalStateException.class);
        reader.complete(); // twice is harmless
        assertThat(result).isSameAs(again);
    }

    @Test
    void rejectsEveryMisuseByTheWriter() {
        assertThatThrownBy(() -> writer.advance(1)).isInstanceOf(IllegalStateException.class)
                .hasMessage("advance without memory from getMemory");
        assertThatThrownBy(() -> writer.getMemory(-1)).isInstanceOf(IllegalArgumentException.class);
        ByteBuffer memory = writer.getMemory(10);
        int room = memory.remaining();
        assertThatThrownBy(() -> writer.advance(room + 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot advance " + (room + 1) + " bytes; the memory holds " + room);
        assertThatThrownBy(() -> writer.advance(-1)).isInstanceOf(IllegalArgumentException.class);
        writer.advance(0);
        writer.complete();
        assertThatThrownBy(() -> writer.getMemory(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("completed");
        assertThatThrownBy(writer::flush).isInstanceOf(IllegalStateException.class);
        writer.complete(); // twice is harmless
    }

    @Test
    void givesMemoryOfAtLeastTheHintAndReusesTheRestOfABlock() {
        ByteBuffer first = writer.getMemory(100);
        assertThat(first.remaining()).isEqualTo(4096);
        first.put(ascii("abc"));
        writer.advance(3);
        ByteBuffer second = writer.getMemory(100);
        assertThat(second.position()).as("continues in the same block").isEqualTo(3);
        assertThat(pool.rentedBlocks()).isEqualTo(1);
        writer.advance(0);
        ByteBuffer third = writer.getMemory(4094);
        assertThat(third.remaining()).isEqualTo(4096);
        assertThat(pool.rentedBlocks()).as("4094 bytes do not fit the 4093 left").isEqualTo(2);
        third.put(ascii("de"));
        writer.advance(2);
        writer.flush();
        ReadResult result = reader.read();
        assertThat(result.buffer().toString()).isEqualTo("abcde");
        reader.advanceTo(result.buffer().end());
    }

    @Test
    void meetsAHintLargerThanABlockWithUnpooledMemory() {
        ByteBuffer memory = writer.getMemory(10_000);
        assertThat(memory.remaining()).isGreaterThanOrEqualTo(10_000);
        assertThat(pool.rentedBlocks()).isZero();
        byte[] data = new byte[10_000];
        Arrays.fill(data, (byte) 7);
        memory.put(data);
        writer.advance(10_000);
        writer.write(ascii("!"));
        writer.flush();
        ReadResult result = reader.read();
        assertThat(result.buffer().length()).isEqualTo(10_001);
        assertThat(result.buffer().get(9_999)).isEqualTo((byte) 7);
        assertThat(result.buffer().get(10_000)).isEqualTo((byte) '!');
        reader.advanceTo(result.buffer().end());
    }

    @Test
    void keepsTheBlockTheWriterIsFillingAndFreesItOnceFlushedAndConsumed() {
        writer.write(ascii("abc"));
        writer.flush();
        ByteBuffer memory = writer.getMemory(1);
        ReadResult result = reader.read();
        reader.advanceTo(result.buffer().end());
        assertThat(pool.rentedBlocks()).as("the writer still holds memory in the block").isEqualTo(1);
        memory.put((byte) 'd');
        writer.advance(1);
        writer.flush();
        result = reader.read();
        assertThat(result.buffer().toString()).isEqualTo("d");
        reader.advanceTo(result.buffer().end());
        assertThat(pool.rentedBlocks()).as("idle: no block held").isZero();
    }

    @Test
    void aReadBufferStaysValidWhenTheWriterCompletesDuringTheRead() {
        writer.write(new byte[10]);
        writer.flush();
        writer.getMemory(1);                      // the writer holds memory in the first block
        ReadResult result = reader.read();
        reader.advanceTo(result.buffer().end()); // so that block, consumed whole, is kept
        writer.advance(0);
        ByteBuffer memory = writer.getMemory(4090); // does not fit: the writer moves to a new block
        memory.put(ascii("next"));
        writer.advance(4);
        writer.flush();
        result = reader.read();
        writer.complete();                        // frees what is consumed, while the read is in progress
        assertThat(result.buffer().toString()).isEqualTo("next");
        assertThat(result.buffer().indexOf((byte) 'x')).isEqualTo(10 + 2);
        reader.advanceTo(result.buffer().end());
    }

    @Test
    void aReadBufferKeepsItsEndWhileTheWriterGoesOn() {
        writer.write(ascii("one"));
        writer.flush();
        ReadResult result = reader.read();
        writer.write(ascii("two"));
        writer.flush();
        assertThat(result.buffer().toString()).isEqualTo("one");
        reader.advanceTo(result.buffer().end(), result.buffer().end());
        result = reader.read();
        assertThat(result.buffer().toString()).isEqualTo("two");
        reader.advanceTo(result.buffer().end());
    }

    @Test
    void resetMakesACompletedPipeReusableFromPositionZero() {
        assertThatThrownBy(pipe::reset).isInstanceOf(IllegalStateException.class);
        writer.write(ascii("first"));
        writer.complete();
        reader.complete();
        pipe.reset();
        writer.write(ascii("second"));
        writer.flush();
        ReadResult result = reader.read();
        assertThat(result.buffer().start()).isZero();
        assertThat(result.buffer().toString()).isEqualTo("second");
        reader.advanceTo(result.buffer().end());
    }

    @Test
    void streamsCopyAMegabyteThroughThePipe() throws Exception {
        byte[] data = new byte[1 << 20];
        new java.util.Random(7).nextBytes(data);
        CompletableFuture<Void> producer = onVirtualThread(() -> {
            try (OutputStream out = writer.asOutputStream()) {
                for (int i = 0; i < data.length; i += 1000) {
                    out.write(data, i, Math.min(1000, data.length - i));
                    out.flush();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return null;
        });
        byte[] received;
        try (InputStream in = reader.asInputStream()) {
            received = in.readAllBytes();
        }
        await(producer);
        assertThat(received).isEqualTo(data);
    }

    @Test
    void aStreamEndsAReadOnACancelUnlessItIgnoresCancels() throws Exception {
        reader.cancelPendingRead();
        assertThatThrownBy(() -> reader.asInputStream().read()).isInstanceOf(java.io.InterruptedIOException.class)
                .hasMessage("read canceled");
        // Canceled again, then a byte: the stream that ignores cancels reads on to the byte.
        reader.cancelPendingRead();
        writer.write(new byte[] {42}, 0, 1);
        writer.flush();
        InputStream in = reader.asInputStreamIgnoringCancels();
        assertThat(in.read()).isEqualTo(42);
        writer.complete();
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void streamsReportAReaderThatWentAway() throws Exception {
        OutputStream out = writer.asOutputStream();
        reader.complete();
        out.write(1);
        assertThatThrownBy(out::flush).isInstanceOf(IOException.class).hasMessage("the pipe's reader has completed");
        out.close();
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
    }

    @Test
    void aStreamWhoseWriterWasCompletedElsewhereReportsAnIoErrorAndRentsNothingMore() throws Exception {
        OutputStream out = writer.asOutputStream();
        out.write(new byte[] {1, 2}, 0, 2);
        writer.complete(); // the connection ended while another thread still held the stream
        assertThatThrownBy(() -> out.write(new byte[10_000], 0, 10_000)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("the pipe's writer has completed");
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
        reader.complete();
        assertThat(pool.rentedBlocks()).isZero();
    }

    @Test
    void interruptingABlockedReadThrowsAndKeepsTheInterruptFlag() throws Exception {
        var flag = new CompletableFuture<Boolean>();
        Thread thread = Thread.ofVirtual().start(() -> {
            try {
                reader.read();
                flag.complete(false);
            } catch (PipeException e) {
                flag.complete(e.getCause() instanceof InterruptedException && Thread.currentThread().isInterrupted());
            }
        });
        awaitParked(thread);
        thread.interrupt();
        assertThat(flag.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(reader.tryRead()).as("the interrupted read is no longer in progress").isNull();
    }

    @Test
    void interruptingAHeldBackFlushThrowsAndKeepsTheInterruptFlag() throws Exception {
        try (var small = new DiagnosticMemoryPool(64)) {
            Pipe p = smallPipe(small, 100, 50);
            var flag = new CompletableFuture<Boolean>();
            Thread thread = Thread.ofVirtual().start(() -> {
                try {
                    p.writer().write(new byte[150]);
                    p.writer().flush();
                    flag.complete(false);
                } catch (PipeException e) {
                    flag.complete(e.getCause() instanceof InterruptedException && Thread.currentThread().isInterrupted());
                }
            });
            awaitParked(thread);
            assertThat(flag).as("held back by the reader").isNotDone();
            thread.interrupt();
            assertThat(flag.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(p.reader().read().buffer().length()).as("the bytes were flushed before the wait").isEqualTo(150);
            p.reader().complete();
            p.writer().complete();
        }
    }

    @Test
    void aReadParkedOnAVirtualThreadWakesForEachOfManyFlushesFromAPlatformThread() throws Exception {
        int rounds = 2_000;
        var readsDone = new Semaphore(0);
        var received = onVirtualThread(() -> {
            long total = 0;
            for (int i = 0; i < rounds; i++) {
                ReadResult r = reader.read();
                total += r.buffer().length();
                reader.advanceTo(r.buffer().end());
                readsDone.release();
            }
            return total;
        });
        for (int i = 0; i < rounds; i++) {
            writer.write(new byte[] {1, 2, 3});
            writer.flush();
            assertThat(readsDone.tryAcquire(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("round %d woke the reader", i).isTrue();
        }
        assertThat(await(received)).isEqualTo(3L * rounds);
    }

    @Test
    void manyBlockedReadersParkOnVirtualThreadsWithoutTyingUpCarriers() throws Exception {
        int count = 2_000;
        Pipe[] pipes = new Pipe[count];
        CompletableFuture<?>[] reads = new CompletableFuture<?>[count];
        try (var shared = BlockMemoryPool.create()) {
            for (int i = 0; i < count; i++) {
                Pipe p = new Pipe(PipeOptions.of(shared));
                pipes[i] = p;
                reads[i] = onVirtualThread(() -> {
                    ReadResult r = p.reader().read();
                    long n = r.buffer().length();
                    p.reader().advanceTo(r.buffer().end());
                    return n;
                });
            }
            for (Pipe p : pipes) {
                p.writer().write(ascii("x"));
                p.writer().flush();
            }
            CompletableFuture.allOf(reads).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            for (Pipe p : pipes) {
                p.writer().complete();
                p.reader().complete();
            }
            assertThat(shared.statistics().rentedBlocks()).isZero();
        }
        assertThat(Duration.ofSeconds(TIMEOUT_SECONDS)).isPositive();
    }
}
