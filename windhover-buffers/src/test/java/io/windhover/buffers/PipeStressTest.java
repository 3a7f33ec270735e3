package io.windhover.buffers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A writer and a reader on two threads move tens of megabytes through one pipe in random chunk
 * sizes, with random flushes and random consumption patterns; the reader's checksum must equal
 * the writer's, and the diagnostic pool must have every block back at the end.
 */
class PipeStressTest {

    private static final long TOTAL_BYTES = 24L << 20;

    @ParameterizedTest(name = "{0} threads, pause {1}, resume {2}")
    @CsvSource({
            "platform, 65536, 32768",
            "virtual, 65536, 32768",
            "virtual, 4096, 1",
            "platform, 0, 0",
    })
    void blockingEndsMoveMegabytesIntact(String threads, long pause, long resume) throws Exception {
        try (var pool = new DiagnosticMemoryPool()) {
            var pipe = new Pipe(PipeOptions.builder(pool).pauseWriterThreshold(pause).resumeWriterThreshold(resume).build());
            CompletableFuture<Long> written = start(threads, () -> writeBlocking(pipe.writer(), 1));
            CompletableFuture<Long> read = start(threads, () -> readBlocking(pipe.reader(), 2, resume));
            assertThat(read.get(50, TimeUnit.SECONDS)).isEqualTo(written.get(50, TimeUnit.SECONDS));
            pool.assertNoLeaks();
        }
    }

    @ParameterizedTest(name = "pause {0}, resume {1}")
    @CsvSource({"65536, 32768", "8192, 4096"})
    void nonBlockingEndsDrivenByCallbacksMoveMegabytesIntact(long pause, long resume) throws Exception {
        try (var pool = new DiagnosticMemoryPool()) {
            var pipe = new Pipe(PipeOptions.builder(pool).pauseWriterThreshold(pause).resumeWriterThreshold(resume).build());
            CompletableFuture<Long> written = start("platform", () -> writeWithCallbacks(pipe.writer(), 3));
            CompletableFuture<Long> read = start("platform", () -> readWithCallbacks(pipe.reader(), 4, resume));
            assertThat(read.get(50, TimeUnit.SECONDS)).isEqualTo(written.get(50, TimeUnit.SECONDS));
            pool.assertNoLeaks();
        }
    }

    private static CompletableFuture<Long> start(String kind, Callable<Long> work) {
        var future = new CompletableFuture<Long>();
        Runnable body = () -> {
            try {
                future.complete(work.call());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        };
        (kind.equals("virtual") ? Thread.ofVirtual() : Thread.ofPlatform().daemon()).start(body);
        return future;
    }

    /** Writes random bytes in random chunks; returns their CRC-32. */
    private static long writeBlocking(PipeWriter writer, long seed) {
        var random = new SplittableRandom(seed);
        var crc = new CRC32();
        long left = TOTAL_BYTES;
        while (left > 0) {
            left -= writeChunk(writer, random, crc, left);
            if (random.nextInt(3) == 0) {
                writer.flush();
            }
        }
        writer.complete();
        return crc.getValue();
    }

    private static long writeWithCallbacks(PipeWriter writer, long seed) throws InterruptedException {
        var random = new SplittableRandom(seed);
        var crc = new CRC32();
        var wakeup = new Semaphore(0);
        long left = TOTAL_BYTES;
        while (left > 0) {
            left -= writeChunk(writer, random, crc, left);
            writer.tryFlush();
            // As an I/O loop would: stop producing while held, resume when called back.
            if (writer.whenWritable(wakeup::release)) {
                wakeup.acquire();
            }
        }
        writer.complete();
        return crc.getValue();
    }

    /** One getMemory/advance round of a random size, sometimes beyond a block (unpooled memory). */
    private static int writeChunk(PipeWriter writer, SplittableRandom random, CRC32 crc, long left) {
        int hint = random.nextInt(20) == 0 ? 4096 + random.nextInt(4096) : random.nextInt(4096);
        ByteBuffer memory = writer.getMemory(hint);
        int count = (int) Math.min(left, 1 + random.nextInt(memory.remaining()));
        byte[] chunk = new byte[count];
        random.nextBytes(chunk);
        memory.put(chunk);
        crc.update(chunk);
        writer.advance(count);
        return count;
    }

    /** Consumes everything with random consume/examine patterns; returns the CRC-32 of what it consumed. */
    private static long readBlocking(PipeReader reader, long seed, long resume) {
        var random = new SplittableRandom(seed);
        var crc = new CRC32();
        while (true) {
            ReadResult result = reader.read();
            if (consumeSome(reader, result, random, crc, resume)) {
                break;
            }
        }
        reader.complete();
        return crc.getValue();
    }

    private static long readWithCallbacks(PipeReader reader, long seed, long resume) throws InterruptedException {
        var random = new SplittableRandom(seed);
        var crc = new CRC32();
        var wakeup = new Semaphore(0);
        while (true) {
            ReadResult result = reader.tryRead();
            if (result == null) {
                if (reader.whenReadable(wakeup::release)) {
                    wakeup.acquire();
                }
                continue;
            }
            if (consumeSome(reader, result, random, crc, resume)) {
                break;
            }
        }
        reader.complete();
        return crc.getValue();
    }

    /** Consumes a random share of the buffer; true once the writer completed and all is consumed. */
    private static boolean consumeSome(PipeReader reader, ReadResult result, SplittableRandom random, CRC32 crc,
            long resume) {
        BufferSequence buffer = result.buffer();
        long consumed = switch (random.nextInt(3)) {
            case 0 -> buffer.end();
            case 1 -> buffer.start() + random.nextLong(buffer.length() + 1);
            default -> buffer.start() + Math.min(buffer.length(), random.nextInt(100));
        };
        var buffers = new ByteBuffer[64];
        BufferSequence taken = buffer.slice(buffer.start(), consumed);
        int count = taken.toByteBuffers(buffers, 0);
        long checked = 0;
        for (int i = 0; i < count; i++) {
            checked += buffers[i].remaining();
            crc.update(buffers[i]);
        }
        if (checked != taken.length()) {
            // More segments than the array holds: fall back to a copy.
            crc.update(taken.slice(taken.start() + checked).toArray());
        }
        boolean done = result.isCompleted() && consumed == buffer.end();
        // Examine everything (wait for more) or only what was consumed (return at once), at random.
        // A reader that waits for more while leaving the writer held would wait forever: like an
        // HTTP parser, it may only wait when what it keeps is below the resume threshold (a limit
        // smaller than the pipe's threshold is what guarantees that in the server).
        boolean mayWait = resume == 0 || buffer.end() - consumed < resume;
        reader.advanceTo(consumed, done || (mayWait && random.nextBoolean()) ? buffer.end() : consumed);
        return done;
    }
}
