package io.windhover.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.PipeException;
import io.windhover.buffers.ReadResult;
import io.windhover.transport.nio.NioTransportOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Back-pressure across real sockets: a peer that floods or never reads must not make the server
 * hold more pool memory than its read and write limits.
 */
class NioBackPressureTest {

    private static final int BLOCK = 4096;

    /** Waits until the pool's rented count has not changed for a while, and returns it. */
    private static long settledRentedBlocks(TransportFixture fixture) throws InterruptedException {
        long last = -1;
        int stable = 0;
        for (int i = 0; i < 100 && stable < 5; i++) {
            Thread.sleep(50);
            long now = fixture.pool.rentedBlocks();
            stable = now == last ? stable + 1 : 0;
            last = now;
        }
        return last;
    }

    /** Sends up to 1 GiB, as fast as the socket takes it, until the connection is closed under it. */
    private static CompletableFuture<Long> flood(OutputStream out) {
        return CompletableFuture.supplyAsync(() -> {
            long sent = 0;
            try {
                byte[] chunk = new byte[64 * 1024];
                while (sent < (1L << 30)) {
                    out.write(chunk);
                    sent += chunk.length;
                }
            } catch (IOException closedAtTheEnd) {
                // the test closes the connection
            }
            return sent;
        }, runnable -> Thread.ofVirtual().start(runnable));
    }

