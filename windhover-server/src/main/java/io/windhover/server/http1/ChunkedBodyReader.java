package io.windhover.server.http1;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.PipeException;
import io.windhover.buffers.PipeReader;
import io.windhover.buffers.ReadResult;
import io.windhover.buffers.SequenceReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A chunked body as a {@link PipeReader}: chunk data is decoded out of the connection's input into
 * a buffer of its own (framing sits between the data, so no view of the input can hold it alone),
 * as Kestrel's {@code Http1ChunkedEncodingMessageBody} pumps into a pipe. The buffer holds what
 * the application has not consumed; it grows only while the application examines everything and
 * consumes nothing, up to the body size limit. Completing the reader ends the application's
 * reading, not the connection.
 *
 * <p>Not thread-safe: read by the request's thread.
 */
final class ChunkedBodyReader implements PipeReader {

    private final RequestBody.Chunked body;
    private final PipeReader input;
    private byte[] data = new byte[0];
    /** Decoded, unconsumed bytes: {@code data[head, tail)}. */
    private int head;
    private int tail;
    /** Whether the application examined every decoded byte: a read must decode more first. */
    private boolean examinedAll;
    private int viewLength = -1;
    private boolean completed;

    ChunkedBodyReader(RequestBody.Chunked body) {
        this.body = body;
        this.input = body.input;
    }

    int leftover() {
        return tail - head;
    }

    /** Hands decoded bytes the reader holds to the stream, which reads on from here. */
    int takeLeftover(byte[] target, int offset, int length) {
        int count = Math.min(length, tail - head);
        System.arraycopy(data, head, target, offset, count);
        head += count;
        return count;
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
        if (viewLength >= 0) {
            throw new IllegalStateException("a read is already in progress; call advanceTo first");
        }
        boolean canceled = false;
        try {
            body.startRead();
            while ((tail == head || examinedAll) && !body.decoder().isDone()) {
                ReadResult result = body.readInput(wait);
                if (result == null) {
                    return null;
                }
                int before = tail;
                decode(result);
                if (result.isCanceled()) {
                    canceled = true;
                    break;
                }
                if (tail > before) {
                    examinedAll = false;
                }
            }
        } catch (IOException e) {
            throw new PipeException(e.getMessage(), e);
        }
        viewLength = tail - head;
        return new ReadResult(BufferSequence.of(data, head, viewLength), canceled, body.decoder().isDone());
    }

    /** Decodes what one input read holds into {@code data}, then ends that read. */
    private void decode(ReadResult result) throws IOException {
        BufferSequence buffer = result.buffer();
        var reader = new SequenceReader(buffer);
        int before = tail;
        boolean done;
        try {
            done = body.decoder().decode(reader, new ChunkedBodyDecoder.Sink() {
                @Override
                public void onData(BufferSequence source, long start, long end) {
                    int length = (int) (end - start);
                    ensureRoom(length);
                    source.copyTo(start, data, tail, length);
                    tail += length;
                }

                @Override
                public void onTrailer(BufferSequence source, long nameStart, long nameEnd, long valueStart, long valueEnd) {
                    body.trailerFields().add(source.slice(nameStart, nameEnd).toString(StandardCharsets.US_ASCII),
                            source.slice(valueStart, valueEnd).toString(StandardCharsets.ISO_8859_1));
                }
            });
        } catch (BadRequestException e) {
            input.advanceTo(buffer.start(), buffer.end());
            throw new IOException(e);
        }
        long position = reader.position();
        boolean progress = tail > before || done;
        input.advanceTo(position, progress ? position : buffer.end());
        body.received += tail - before;
        if (body.received > body.maxSize()) {
            throw RequestBody.tooLarge("chunked body over the limit of " + body.maxSize() + " bytes");
        }
        if (!done && !progress && result.isCompleted()) {
            throw RequestBody.endedEarly();
        }
    }

    private void ensureRoom(int length) {
        if (tail + length <= data.length) {
            return;
        }
        if (head > 0) { // slide the unconsumed bytes to the front first
            System.arraycopy(data, head, data, 0, tail - head);
            tail -= head;
            head = 0;
        }
        if (tail + length > data.length) {
            data = Arrays.copyOf(data, Math.max(tail + length, Math.max(4096, data.length * 2)));
        }
    }

    @Override
    public boolean whenReadable(Runnable callback) {
        if ((tail > head && !examinedAll) || body.decoder().isDone()) {
            return false;
        }
        return input.whenReadable(callback);
    }

    @Override
    public void advanceTo(long consumed, long examined) {
        if (viewLength < 0) {
            throw new IllegalStateException("advanceTo without a read in progress");
        }
        if (consumed < 0 || consumed > examined || examined > viewLength) {
            throw new IllegalArgumentException("advanceTo(consumed=" + consumed + ", examined=" + examined
                    + ") must satisfy 0 <= consumed <= examined <= " + viewLength);
        }
        head += (int) consumed;
        examinedAll = examined == viewLength && head < tail;
        viewLength = -1;
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
