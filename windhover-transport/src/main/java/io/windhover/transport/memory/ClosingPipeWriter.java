package io.windhover.transport.memory;

import io.windhover.buffers.FlushResult;
import io.windhover.buffers.PipeWriter;
import java.nio.ByteBuffer;

/** A writer that runs an action when it completes: how an in-memory connection learns its end closed. */
final class ClosingPipeWriter implements PipeWriter {

    private final PipeWriter inner;
    private final Runnable onComplete;

    ClosingPipeWriter(PipeWriter inner, Runnable onComplete) {
        this.inner = inner;
        this.onComplete = onComplete;
    }

    @Override
    public ByteBuffer getMemory(int sizeHint) {
        return inner.getMemory(sizeHint);
    }

    @Override
    public void advance(int bytes) {
        inner.advance(bytes);
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        inner.write(source, offset, length);
    }

    @Override
    public void write(ByteBuffer source) {
        inner.write(source);
    }

    @Override
    public FlushResult flush() {
        return inner.flush();
    }

    @Override
    public FlushResult tryFlush() {
        return inner.tryFlush();
    }

    @Override
    public boolean whenWritable(Runnable callback) {
        return inner.whenWritable(callback);
    }

    @Override
    public long unflushedBytes() {
        return inner.unflushedBytes();
    }

    @Override
    public long unconsumedBytes() {
        return inner.unconsumedBytes();
    }

    @Override
    public void cancelPendingFlush() {
        inner.cancelPendingFlush();
    }

    @Override
    public void complete(Throwable error) {
        inner.complete(error);
        onComplete.run();
    }
}