    @Test
    void aFloodingPeerIsNotReadPastTheDefaultOneMebibyteReadBufferLimit() throws Exception {
        var options = NioTransportOptions.builder().ioLoops(1).build();
        long limit = options.maxReadBufferSize();
        try (var fixture = new TransportFixture.Tcp(options); var listener = fixture.bind(); var client = fixture.connect()) {
            ConnectionContext server = listener.accept();
            CompletableFuture<Long> flood = flood(client.out());

            long rented = settledRentedBlocks(fixture);
            // The loop stops once a flush leaves the limit or more unread; the last read adds under a block.
            assertThat(rented * BLOCK).isGreaterThanOrEqualTo(limit).isLessThan(limit + 2 * BLOCK);
            assertThat(flood).as("the client is held by TCP flow control").isNotDone();

            server.abort("test over");
            server.input().complete();
            server.output().complete();
            client.close();
            flood.get(10, TimeUnit.SECONDS);
            server.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anEchoPeerSendingAGibibyteWhileReadingAByteASecondHoldsTheServerAtItsReadPlusWriteLimits() throws Exception {
        var options = NioTransportOptions.builder().ioLoops(1).build(); // the default 1 MiB in, 64 KiB out
        long readLimit = options.maxReadBufferSize();
        long bound = readLimit + options.maxWriteBufferSize() + 4 * BLOCK;
        try (var fixture = new TransportFixture.Tcp(options); var listener = fixture.bind(); var client = fixture.connect()) {
            ConnectionContext server = listener.accept();
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> echoFlushingEachBlock(server),
                    runnable -> Thread.ofVirtual().start(runnable));
            CompletableFuture<Long> flood = flood(client.out());
            long mostRented = 0;
            for (int second = 0; second < 3; second++) { // bounded: three bytes, a second apart
                assertThat(client.in().read()).as("an echoed byte").isNotNegative();
                for (int sample = 0; sample < 20; sample++) {
                    Thread.sleep(50);
                    mostRented = Math.max(mostRented, fixture.pool.rentedBlocks());
                }
            }
            // The echo, held by its full output, sits on unconsumed input somewhere between where reading
            // resumes (half the limit) and the limit; at most that, the output limit and the blocks writes straddle.
            assertThat(mostRented * BLOCK).isGreaterThanOrEqualTo(readLimit / 2).isLessThanOrEqualTo(bound);
            assertThat(flood).as("the client is held by TCP flow control").isNotDone();

            client.reset();
            flood.get(10, TimeUnit.SECONDS);
            echo.get(10, TimeUnit.SECONDS);
            server.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(fixture.pool.rentedBlocks()).as("the reset connection's blocks are all back").isZero();
        }
    }

    /**
     * An echo that flushes after every block it copies, so the output limit holds it before more
     * than a block past the limit waits in the output pipe.
     */
    private static void echoFlushingEachBlock(ConnectionContext connection) {
        ByteBuffer[] chunks = new ByteBuffer[64];
        try {
            while (true) {
                ReadResult result = connection.input().read();
                BufferSequence buffer = result.buffer();
                int count = buffer.toByteBuffers(chunks, 0);
                long copied = 0;
                for (int i = 0; i < count; i++) {
                    copied += chunks[i].remaining();
                    connection.output().write(chunks[i]);
                    chunks[i] = null;
                    if (connection.output().flush().isCompleted()) {
                        return;
                    }
                }
                connection.input().advanceTo(buffer.start() + copied);
                if (result.isCompleted() && copied == buffer.length()) {
                    return;
                }
            }
        } catch (PipeException resetAtTheEnd) {
            // the test resets the connection
        } finally {
            connection.input().complete();
            connection.output().complete();
        }
    }

    @Test
    void aPeerThatReadsSlowlyKeepsTheServerAtTheWriteBufferLimitWhileItDrains() throws Exception {
        long limit = 64 * 1024;
        var options = NioTransportOptions.builder().ioLoops(1).maxWriteBufferSize(limit).build();
        try (var fixture = new TransportFixture.Tcp(options); var listener = fixture.bind(); var client = fixture.connect()) {
            ConnectionContext server = listener.accept();
            long total = 8L << 20;
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                byte[] chunk = new byte[16 * 1024];
                for (long sent = 0; sent < total; sent += chunk.length) {
                    server.output().write(chunk);
                    server.output().flush();
                }
                server.output().complete();
                server.input().complete();
            }, runnable -> Thread.ofVirtual().start(runnable));
            // The client drains in small sips with pauses: the server must never buffer past its limit.
            long received = 0;
            long mostRented = 0;
            byte[] sip = new byte[32 * 1024];
            while (received < total) {
                int n = client.in().read(sip);
                if (n < 0) {
                    break;
                }
                received += n;
                mostRented = Math.max(mostRented, fixture.pool.rentedBlocks());
                if (received % (1 << 20) < n) {
                    Thread.sleep(20);
                }
            }
            writer.get(30, TimeUnit.SECONDS);
            assertThat(received).isEqualTo(total);
            assertThat(mostRented * BLOCK).isLessThanOrEqualTo(limit + 16 * 1024 + BLOCK);
            assertThat(client.in().read()).as("the server closed after the last byte").isEqualTo(-1);
        }
    }

    @Test
    void writingToAPeerThatClosedEndsTheConnectionAndFreesItsMemory() throws Exception {
        try (var fixture = new TransportFixture.Tcp(); var listener = fixture.bind(); var client = fixture.connect()) {
            ConnectionContext server = listener.accept();
            client.close();
            CompletableFuture<Throwable> writer = CompletableFuture.supplyAsync(() -> {
                byte[] chunk = new byte[16 * 1024];
                try {
                    for (int i = 0; i < 100_000; i++) {
                        server.output().write(chunk);
                        if (server.output().flush().isCompleted()) {
                            return null;
                        }
                    }
                    return null;
                } catch (RuntimeException failed) {
                    return failed;
                } finally {
                    server.output().complete();
                    server.input().complete();
                }
            }, runnable -> Thread.ofVirtual().start(runnable));
            Throwable failure = writer.get(30, TimeUnit.SECONDS);
            assertThat(failure).as("the flush reports the dead peer").isNotNull()
                    .hasCauseInstanceOf(ConnectionAbortedException.class);
            server.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(fixture.pool.rentedBlocks()).isZero();
        }
    }

    @Test
    void aPeerThatNeverReadsHoldsTheWriterAtTheWriteBufferLimit() throws Exception {
        long limit = 64 * 1024;
        var options = NioTransportOptions.builder().ioLoops(1).maxWriteBufferSize(limit).build();
        try (var fixture = new TransportFixture.Tcp(options); var listener = fixture.bind(); var client = fixture.connect()) {
            ConnectionContext server = listener.accept();
            CompletableFuture<Boolean> writer = CompletableFuture.supplyAsync(() -> {
                byte[] chunk = new byte[16 * 1024];
                try {
                    for (int i = 0; i < 64 * 1024; i++) { // 1 GiB if nothing held it
                        server.output().write(chunk);
                        if (server.output().flush().isCompleted()) {
                            return false;
                        }
                    }
                    return false;
                } catch (RuntimeException abortedAtTheEnd) {
                    return true;
                }
            }, runnable -> Thread.ofVirtual().start(runnable));

            long rented = settledRentedBlocks(fixture);
            // Held from the flush that reached the limit until the socket drains it below half the limit;
            // the kernel may take some of it meanwhile, so the hold can settle anywhere in between.
            assertThat(rented * BLOCK).as("unsent output held by the server")
                    .isGreaterThanOrEqualTo(limit / 2).isLessThanOrEqualTo(limit + 16 * 1024 + BLOCK);
            assertThat(writer).as("the application's flush is held").isNotDone();

            server.abort("test over");
            assertThat(writer.get(10, TimeUnit.SECONDS)).as("the held flush fails once aborted").isTrue();
            server.input().complete();
            server.output().complete();
        }
    }
}
