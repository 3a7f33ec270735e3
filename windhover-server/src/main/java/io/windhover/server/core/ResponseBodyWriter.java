package io.windhover.server.core;

import io.windhover.buffers.FlushResult;
import io.windhover.buffers.PipeException;
import io.windhover.buffers.PipeWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A response body as a {@link PipeWriter} (Kestrel's {@code HttpResponse.BodyWriter}), over the
 * same framing as the body stream: bytes committed here go through the response's buffer and
 * the protocol's framing like stream writes, in the order written. The memory it hands
 * out is a scratch array of its own, so a commit costs one copy, as a stream write does.
 * Completing it ends the response; completing it with an error fails the response (aborted if it
 * has started, else answered 500).
 *
 * <p>Not thread-safe: written by the request's thread.
 */
final class ResponseBodyWriter implements PipeWriter {

    private static final int MIN_MEMORY = 4096;

    private final ResponseState response;
    private final OutputStream body;
    /** The request it was made for: an earlier request's writer refuses to write or flush. */
    private final long owner;
    private byte[] scratch = new byte[0];
    private ByteBuffer memory;

    ResponseBodyWriter(ResponseState response, OutputStream body, long owner) {
        this.response = response;
        this.body = body;
        this.owner = owner;
    }

    @Override
    public ByteBuffer getMemory(int sizeHint) {
        if (sizeHint < 0) {
            throw new IllegalArgumentException("sizeHint must be zero or more, was " + sizeHint);
        }
        int size = Math.max(MIN_MEMORY, sizeHint);
        if (scratch.length < size) {
            scratch = new byte[size];
        }
        memory = ByteBuffer.wrap(scratch);
        return memory;
    }

    @Override
    public void advance(int bytes) {
        if (memory == null) {
            throw new IllegalStateException("advance without getMemory");
        }
        if (bytes < 0 || bytes > memory.capacity()) {
            throw new IllegalArgumentException("advance(" + bytes + ") must be within the " + memory.capacity() + " bytes of memory handed out");
        }
        memory = null;
        write(scratch, 0, bytes);
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, source.length);
        try {
            body.write(source, offset, length);
        } catch (IOException e) {
            throw new PipeException(e.getMessage(), e);
        }
    }

    @Override
    public void write(ByteBuffer source) {
        if (source.hasArray()) {
            write(source.array(), source.arrayOffset() + source.position(), source.remaining());
            source.position(source.limit());
            return;
        }
        byte[] chunk = new byte[Math.min(source.remaining(), 16 * 1024)];
        while (source.hasRemaining()) {
            int count = Math.min(chunk.length, source.remaining());
            source.get(chunk, 0, count);
            write(chunk, 0, count);
        }
    }

    @Override
    public FlushResult flush() {
        return flush(true);
    }

    @Override
    public FlushResult tryFlush() {
        return flush(false);
    }

    private FlushResult flush(boolean mayWait) {
        try {
            response.checkCurrent(owner);
            return response.flushBody(mayWait);
        } catch (IOException e) {
            throw new PipeException(e.getMessage(), e);
        }
    }

    @Override
    public boolean whenWritable(Runnable callback) {
        return response.producer().whenWritable(callback);
    }

    @Override
    public long unflushedBytes() {
        return response.unflushedBodyBytes();
    }

    @Override
    public long unconsumedBytes() {
        return response.heldBytes();
    }

    @Override
    public void cancelPendingFlush() {
        response.producer().cancelPendingFlush();
    }

    @Override
    public void complete(Throwable error) {
        if (error != null) {
            response.fail(error, owner);
            return;
        }
        try {
            body.close();
        } catch (IOException e) {
            throw new PipeException(e.getMessage(), e);
        }
    }
}
