package io.windhover.tls.internal;

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
import io.windhover.transport.FeatureCollection;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TLS connection: ciphertext on the transport's pipes, plaintext on a pipe pair of its own that
 * it hands to the protocol as a {@link ConnectionContext}. Kestrel's {@code SslStream} over the
 * transport's duplex pipe, without a stream in between.
 *
 * <pre>
 *   transport.input()  --unwrap-->  input pipe   --> protocol reads   (this.input())
 *   transport.output() <--wrap----  output pipe  <-- protocol writes  (this.output())
 * </pre>
 *
 * <p><b>One pump, never blocking.</b> Every event — ciphertext arrived, the protocol flushed, either
 * side drained below its back-pressure threshold — calls {@link #signal()}, and whichever thread
 * finds the pump idle runs passes until no event is left ({@code work} counts the ones that came
 * while a pass ran). A pass unwraps what the transport holds and wraps what the protocol flushed,
 * as far as the other side's back-pressure lets it, and registers the callbacks that resume it.
 * Nothing in it waits, so it serves both schedulings: on the I/O loop (inline) and from the
 * protocol's virtual thread, whose flush runs the wrapping.
 *
 * <p><b>Memory.</b> A record that lies in one pool block is unwrapped from it in place, into the
 * input pipe's block when its plaintext fits there; otherwise it goes through a record-sized
 * {@link ScratchBuffers scratch buffer} lent for the pass. Wrapping always writes a scratch buffer
 * and copies the record into the transport's pipe (the engine wants room for a whole record).
 * Nothing is allocated per record.
 *
 * <p>Handshake delegated tasks (signatures, certificate checks) run inline in the pass.
 *
 * <p>Thread-safe: passes are serialised by {@code work}, whose atomic updates order their memory
 * effects; the pipes' ends the protocol holds follow the pipes' own rules.
 */
public final class TlsConnection implements ConnectionContext {

    /** What the middleware learns of the handshake; called outside any pass. */
    public interface Listener {

        void handshakeCompleted(TlsConnection connection);

        void handshakeFailed(TlsConnection connection);
    }

    private static final Logger LOG = LoggerFactory.getLogger(TlsConnection.class);
    /** RFC 8446 §5.1: ContentType.handshake, the first byte of every ClientHello record. */
    private static final byte HANDSHAKE_RECORD = 22;
    /** Content type, legacy version (2 bytes), length (2 bytes). */
    private static final int RECORD_HEADER = 5;
    /**
     * RFC 5246 §6.2.3: a TLS 1.2 ciphertext fragment is at most 2^14 + 2048 bytes (TLS 1.3's are
     * smaller, RFC 8446 §5.2); a longer length field is an attack or garbage, not a record to wait for.
     */
    private static final int MAX_RECORD = RECORD_HEADER + (1 << 14) + 2048;
    /** Views of up to this many pool blocks per pass each way: 64 KiB, above a record's 16 KiB. */
    private static final int VIEWS = 16;
    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};
    private static final byte[] PLAIN_HTTP_ANSWER = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 49\r\nConnection: close\r\n\r\nThis port serves HTTPS: use https:// to reach it.\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final ConnectionContext transport;
    private final SSLEngine engine;
    private final Pipe input;
    private final Pipe output;
    private final ScratchBuffers scratchBuffers;
    private final Listener listener;
    private final int blockSize;
    private final long handshakeDeadline;
    private final AtomicInteger work = new AtomicInteger();
    private final Runnable signal = this::signal;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final ByteBuffer[] inViews = new ByteBuffer[VIEWS];
    private final ByteBuffer[] outViews = new ByteBuffer[VIEWS];

    // Owned by the pass in progress.
    private ByteBuffer scratch;
    private boolean handshaking = true;
    private boolean firstRecordSeen;
    private boolean inboundDone;
    private boolean outboundDone;
    private boolean handshakeNews;
    private volatile boolean done;

    /**
     * @param handshakeDeadline {@link System#nanoTime()} by which the handshake must be complete
     */
    public TlsConnection(ConnectionContext transport, SSLEngine engine, MemoryPool pool, ScratchBuffers scratchBuffers,
            long handshakeDeadline, Listener listener) {
        this.transport = transport;
        this.engine = engine;
        this.input = new Pipe(PipeOptions.of(pool));
        this.output = new Pipe(PipeOptions.of(pool));
        this.scratchBuffers = scratchBuffers;
        this.blockSize = pool.blockSize();
        this.handshakeDeadline = handshakeDeadline;
        this.listener = listener;
    }

    /** Starts the handshake: from here on the pump runs on the pipes' callbacks. */
    public void start() throws SSLException {
        engine.beginHandshake();
        transport.closed().whenComplete((ignored, error) -> signal());
        signal();
    }

    public SSLEngine engine() {
        return engine;
    }

    public long handshakeDeadline() {
        return handshakeDeadline;
    }

    /** Whether the handshake is still going on (nor finished, nor failed). */
    public boolean isHandshaking() {
        return handshaking && !done;
    }

    /** Completes when both directions are closed and the transport's pipes are completed. */
    public CompletionStage<Void> finished() {
        return finished;
    }

    // ---- the protocol's view ----

    @Override
    public String id() {
        return transport.id();
    }

    @Override
    public SocketAddress localAddress() {
        return transport.localAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        return transport.remoteAddress();
    }

    /** Plaintext from the peer. */
    @Override
    public PipeReader input() {
        return input.reader();
    }

    /** Plaintext to the peer: completing it sends {@code close_notify}, then closes. */
    @Override
    public PipeWriter output() {
        return output.writer();
    }

    @Override
    public FeatureCollection features() {
        return transport.features();
    }

    @Override
    public CompletionStage<Void> closed() {
        return transport.closed();
    }

    @Override
    public void executeOnTransport(Runnable task) {
        transport.executeOnTransport(task);
    }

    @Override
    public void abort(String reason) {
        transport.abort(reason);
    }

    // ---- the pump ----

    /** An event: runs passes here unless another thread is running them, which then runs one more. */
    void signal() {
        if (work.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        boolean news = false;
        do {
            pass();
            news |= handshakeNews;
            handshakeNews = false;
            missed = work.addAndGet(-missed);
        } while (missed != 0);
        if (news) {
            // Outside the passes: the protocol the listener starts may flush, which signals again.
            if (done && handshaking) {
                listener.handshakeFailed(this);
            } else {
                listener.handshakeCompleted(this);
            }
        }
    }

    private void pass() {
        if (done) {
            return;
        }
        try {
            boolean progress;
            do {
                progress = runDelegatedTasks();
                progress |= inbound();
                progress |= outbound();
            } while (progress && !done);
            finishIfBothClosed();
        } catch (SSLException e) {
            failTls(e);
        } catch (PipeException e) {
            // The transport aborted (a reset, the host's abort, the handshake timeout).
            Throwable cause = e.getCause() instanceof ConnectionAbortedException aborted ? aborted : e;
            LOG.debug("connection {}: transport ended under TLS: {}", id(), cause.getMessage());
            closeAll(cause instanceof ConnectionAbortedException aborted ? aborted
                    : new ConnectionAbortedException("transport failed: " + cause.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("connection {}: unexpected failure in the TLS pump; the connection is aborted", id(), e);
            transport.abort("TLS pump failure");
            closeAll(new ConnectionAbortedException("TLS pump failure: " + e));
        } finally {
            if (scratch != null) {
                scratchBuffers.release(scratch);
                scratch = null;
            }
        }
    }

    private boolean runDelegatedTasks() {
        if (engine.getHandshakeStatus() != HandshakeStatus.NEED_TASK) {
            return false;
        }
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
        return true;
    }

    // ---- inbound: transport.input() -> unwrap -> input ----

    /** Unwraps what the transport holds, as far as the protocol's back-pressure lets it. True on progress. */
    private boolean inbound() throws SSLException {
        if (inboundDone || blockedOnHandshakeStep()) {
            return false;
        }
        PipeWriter plain = input.writer();
        if (plain.whenWritable(signal)) {
            return false; // the protocol lags; reading the peer resumes when it catches up
        }
        PipeReader cipher = transport.input();
        ReadResult read = cipher.tryRead();
        if (read == null) {
            return !cipher.whenReadable(signal);
        }
        BufferSequence buffer = read.buffer();
        if (!firstRecordSeen && !buffer.isEmpty()) {
            byte first = buffer.get(buffer.start());
            if (first != HANDSHAKE_RECORD) {
                boolean http = looksLikeHttp(buffer);
                cipher.advanceTo(buffer.end());
                notTls(http, first);
                return false;
            }
            firstRecordSeen = true;
        }
        long position = buffer.start();
        boolean waitForMore = false;
        boolean produced = false;
        int count = buffer.toByteBuffers(inViews, 0);
        long inViewsEnd = buffer.start();
        for (int i = 0; i < count; i++) {
            inViewsEnd += inViews[i].remaining();
        }
        int view = 0;
        while (!inboundDone && !blockedOnHandshakeStep()) {
            while (view < count && !inViews[view].hasRemaining()) {
                view++;
            }
            long available = inViewsEnd - position;
            if (available < RECORD_HEADER) {
                waitForMore = true;
                break;
            }
            int length = RECORD_HEADER + (byteAt(view, 3) << 8 | byteAt(view, 4));
            if (length > MAX_RECORD) {
                throw new SSLException("a TLS record of " + length + " bytes, over the " + MAX_RECORD + " the protocol allows");
            }
            if (available < length) {
                waitForMore = true;
                break;
            }
            SSLEngineResult result = unwrapRecord(buffer, position, view, length);
            skip(view, result.bytesConsumed());
            position += result.bytesConsumed();
            produced |= result.bytesProduced() > 0;
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                LOG.debug("connection {}: the peer sent close_notify", id());
                inboundDone = true;
                plain.complete();
            }
            noteHandshakeStatus(result.getHandshakeStatus());
            refuseRenegotiation(result.getHandshakeStatus());
            if (result.bytesConsumed() == 0) {
                break; // the engine wants a wrap or a task first
            }
        }
        // Examined everything only if the last record is incomplete with all the bytes in view.
        boolean sawAll = waitForMore && inViewsEnd == buffer.end();
        cipher.advanceTo(position, sawAll ? buffer.end() : position);
        if (produced && !inboundDone && plain.tryFlush().isCompleted()) {
            inboundDone = true; // the protocol completed its reader: nobody wants the plaintext
        }
        if (read.isCompleted() && sawAll && !inboundDone) {
            peerClosedWithoutCloseNotify();
        }
        boolean progress = position > buffer.start() || produced || inboundDone;
        if (sawAll && !inboundDone && !cipher.whenReadable(signal)) {
            progress = true; // more arrived meanwhile: go round again
        }
        return progress;
    }

    /** Unwraps the one record at {@code position}: in place when it lies in one block, else from a scratch copy. */
    private SSLEngineResult unwrapRecord(BufferSequence buffer, long position, int view, int length) throws SSLException {
        ByteBuffer record;
        int savedLimit = -1;
        ByteBuffer source = inViews[view];
        if (source.remaining() >= length) {
            // In place: the view limited to the record; the caller moves the views past what was consumed.
            savedLimit = source.limit();
            record = source.limit(source.position() + length);
        } else {
            record = scratch();
            buffer.copyTo(position, record.array(), 0, length);
            record.limit(length);
        }
        PipeWriter plain = input.writer();
        ByteBuffer memory = plain.getMemory(Math.min(length, blockSize));
        int before = memory.position();
        SSLEngineResult result = engine.unwrap(record, memory);
        if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            // Its plaintext is larger than the block's room: unwrap into a scratch buffer and copy.
            ByteBuffer application = savedLimit >= 0 ? scratch() : ByteBuffer.allocate(ScratchBuffers.SIZE);
            if (savedLimit < 0) {
                // The record itself is in the scratch buffer; a second one for the plaintext is rare
                // (a record crossing blocks whose plaintext does not fit the block's room).
                application.clear();
            }
            result = engine.unwrap(record, application);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                throw new SSLException("a record's plaintext is larger than " + ScratchBuffers.SIZE + " bytes");
            }
            application.flip();
            plain.write(application);
        } else {
            plain.advance(memory.position() - before);
        }
        if (savedLimit >= 0) {
            // unwrap moved the view itself; put it back at the record's start for skip()
            source.limit(savedLimit).position(source.position() - result.bytesConsumed());
        }
        return result;
    }

    /** The byte {@code offset} bytes after the current position of view {@code view}, across views. */
    private int byteAt(int view, int offset) {
        for (int i = view; ; i++) {
            ByteBuffer buffer = inViews[i];
            if (offset < buffer.remaining()) {
                return buffer.get(buffer.position() + offset) & 0xFF;
            }
            offset -= buffer.remaining();
        }
    }

    private void skip(int view, int bytes) {
        for (int i = view; bytes > 0; i++) {
            ByteBuffer buffer = inViews[i];
            int step = Math.min(bytes, buffer.remaining());
            buffer.position(buffer.position() + step);
            bytes -= step;
        }
    }

    private void peerClosedWithoutCloseNotify() {
        inboundDone = true;
        if (handshaking) {
            LOG.debug("connection {}: the peer closed during the TLS handshake", id());
            closeAll(new ConnectionAbortedException("the peer closed during the TLS handshake"));
            return;
        }
        // RFC 8446 §6.1 asks for close_notify; many clients just close. The protocol sees the end.
        LOG.debug("connection {}: the peer closed without close_notify", id());
        try {
            engine.closeInbound();
        } catch (SSLException expected) {
            // "Inbound closed before receiving peer's close_notify": that is what happened.
        }
        input.writer().complete();
    }

    // ---- outbound: output -> wrap -> transport.output() ----

    /** Wraps what the protocol flushed (and handshake messages), as far as the peer's back-pressure lets it. */
    private boolean outbound() throws SSLException {
        if (outboundDone) {
            return false;
        }
        PipeWriter cipher = transport.output();
        if (cipher.whenWritable(signal)) {
            return false; // the peer lags; wrapping resumes when the socket drains
        }
        if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            noteHandshakeStatus(wrap(NOTHING, 0, 1).getHandshakeStatus());
            flushCipher();
            return true;
        }
        if (handshaking) {
            return false;
        }
        PipeReader plain = output.reader();
        ReadResult read = plain.tryRead();
        if (read == null) {
            return !plain.whenReadable(signal);
        }
        BufferSequence buffer = read.buffer();
        int count = buffer.toByteBuffers(outViews, 0);
        long consumed = 0;
        int first = 0;
        while (true) {
            while (first < count && !outViews[first].hasRemaining()) {
                first++;
            }
            if (first == count) {
                break;
            }
            SSLEngineResult result = wrap(outViews, first, count - first);
            consumed += result.bytesConsumed();
            noteHandshakeStatus(result.getHandshakeStatus());
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                // The engine closed its outbound side (the peer's close_notify in TLS 1.2): nothing more goes out.
                plain.advanceTo(buffer.end());
                outboundDone = true;
                plain.complete(new ConnectionAbortedException("the peer closed the TLS session"));
                flushCipher();
                return true;
            }
            if (result.bytesConsumed() == 0) {
                break; // a handshake message (a key update) goes first, in the next round
            }
        }
        long position = buffer.start() + consumed;
        boolean all = position == buffer.end();
        plain.advanceTo(position, position);
        flushCipher();
        if (all && read.isCompleted()) {
            closeOutbound();
        }
        // A handshake message waiting to go out (a key update) is progress to make in the next round.
        return consumed > 0 || outboundDone || engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
    }

    /** The protocol completed its output: {@code close_notify} (RFC 8446 §6.1), then the transport's output ends. */
    private void closeOutbound() throws SSLException {
        engine.closeOutbound();
        for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
            if (wrap(NOTHING, 0, 1).bytesProduced() == 0) {
                break;
            }
        }
        outboundDone = true;
        output.reader().complete();
        transport.output().complete();
    }

    private SSLEngineResult wrap(ByteBuffer[] sources, int offset, int length) throws SSLException {
        ByteBuffer packet = scratch();
        SSLEngineResult result = engine.wrap(sources, offset, length, packet);
        if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            throw new SSLException("the engine's records are larger than " + ScratchBuffers.SIZE + " bytes");
        }
        if (result.bytesProduced() > 0) {
            packet.flip();
            transport.output().write(packet);
        }
        return result;
    }

    private void flushCipher() {
        FlushResult flushed = transport.output().tryFlush();
        if (flushed.isCompleted() && !outboundDone) {
            // The transport stopped writing (the socket is gone): nothing the protocol writes can go out.
            outboundDone = true;
            output.reader().complete(new ConnectionAbortedException("the connection was closed"));
        }
    }

    // ---- state ----

    /**
     * A TLS 1.2 ClientHello after the handshake is a client-initiated renegotiation: each costs the
     * server a full handshake for one cheap record, a known denial-of-service lever (testssl.sh rates
     * it HIGH). RFC 5746 makes it safe, not cheap; refuse it. TLS 1.3 has no renegotiation, and its
     * post-handshake messages (KeyUpdate) go on.
     */
    private void refuseRenegotiation(HandshakeStatus status) throws SSLException {
        if (!handshaking && (status == HandshakeStatus.NEED_TASK || status == HandshakeStatus.NEED_WRAP
                || status == HandshakeStatus.NEED_UNWRAP) && "TLSv1.2".equals(engine.getSession().getProtocol())) {
            throw new SSLException("client-initiated renegotiation refused");
        }
    }

    private boolean blockedOnHandshakeStep() {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NEED_WRAP || status == HandshakeStatus.NEED_TASK;
    }

    private void noteHandshakeStatus(HandshakeStatus status) {
        if (status == HandshakeStatus.FINISHED && handshaking) {
            handshaking = false;
            handshakeNews = true;
        }
    }

    private ByteBuffer scratch() {
        if (scratch == null) {
            scratch = scratchBuffers.take();
        }
        return scratch.clear();
    }

    private void finishIfBothClosed() {
        if (done || !outboundDone) {
            return;
        }
        if (!inboundDone && input.writer().tryFlush().isCompleted()) {
            inboundDone = true; // the protocol is done reading too
        }
        if (inboundDone) {
            done = true;
            input.writer().complete();
            transport.input().complete();
            transport.output().complete();
            finished.complete(null);
        }
    }

    /** A TLS failure: send the engine's alert if it has one, then close everything. */
    private void failTls(SSLException e) {
        LOG.debug("connection {}: TLS {} failed: {}", id(), handshaking ? "handshake" : "session", e.getMessage());
        try {
            for (int i = 0; i < 4 && !outboundDone && !engine.isOutboundDone(); i++) {
                if (wrap(NOTHING, 0, 1).bytesProduced() == 0) {
                    break;
                }
            }
            if (!outboundDone) {
                transport.output().tryFlush();
            }
        } catch (SSLException | PipeException ignored) {
            // No alert, then: the connection closes anyway.
        }
        closeAll(new ConnectionAbortedException("TLS failed: " + e.getMessage()));
    }

    /** Not a ClientHello: answer a plain HTTP request with 400, close anything else. */
    private void notTls(boolean http, byte first) {
        if (http) {
            LOG.info("connection {} from {}: a plain HTTP request on a TLS end point; answered 400 and closed",
                    id(), remoteAddress());
            transport.output().write(PLAIN_HTTP_ANSWER);
        } else {
            LOG.info("connection {} from {}: not a TLS handshake (first byte 0x{}); closed", id(), remoteAddress(),
                    Integer.toHexString(first & 0xFF));
        }
        handshakeNews = true;
        closeAll(new ConnectionAbortedException("not a TLS connection"));
    }

    /** A method token (RFC 9110 §9: upper-case letters, by convention) and a space. */
    private static boolean looksLikeHttp(BufferSequence buffer) {
        long end = Math.min(buffer.end(), buffer.start() + 8);
        for (long i = buffer.start(); i < end; i++) {
            byte b = buffer.get(i);
            if (b == ' ') {
                return i - buffer.start() >= 3;
            }
            if (b < 'A' || b > 'Z') {
                return false;
            }
        }
        return end - buffer.start() < 8; // only letters so far: a method still arriving
    }

    private void closeAll(Throwable error) {
        if (done) {
            return;
        }
        if (handshaking) {
            handshakeNews = true;
        }
        done = true;
        inboundDone = true;
        outboundDone = true;
        engine.closeOutbound();
        input.writer().complete(error);
        output.reader().complete(error);
        transport.input().complete();
        transport.output().complete();
        finished.complete(null);
    }
}
