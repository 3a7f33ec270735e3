package io.windhover.server.core;

import io.windhover.buffers.PipeException;
import io.windhover.buffers.PipeReader;
import io.windhover.buffers.ReadResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * A request body as one request's handler gets it, over the body object the engine reuses from
 * request to request: once its request is over, it refuses to read. A stream kept past its request
 * and read later would otherwise read the next request's body on the connection — another user's,
 * behind a proxy, or on a pooled HTTP/2 stream.
 *
 * <p>Not thread-safe, like the body under it.
 */
public final class RequestBodyStream extends InputStream {

    private final InputStream body;
    private final LongSupplier current;
    private final long owner;
    private Reader reader;

    /**
     * @param current the engine's request counter now
     * @param owner the request this stream is handed to
     */
    public RequestBodyStream(InputStream body, LongSupplier current, long owner) {
        this.body = body;
        this.current = current;
        this.owner = owner;
    }

    private void checkCurrent() throws IOException {
        if (current.getAsLong() != owner) {
            throw new IOException(ENDED);
        }
    }

    private static final String ENDED = "this request body belongs to an earlier request on the connection, which has ended;"
            + " a body must not be read after its request";

    @Override
    public int read() throws IOException {
        checkCurrent();
        return body.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        checkCurrent();
        return body.read(buffer, offset, length);
    }

    @Override
    public long skip(long count) throws IOException {
        checkCurrent();
        return body.skip(count);
    }

    @Override
    public int available() throws IOException {
        checkCurrent();
        return body.available();
    }

    /** Ends the handler's reading; closing an earlier request's stream does nothing. */
    @Override
    public void close() throws IOException {
        if (current.getAsLong() == owner) {
            body.close();
        }
    }

    /** The same guard over the body's {@link PipeReader}. */
    public PipeReader reader(PipeReader under) {
        if (reader == null) {
            reader = new Reader(under);
        }
        return reader;
    }

    /** The body as a pipe, refusing once its request is over. */
    private final class Reader implements PipeReader {
        private final PipeReader under;

        Reader(PipeReader under) {
            this.under = under;
        }

        private void check() {
            if (current.getAsLong() != owner) {
                throw new PipeException(ENDED, new IOException(ENDED));
            }
        }

        @Override
        public ReadResult read() {
            check();
            return under.read();
        }

        @Override
        public ReadResult tryRead() {
            check();
            return under.tryRead();
        }

        @Override
        public boolean whenReadable(Runnable callback) {
            check();
            return under.whenReadable(callback);
        }

        @Override
        public void advanceTo(long consumed, long examined) {
            check();
            under.advanceTo(consumed, examined);
        }

        @Override
        public void cancelPendingRead() {
            if (current.getAsLong() == owner) {
                under.cancelPendingRead();
            }
        }

        @Override
        public void complete(Throwable error) {
            if (current.getAsLong() == owner) {
                under.complete(error);
            }
        }
    }
}
