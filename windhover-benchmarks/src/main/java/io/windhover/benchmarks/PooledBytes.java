package io.windhover.benchmarks;

import io.windhover.buffers.BlockMemoryPool;
import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.Pipe;
import io.windhover.buffers.PipeOptions;

/**
 * Bytes written through a pipe into one pooled off-heap block and held there for a whole trial, as
 * a parser benchmark reads them: the input the engines meet, without a socket.
 *
 * <pre>{@code
 * input = new PooledBytes(bytes);   // @Setup(Level.Trial)
 * parse(input.buffer());            // @Benchmark
 * input.close();                    // @TearDown(Level.Trial)
 * }</pre>
 */
final class PooledBytes implements AutoCloseable {

    private final BlockMemoryPool pool = BlockMemoryPool.create();
    private final Pipe pipe = new Pipe(PipeOptions.of(pool));
    private final BufferSequence buffer;

    /** @throws IllegalStateException if {@code bytes} do not fit one block */
    PooledBytes(byte[] bytes) {
        pipe.writer().write(bytes);
        pipe.writer().flush();
        buffer = pipe.reader().read().buffer(); // held for the whole trial; advanced in close
        if (!buffer.isSingleSegment() || buffer.length() != bytes.length) {
            throw new IllegalStateException("expected the " + bytes.length + " bytes in one block");
        }
    }

    BufferSequence buffer() {
        return buffer;
    }

    @Override
    public void close() {
        pipe.reader().advanceTo(buffer.end());
        pipe.reader().complete();
        pipe.writer().complete();
        pool.close();
    }
}
