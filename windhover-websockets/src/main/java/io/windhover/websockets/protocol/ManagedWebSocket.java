package io.windhover.websockets.protocol;

import io.windhover.websockets.CloseCodes;
import io.windhover.websockets.MessageInputStream;
import io.windhover.websockets.MessageType;
import io.windhover.websockets.PerMessageDeflate;
import io.windhover.websockets.WebSocket;
import io.windhover.websockets.WebSocketException;
import io.windhover.websockets.WebSocketMessage;
import io.windhover.websockets.WebSocketOptions;
import io.windhover.websockets.WebSocketScheduler;
import io.windhover.websockets.WebSocketState;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The WebSocket protocol over a pair of blocking streams: .NET's {@code ManagedWebSocket}. See
 * {@link WebSocket} for the contract.
 *
 * <p>Three locks: the read lock (one receiving thread), the message lock (one data message going
 * out, whole or streamed) and the write lock (one frame's bytes). Pongs and Close frames take the
 * write lock alone, so they go out between the frames of a streamed message. Every send waits in
 * the output stream's flush while the peer is slow: no frame is ever queued.
 */
public final class ManagedWebSocket implements WebSocket {

    /** 16 KiB: a streamed message's frames. */
    private static final int STREAM_FRAME = 16 * 1024;
    private static final byte[] EMPTY = {};

    private final OutputStream output;
    private final WebSocketOptions options;
    private final PerMessageDeflate compression;
    private final String subProtocol;
    private final Runnable abortConnection;
    private final MessageReader messages;
    private final FrameWriter writer;
    /** Null when this side sends uncompressed. */
    private final MessageDeflater deflater;
    private final KeepAlive keepAlive;
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock messageLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Counted down when the socket reaches CLOSED or ABORTED. */
    private final CountDownLatch ended = new CountDownLatch(1);

    private volatile WebSocketState state = WebSocketState.OPEN;
    /** Guarded by the write lock. */
    private boolean closeSent;
    private volatile boolean closeReceived;
    private volatile int closeCode = -1;
    private volatile String closeReason;
    private volatile WebSocketException failure;
    private volatile WebSocketScheduler.Cancellable closeTimer;

    private ManagedWebSocket(InputStream input, OutputStream output, WebSocketOptions options, PerMessageDeflate compression,
            String subProtocol, Runnable abortConnection, boolean server) {
        this.output = output;
        this.options = options;
        this.compression = compression;
        this.subProtocol = subProtocol;
        this.abortConnection = abortConnection;
        MessageInflater inflater = null;
        MessageDeflater deflater = null;
        if (compression != null) {
            // Each side's parameters by role: a server inflates what the client compresses.
            inflater = new MessageInflater(server ? compression.clientNoContextTakeover() : compression.serverNoContextTakeover());
            boolean mayCompress = server ? compression.serverCompresses() : compression.clientMaxWindowBits() >= 15;
            if (mayCompress) {
                deflater = new MessageDeflater(server ? compression.serverNoContextTakeover() : compression.clientNoContextTakeover());
            }
        }
        this.deflater = deflater;
        this.messages = new MessageReader(new FrameReader(input, server, compression != null), inflater,
                options.maxMessageSize(), new Control());
        this.writer = new FrameWriter(output, !server);
        if (options.keepAliveInterval().isZero()) {
            this.keepAlive = null;
        } else {
            this.keepAlive = new KeepAlive(options.scheduler(), options.keepAliveInterval(), options.keepAliveTimeout(),
                    () -> Thread.startVirtualThread(this::sendKeepAlivePing),
                    () -> Thread.startVirtualThread(() -> failConnection(
                            new WebSocketException(CloseCodes.INTERNAL_ERROR, "keepalive ping timeout"), true)));
            keepAlive.start();
        }
    }

    /** See {@link WebSocket#server}. */
    public static ManagedWebSocket server(InputStream input, OutputStream output, WebSocketOptions options,
            PerMessageDeflate compression, String subProtocol, Runnable abort) {
        return new ManagedWebSocket(input, output, options, compression, subProtocol, abort, true);
    }

    /** A client's socket (masks its frames): for tests and benchmarks that play the client. */
    public static ManagedWebSocket client(InputStream input, OutputStream output, WebSocketOptions options,
            PerMessageDeflate compression, Runnable abort) {
        return new ManagedWebSocket(input, output, options, compression, null, abort, false);
    }

    // ---- receiving ----

    @Override
    public WebSocketMessage receive() throws IOException {
        lockReceive();
        try {
            MessageType type = nextMessage();
            if (type == null) {
                return null;
            }
            long known = messages.knownLength();
            byte[] data = new byte[(int) (known >= 0 ? known : Math.min(options.maxMessageSize(), 256))];
            int length = 0;
            while (true) {
                if (length == data.length && known < 0) {
                    // The reader refuses a message past the limit, so this never grows beyond it
                    // (plus one byte, room to see the end).
                    data = Arrays.copyOf(data, (int) Math.min(Math.max(16, 2L * data.length), options.maxMessageSize() + 1L));
                }
                int read = readMessage(data, length, data.length - length);
                if (read == MessageReader.CLOSED) {
                    return null;
                }
                if (read < 0) {
                    return new WebSocketMessage(type, length == data.length ? data : Arrays.copyOf(data, length));
                }
                length += read;
            }
        } finally {
            readLock.unlock();
        }
    }

    private int readMessage(byte[] target, int offset, int length) throws IOException {
        try {
            return messages.read(target, offset, length);
        } catch (IOException e) {
            throw readFailed(e);
        }
    }

    @Override
    public MessageInputStream receiveStream() throws IOException {
        lockReceive();
        try {
            MessageType type = nextMessage();
            return type == null ? null : new IncomingMessage(type);
        } finally {
            readLock.unlock();
        }
    }

    private MessageType nextMessage() throws IOException {
        if (failure != null && state == WebSocketState.ABORTED) {
            throw failure;
        }
        if (closeReceived || state == WebSocketState.CLOSED) {
            return null;
        }
        try {
            return messages.nextMessage();
        } catch (IOException e) {
            throw readFailed(e);
        }
    }

    private void lockReceive() {
        if (!readLock.tryLock()) {
            throw new IllegalStateException("another thread is receiving from this socket");
        }
    }

    /**
     * A read failed: a protocol error or a crossed limit fails the connection (with a Close where
     * there is one to send), a broken connection ends it. The exception to throw.
     *
     * <p>PERF: called from a catch in each read method rather than by wrapping the read in a
     * lambda, which would leave two more frames on every idle socket's parked stack
     * (WebSocketFigures idle).
     */
    private WebSocketException readFailed(IOException e) {
        if (e instanceof WebSocketException protocol) {
            return protocol.closeCode() == CloseCodes.ABNORMAL_CLOSURE ? ended(protocol) : failConnection(protocol, false);
        }
        return ended(new WebSocketException(CloseCodes.ABNORMAL_CLOSURE, "the connection failed: " + e, e));
    }

    /** The connection is gone (or was dropped here): the failure that explains it. */
    private WebSocketException ended(WebSocketException cause) {
        if (failure == null) {
            failure = cause;
        }
        cancelCloseTimer();
        terminate(WebSocketState.ABORTED);
        messages.release();
        return failure;
    }

    /**
     * RFC 6455 §7.1.7, "Fail the WebSocket Connection": send a Close with the code (if none went
     * yet) and stop. The receiving thread reads no more; a timer's failure ({@code awaitAbort})
     * leaves the receiving thread blocked on a peer that may be dead, so the connection is
     * dropped after the close timeout unless it ends before.
     */
    private WebSocketException failConnection(WebSocketException cause, boolean awaitAbort) {
        if (failure == null) {
            failure = cause;
        }
        armCloseTimer(); // a send stuck behind a peer that does not read is ended by the abort
        try {
            sendClose(new CloseFrame(cause.closeCode(), CloseFrame.fit(cause.getMessage())));
        } catch (IOException e) {
            // the connection is going anyway
        }
        if (!awaitAbort) {
            cancelCloseTimer();
            messages.release();
        }
        terminate(WebSocketState.ABORTED);
        closeOutput();
        return failure;
    }

    /** The peer's frames, as the reader meets them. */
    private final class Control implements FrameListener {
        @Override
        public void frameArrived() {
            if (keepAlive != null) {
                keepAlive.frameArrived();
            }
        }

        @Override
        public void ping(byte[] payload) throws IOException {
            writeControl(Opcode.PONG, payload);
        }

        @Override
        public void pong(byte[] payload) {
            // the keep-alive counted its arrival
        }

        @Override
        public void close(CloseFrame frame) throws IOException {
            closeCode = frame.code();
            closeReason = frame.reason();
            closeReceived = true;
            if (state == WebSocketState.OPEN) {
                state = WebSocketState.CLOSE_RECEIVED;
            }
            // §5.5.1: answer with a Close, "typically echoing the status code it received".
            try {
                sendClose(new CloseFrame(frame.code(), ""));
            } finally {
                terminate(WebSocketState.CLOSED);
                closeOutput(); // §7.1.1: the server closes the TCP connection first
                messages.release();
            }
        }
    }

    // ---- sending ----

    @Override
    public void send(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sendMessage(Opcode.TEXT, bytes, bytes.length);
    }

    @Override
    public void send(byte[] data) throws IOException {
        sendMessage(Opcode.BINARY, data, data.length);
    }

    @Override
    public void send(WebSocketMessage message) throws IOException {
        sendMessage(message.isText() ? Opcode.TEXT : Opcode.BINARY, message.data(), message.data().length);
    }

    private void sendMessage(int opcode, byte[] data, int length) throws IOException {
        messageLock.lock();
        try {
            writeLock.lock();
            try {
                checkCanSend();
                if (deflater != null) {
                    byte[] compressed = deflater.deflate(data, 0, length);
                    writer.write(true, true, opcode, compressed, 0, deflater.length());
                } else {
                    writer.write(true, false, opcode, data, 0, length);
                }
            } finally {
                writeLock.unlock();
            }
        } catch (IOException e) {
            throw sendFailed(e);
        } finally {
            messageLock.unlock();
        }
    }

    @Override
    public OutputStream sendStream(MessageType type) throws IOException {
        messageLock.lock();
        try {
            writeLock.lock();
            try {
                checkCanSend();
            } finally {
                writeLock.unlock();
            }
        } catch (IOException | RuntimeException e) {
            messageLock.unlock();
            throw e;
        }
        return new OutgoingMessage(type == MessageType.TEXT ? Opcode.TEXT : Opcode.BINARY);
    }

    @Override
    public void ping(byte[] payload) throws IOException {
        if (payload.length > 125) {
            throw new IllegalArgumentException("a Ping carries at most 125 bytes, not " + payload.length);
        }
        writeControl(Opcode.PING, payload);
    }

    private void sendKeepAlivePing() {
        try {
            writeControl(Opcode.PING, EMPTY);
        } catch (IOException e) {
            // the timeout that follows decides
        }
    }

    private void writeControl(int opcode, byte[] payload) throws IOException {
        writeLock.lock();
        try {
            if (closeSent || state == WebSocketState.ABORTED) {
                return; // §5.5.1: nothing after a Close
            }
            writer.write(true, false, opcode, payload, 0, payload.length);
        } finally {
            writeLock.unlock();
        }
    }

    /** Under the write lock. */
    private void checkCanSend() throws WebSocketException {
        if (failure != null && state == WebSocketState.ABORTED) {
            throw failure;
        }
        if (closeSent || state == WebSocketState.CLOSED || state == WebSocketState.ABORTED) {
            throw new WebSocketException(CloseCodes.NORMAL, "the socket is closing or closed: " + state);
        }
    }

    private IOException sendFailed(IOException e) {
        if (e instanceof WebSocketException) {
            return e;
        }
        return failure != null ? failure : ended(new WebSocketException(CloseCodes.ABNORMAL_CLOSURE, "the connection failed: " + e, e));
    }

    /**
     * Sends a Close unless one went already. After both, the socket is CLOSED; after ours alone,
     * CLOSE_SENT with the close timer running.
     */
    private void sendClose(CloseFrame frame) throws IOException {
        writeLock.lock();
        try {
            if (closeSent || state == WebSocketState.ABORTED) {
                return;
            }
            closeSent = true;
            byte[] payload = frame.payload();
            writer.write(true, false, Opcode.CLOSE, payload, 0, payload.length);
        } finally {
            writeLock.unlock();
        }
        if (!closeReceived && state == WebSocketState.OPEN) {
            state = WebSocketState.CLOSE_SENT;
            armCloseTimer();
        }
    }

    // ---- closing ----

    @Override
    public void close(int code, String reason) throws IOException {
        CloseFrame frame = checkedClose(code, reason);
        if (state != WebSocketState.OPEN) {
            awaitEnd();
            return;
        }
        sendClose(frame);
        if (readLock.tryLock()) {
            try {
                // §7.1.2: after our Close, data may still come: read and drop it until the peer's Close.
                byte[] drain = new byte[8192];
                while (state == WebSocketState.CLOSE_SENT) {
                    if (nextMessage() == null) {
                        break;
                    }
                    while (readMessage(drain, 0, drain.length) >= 0) {
                        // dropped
                    }
                }
            } catch (WebSocketException e) {
                // the connection ended while closing: nothing more to wait for
            } finally {
                readLock.unlock();
            }
        } else {
            awaitEnd(); // the receiving thread meets the peer's Close; the timer bounds the wait
        }
    }

    @Override
    public void closeAsync(int code, String reason) {
        CloseFrame frame = checkedClose(code, reason);
        if (state != WebSocketState.OPEN) {
            return;
        }
        armCloseTimer(); // the send below may wait behind a stuck sender: the abort ends both
        Thread.startVirtualThread(() -> {
            try {
                sendClose(frame);
            } catch (IOException e) {
                // the connection is gone; the receiving thread sees it
            }
        });
    }

    @Override
    public void close() throws IOException {
        close(CloseCodes.NORMAL, "");
    }

    private static CloseFrame checkedClose(int code, String reason) {
        if (!CloseCodes.isSendable(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent (RFC 6455 §7.4)");
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length > CloseFrame.MAX_REASON_BYTES) {
            throw new IllegalArgumentException("a close reason takes at most " + CloseFrame.MAX_REASON_BYTES + " UTF-8 bytes");
        }
        return new CloseFrame(code, reason);
    }

    private void awaitEnd() throws InterruptedIOException {
        try {
            ended.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the peer's Close");
        }
    }

    @Override
    public void abort() {
        if (failure == null) {
            failure = new WebSocketException(CloseCodes.ABNORMAL_CLOSURE, "aborted");
        }
        terminate(WebSocketState.ABORTED);
        abortConnection.run();
    }

    private void armCloseTimer() {
        if (closeTimer == null) {
            closeTimer = options.scheduler().schedule(this::closeTimedOut, options.closeTimeout());
        }
    }

    private void cancelCloseTimer() {
        WebSocketScheduler.Cancellable timer = closeTimer;
        if (timer != null) {
            timer.cancel();
        }
    }

    private void closeTimedOut() {
        if (state == WebSocketState.CLOSED) {
            return;
        }
        if (failure == null) {
            failure = new WebSocketException(CloseCodes.ABNORMAL_CLOSURE,
                    "the closing handshake did not finish within " + options.closeTimeout().toMillis() + " ms");
        }
        terminate(WebSocketState.ABORTED);
        abortConnection.run();
    }

    /** Enters a final state (the first one wins) and stops the timers. */
    private void terminate(WebSocketState end) {
        synchronized (ended) {
            if (state != WebSocketState.CLOSED && state != WebSocketState.ABORTED) {
                state = end;
            }
        }
        if (keepAlive != null) {
            keepAlive.stop();
        }
        if (state == WebSocketState.CLOSED) {
            cancelCloseTimer();
        }
        ended.countDown();
    }

    /** Ends the output (a FIN over HTTP/1.1, END_STREAM over HTTP/2) once no frame is being written. */
    private void closeOutput() {
        writeLock.lock();
        try {
            if (deflater != null) {
                deflater.release();
            }
            output.close();
        } catch (IOException e) {
            // already gone
        } finally {
            writeLock.unlock();
        }
    }

    // ---- state ----

    @Override
    public WebSocketState state() {
        return state;
    }

    @Override
    public int closeCode() {
        return closeCode;
    }

    @Override
    public String closeReason() {
        return closeReason;
    }

    @Override
    public String subProtocol() {
        return subProtocol;
    }

    @Override
    public PerMessageDeflate compression() {
        return compression;
    }

    /** {@link #receiveStream()}'s message. */
    private final class IncomingMessage extends MessageInputStream {
        private final MessageType type;
        private boolean done;

        IncomingMessage(MessageType type) {
            this.type = type;
        }

        @Override
        public MessageType type() {
            return type;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            java.util.Objects.checkFromIndexSize(offset, length, target.length);
            if (done) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            lockReceive();
            try {
                int read = readMessage(target, offset, length);
                if (read == MessageReader.CLOSED) {
                    done = true;
                    throw new WebSocketException(closeCode, "the peer closed inside the message");
                }
                done = read < 0;
                return read;
            } finally {
                readLock.unlock();
            }
        }
    }

    /** {@link #sendStream}'s message: holds the message lock from its creation to its close. */
    private final class OutgoingMessage extends OutputStream {
        private final byte[] buffer = new byte[STREAM_FRAME];
        private int length;
        private int opcode;
        private boolean closed;

        OutgoingMessage(int opcode) {
            this.opcode = opcode;
        }

        @Override
        public void write(int value) throws IOException {
            write(new byte[] {(byte) value}, 0, 1);
        }

        @Override
        public void write(byte[] source, int offset, int count) throws IOException {
            java.util.Objects.checkFromIndexSize(offset, count, source.length);
            if (closed) {
                throw new IOException("message already sent");
            }
            while (count > 0) {
                if (length == buffer.length) {
                    frame(false);
                }
                int piece = Math.min(count, buffer.length - length);
                System.arraycopy(source, offset, buffer, length, piece);
                length += piece;
                offset += piece;
                count -= piece;
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                frame(true);
            } finally {
                messageLock.unlock();
            }
        }

        private void frame(boolean fin) throws IOException {
            writeLock.lock();
            try {
                checkCanSend();
                writer.write(fin, false, opcode, buffer, 0, length);
            } catch (IOException e) {
                throw sendFailed(e);
            } finally {
                writeLock.unlock();
            }
            opcode = Opcode.CONTINUATION;
            length = 0;
        }
    }
}
