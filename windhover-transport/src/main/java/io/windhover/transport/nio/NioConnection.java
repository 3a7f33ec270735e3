package io.windhover.transport.nio;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.FlushResult;
import io.windhover.buffers.MemoryPool;
import io.windhover.buffers.Pipe;
import io.windhover.buffers.PipeException;
import io.windhover.buffers.PipeOptions;
import io.windhover.buffers.PipeReader;
import io.windhover.buffers.PipeWriter;
import io.windhover.buffers.ReadResult;
import io.windhover.transport.ConnectionAbortedException;
import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionIds;
import io.windhover.transport.FeatureCollection;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A socket connection served by one {@link IoLoop}. Kestrel's {@code SocketConnection}.
 *
 * <pre>
 *   socket ──read──▶ input pipe (writer: this loop)  ──▶ input().read()     (application)
 *   socket ◀─write── output pipe (reader: this loop) ◀── output().flush()   (application)
 * </pre>
 *
 * <p>Reads happen only when the selector reports data, so memory is rented only when bytes are
 * there to land in it, and an idle connection holds no block. A full input pipe (the read buffer
 * limit) stops reading until the application consumes; a socket that will not take more output
 * waits for {@code OP_WRITE} while the application's flush is held by the output pipe's limit.
 *
 * <p>Every field without {@code volatile} or {@code final} belongs to the loop thread.
 */
final class NioConnection implements ConnectionContext {

    private static final Logger LOG = LoggerFactory.getLogger(NioConnection.class);
    private final long idNumber = ConnectionIds.nextNumber();
    /** Made when first asked (log lines): an idle connection nobody logged about holds no string. */
    private String id;
    private final SocketChannel channel;
    private final IoLoop loop;
    private final Pipe input;
    private final Pipe output;
    private final SocketAddress localAddress;
    private final SocketAddress remoteAddress;
    private final FeatureCollection features = new FeatureCollection();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Made when reading first pauses: most connections never fill their read buffer. */
    private Runnable resumeReading;
    private final Runnable outputReady;

    private SelectionKey key;
    private boolean readPaused;
    private boolean inputDone;
    /** The peer closed its sending side (EOF): nothing of it will be lost when we close. */
    private boolean peerClosed;
    private boolean waitingForSocket;
    private boolean done;
    /** FIN sent, the socket still open to read and discard what the peer sends: see {@link NioTransportOptions#lingerTimeout()}. */
    private boolean lingering;
    /** When the loop gives up on this closing connection, in {@link System#nanoTime()}; set with the loop's watch. */
    private long deadline;
    /** When a write last moved bytes while the peer lagged; see {@link #onDeadline()}. */
    private long lastProgress;
    private final NioTransportOptions options;

    NioConnection(SocketChannel channel, IoLoop loop, MemoryPool pool, NioTransportOptions options) throws IOException {
        this.channel = channel;
        this.loop = loop;
        this.input = new Pipe(pipeOptions(pool, options.maxReadBufferSize()));
        this.output = new Pipe(pipeOptions(pool, options.maxWriteBufferSize()));
        this.localAddress = channel.getLocalAddress();
        this.remoteAddress = channel.getRemoteAddress();
        this.outputReady = () -> loop.execute(this::writeToSocket);
        this.options = options;
    }

    /** A limit of 0 turns back-pressure off; otherwise resume at half the limit, as Kestrel does. */
    private static PipeOptions pipeOptions(MemoryPool pool, long limit) {
        return PipeOptions.builder(pool).pauseWriterThreshold(limit).resumeWriterThreshold(limit == 0 ? 0 : Math.max(1, limit / 2)).build();
    }

    /** On the loop: registers with the selector and starts watching the output pipe. */
    void start() {
        try {
            key = channel.register(loop.selector(), SelectionKey.OP_READ, this);
        } catch (ClosedChannelException e) {
            abortWith(new ConnectionAbortedException("closed before it was registered", e), "registration failed");
            return;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("connection {} accepted from {}", id(), remoteAddress);
        }
        writeToSocket();
    }

