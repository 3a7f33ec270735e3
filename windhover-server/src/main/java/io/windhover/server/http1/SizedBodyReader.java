package io.windhover.server.http1;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.PipeException;
import io.windhover.buffers.PipeReader;
import io.windhover.buffers.ReadResult;
import java.io.IOException;

/**
 * A Content-Length body as a {@link PipeReader}: a view of the connection's input cut at the
 * body's end, without a copy (Kestrel's {@code Http1ContentLengthMessageBody}). The next request's
 * bytes stay out of sight; {@link ReadResult#isCompleted()} says the rest of the body is in view.
 * Completing it ends the application's reading, not the connection.
 *
 * <p>Not thread-safe: read by the request's thread.
 */
final class SizedBodyReader implements PipeReader {

    private final RequestBody.Sized body;
    private final PipeReader input;
    /** Start and end of the buffer handed out; {@code viewStart < 0} when no read is in progress. */
    private long viewStart = -1;
    private long viewEnd;
    /** Whether the buffer handed out holds the whole rest of the body. */
    private boolean viewWhole;
    private boolean fromInput;
    private boolean completed;

    SizedBodyReader(RequestBody.Sized body) {
        this.body = body;
        this.input = body.input;
    }

    @Override
    public ReadResult read() {
        return view(true);
    }

    @Override
    public ReadResult tryRead() {
        return view(false);
    }

    private ReadResult view(boolean wait) {
        if (completed) {
            throw new IllegalStateException("the body reader has completed");
        }
        if (viewStart >= 0) {
            throw new IllegalStateException("a read is already in progress; call advanceTo first");
        }
        if (body.remaining() == 0) {
            viewStart = viewEnd = 0;
            viewWhole = true;
            fromInput = false;
            return new ReadResult(BufferSequence.EMPTY, false, true);
        }
        ReadResult result;
        try {
            body.startRead();
            result = body.readInput(wait);
        } catch (IOException e) {
            throw new PipeException(e.getMessage(), e);
        }
        if (result == null) {
            return null;
        }
        BufferSequence buffer = result.buffer();
        BufferSequence view = buffer.length() > body.remaining() ? buffer.slice(buffer.start(), buffer.start() + body.remaining()) : buffer;
        viewWhole = view.length() == body.remaining();
        if (!viewWhole && result.isCompleted()) {
            input.advanceTo(buffer.start());
            throw new PipeException("the connection closed before the request body ended", RequestBody.endedEarly());
        }
        viewStart = view.start();
        viewEnd = view.end();
        fromInput = true;
        return new ReadResult(view, result.isCanceled(), viewWhole);
    }

    @Override
    public boolean whenReadable(Runnable callback) {
        return body.remaining() > 0 && input.whenReadable(callback);
    }

    @Override
    public void advanceTo(long consumed, long examined) {
        if (viewStart < 0) {
            throw new IllegalStateException("advanceTo without a read in progress");
        }
        if (consumed < viewStart || consumed > examined || examined > viewEnd) {
            throw new IllegalArgumentException("advanceTo(consumed=" + consumed + ", examined=" + examined
                    + ") must satisfy " + viewStart + " <= consumed <= examined <= " + viewEnd);
        }
        if (fromInput) {
            // With the whole rest in view there is nothing to wait for: examining it all must not
            // make the next read wait for bytes beyond the body.
            input.advanceTo(consumed, viewWhole ? consumed : examined);
            body.consumed(consumed - viewStart);
        }
        viewStart = -1;
    }

    @Override
    public void cancelPendingRead() {
        input.cancelPendingRead();
    }

    @Override
    public void complete(Throwable error) {
        completed = true;
    }
}