    void onReady(SelectionKey ready) {
        if (!ready.isValid()) {
            return;
        }
        int ops = ready.readyOps();
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            writeToSocket();
        }
        if ((ops & SelectionKey.OP_READ) != 0) {
            if (lingering) {
                discardInput();
            } else if (!done && !inputDone) {
                readFromSocket();
            }
        }
    }

    private void readFromSocket() {
        PipeWriter writer = input.writer();
        ByteBuffer memory = writer.getMemory();
        int count;
        try {
            count = channel.read(memory);
        } catch (IOException e) {
            writer.advance(0);
            abortWith(new ConnectionAbortedException("the peer reset the connection", e), "read failed");
            return;
        }
        if (count < 0) {
            writer.advance(0);
            LOG.debug("connection {}: the peer closed its sending side", id());
            peerClosed = true;
            finishInput();
            return;
        }
        writer.advance(count);
        FlushResult result;
        try {
            result = writer.tryFlush();
        } catch (PipeException e) {
            finishInput(); // the application failed its reader: nothing more will be read
            return;
        }
        if (result.isCompleted()) {
            finishInput(); // the application stopped reading
        } else if (writer.whenWritable(resumeReading())) {
            readPaused = true;
            updateInterest();
        }
    }

    private Runnable resumeReading() {
        if (resumeReading == null) {
            resumeReading = () -> loop.execute(this::onReadResumed);
        }
        return resumeReading;
    }

    private void onReadResumed() {
        readPaused = false;
        updateInterest();
    }

    private void finishInput() {
        if (!inputDone) {
            inputDone = true;
            input.writer().complete();
            updateInterest();
        }
    }

    /** Writes what the output pipe holds until it is empty or the socket is full. */
    private void writeToSocket() {
        PipeReader reader = output.reader();
        while (!done) {
            ReadResult result;
            try {
                result = reader.tryRead();
            } catch (PipeException e) {
                abortWith(new ConnectionAbortedException("the application failed its output", e.getCause()), "output failed");
                return;
            }
            if (result == null) {
                if (reader.whenReadable(outputReady)) {
                    waitForSocket(false);
                    return;
                }
                continue;
            }
            BufferSequence buffer = result.buffer();
            long sent = buffer.start();
            if (!buffer.isEmpty()) {
                ByteBuffer[] gather = loop.gatherBuffers();
                int count = buffer.toByteBuffers(gather, 0);
                long gathered = 0;
                for (int i = 0; i < count; i++) {
                    gathered += gather[i].remaining();
                }
                long written;
                try {
                    // PERF: the usual batch of small responses is one buffer, and write(2) spares
                    // the JDK's iovec assembly around writev(2): 1.6-1.8 % (wrk/loopback-run.sh).
                    written = count == 1 ? channel.write(gather[0]) : channel.write(gather, 0, count);
                } catch (IOException e) {
                    reader.advanceTo(sent);
                    abortWith(new ConnectionAbortedException("the peer closed the connection during a write", e), "write failed");
                    return;
                } finally {
                    Arrays.fill(gather, 0, count, null);
                }
                sent += written;
                if (written < gathered) {
                    reader.advanceTo(sent);
                    waitForSocket(true); // the socket's send buffer is full
                    // PERF: the clock is read only when the peer lags, never for a write that fits.
                    lastProgress = System.nanoTime();
                    if (deadline == 0) {
                        watch(lastProgress + options.closeTimeout().toNanos());
                    }
                    return;
                }
            }
            if (result.isCompleted() && sent == buffer.end()) {
                reader.advanceTo(sent);
                reader.complete();
                closeAfterOutput();
                return;
            }
            // All of it sent: wait for bytes beyond it. Part of it (gather array full): go on at once.
            reader.advanceTo(sent, sent == buffer.end() ? buffer.end() : sent);
        }
    }

    private void waitForSocket(boolean wait) {
        if (waitingForSocket != wait) {
            waitingForSocket = wait;
            updateInterest();
        }
    }

    private void updateInterest() {
        if (key == null || !key.isValid()) {
            return;
        }
        int ops = 0;
        if ((!inputDone && !readPaused) || lingering) {
            ops |= SelectionKey.OP_READ;
        }
        if (waitingForSocket) {
            ops |= SelectionKey.OP_WRITE;
        }
        key.interestOps(ops);
    }

    /**
     * The application completed its output and all of it was handed to the socket: send FIN and
     * close. While the peer has not closed its side, the socket is read and what arrives thrown
     * away for a while first (a lingering close): closing with unread input would send RST, and
     * the peer's kernel would drop the part of the answer it has not read.
     */
    private void closeAfterOutput() {
        if (done) {
            return;
        }
        done = true;
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            LOG.debug("connection {}: shutdown of output failed", id(), e);
        }
        finishInput();
        if (peerClosed || options.lingerTimeout().isZero() || key == null || !key.isValid()) {
            closeNow();
            return;
        }
        lingering = true;
        key.interestOps(SelectionKey.OP_READ);
        watch(System.nanoTime() + options.lingerTimeout().toNanos());
        discardInput(); // what is already there, and maybe the peer's FIN
    }

    /**
     * Lingering: reads and discards what the peer sends; closes at its FIN. No byte budget: a fast
     * upload fills any budget before the peer has read the answer (on loopback, in microseconds);
     * the linger timeout bounds it instead, as nginx's {@code lingering_time} does.
     */
    private void discardInput() {
        while (lingering) {
            int count;
            try {
                count = channel.read(loop.discardBuffer());
            } catch (IOException e) {
                closeNow(); // a reset: nothing left to protect
                return;
            }
            if (count < 0) {
                closeNow(); // the peer's FIN: it has everything it will read
                return;
            }
            if (count == 0) {
                return; // the selector says when more comes
            }
        }
    }

    private void watch(long at) {
        deadline = at == 0 ? 1 : at; // 0 means none
        loop.watchDeadline(this);
    }

    /** When the loop gives up on this connection (see {@link #watch}). */
    long deadline() {
        return deadline;
    }

    /**
     * On the loop, at the deadline. A lingering close ends. A peer that lags: once the application
     * has completed its output, the peer that took nothing of the rest for the close timeout is cut
     * off; while the application still writes, its own flush waits and the HTTP engine's minimum
     * data rate judges the peer, so the check only comes round again.
     */
    void onDeadline() {
        deadline = 0;
        if (lingering) {
            closeNow();
            return;
        }
        if (done || !waitingForSocket) {
            return; // closed, or caught up: nothing to time
        }
        long timeout = options.closeTimeout().toNanos();
        long now = System.nanoTime();
        if (!output.isWriterCompleted()) {
            watch(now + timeout);
        } else if (now - lastProgress < timeout) {
            watch(lastProgress + timeout);
        } else {
            abortWith(new ConnectionAbortedException("the peer took none of the rest of the output for "
                    + options.closeTimeout().toMillis() + " ms after the application closed the connection"), "close timeout");
        }
    }

    private void closeNow() {
        lingering = false;
        loop.dropDeadline(this);
        closeChannel();
        LOG.debug("connection {} closed", id());
        closed.complete(null);
    }

    /** Closes at once: pending output is dropped, both pipes fail with {@code reason}. */
    private void abortWith(ConnectionAbortedException reason, String event) {
        if (done) {
            if (lingering) {
                closeNow(); // the transport stops: no more waiting for the peer
            }
            return;
        }
        done = true;
        loop.dropDeadline(this);
        // Debug, not error: resets and aborts are part of a server's normal life.
        LOG.debug("connection {} aborted ({}): {}", id(), event, reason.getMessage());
        closeChannel();
        if (!inputDone) {
            inputDone = true;
            input.writer().complete(reason);
        }
        output.reader().complete(reason);
        closed.complete(null);
    }

    private void closeChannel() {
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("connection {}: close failed", id(), e);
        }
    }

    /** On the loop, when the transport stops. */
    void abortOnShutdown() {
        abortWith(new ConnectionAbortedException("the transport stopped"), "transport stopped");
    }

    @Override
    public String id() {
        String made = id;
        if (made == null) {
            // A benign race: two threads may both make the same immutable string.
            made = ConnectionIds.format(idNumber);
            id = made;
        }
        return made;
    }

    @Override
    public SocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public PipeReader input() {
        return input.reader();
    }

    @Override
    public PipeWriter output() {
        return output.writer();
    }

    @Override
    public FeatureCollection features() {
        return features;
    }

    @Override
    public CompletionStage<Void> closed() {
        return closed;
    }

    @Override
    public void executeOnTransport(Runnable task) {
        loop.execute(task);
    }

    @Override
    public void abort(String reason) {
        loop.execute(() -> abortWith(new ConnectionAbortedException(reason), "aborted by the application"));
    }

    /** A socket option as the OS reports it, for tests of what the transport set. */
    <T> T socketOption(SocketOption<T> name) throws IOException {
        return channel.getOption(name);
    }

    @Override
    public String toString() {
        return "connection " + id() + " " + remoteAddress + " -> " + localAddress;
    }
}
