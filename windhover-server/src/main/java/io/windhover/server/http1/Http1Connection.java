package io.windhover.server.http1;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.PipeException;
import io.windhover.buffers.PipeReader;
import io.windhover.buffers.PipeWriter;
import io.windhover.buffers.ReadResult;
import io.windhover.server.HttpLimits;
import io.windhover.server.Scheduling;
import io.windhover.server.core.Http2Preface;
import io.windhover.server.core.Http2UpgradeRequest;
import io.windhover.server.http.HttpHeaders;
import io.windhover.server.core.ServiceContext;
import io.windhover.server.core.TimeoutControl;
import io.windhover.server.core.TimeoutReason;
import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionDelegate;
import io.windhover.transport.ConnectionLifetime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's HTTP/1.1 conversation: read a request head, run the exchange, decide
 * keep-alive, repeat. It holds no thread while the connection waits for a request: each time
 * input arrives, a wake-up serves every request already buffered, flushes their responses, and
 * registers to be woken again ({@link PipeReader#whenReadable}). Where a
 * wake-up runs is the server's {@link Scheduling}:
 *
 * <ul>
 *   <li>{@link Scheduling#VIRTUAL_THREAD}: on a virtual thread started for it, which may block
 *       (a body still on its way, a slow peer, a handler that waits) and ends when the connection
 *       waits for its next request. An idle keep-alive connection is then only its objects, with
 *       no parked stack; in a run of requests the thread serves them all.
 *   <li>{@link Scheduling#INLINE}: on the thread that made the input readable — the I/O loop for
 *       sockets — never waiting. A request that would wait (a body still on its way, an upgrade)
 *       runs on a virtual thread started for it; the connection returns to inline service after it.
 * </ul>
 *
 * <p>Responses to pipelined requests are written one after another and flushed together: the
 * connection flushes only when no further request is already waiting.
 *
 * <p>One thread at a time serves the connection: a callback registration is handed from one to the
 * next through the pipe, whose lock orders their memory effects.
 */
public final class Http1Connection {

    private static final Logger LOG = LoggerFactory.getLogger(Http1Connection.class);
    /** Thread-safe, and one fixed name: a wake-up pays for no name of its own. */
    private static final ThreadFactory WAKE_UPS = Thread.ofVirtual().name("windhover-http1").factory();
    private static final byte[] SWITCHING_TO_H2C = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final ConnectionContext connection;
    private final PipeReader input;
    private final PipeWriter output;
    private final HttpLimits limits;
    private final ConnectionLifetime lifetime;
    private final TimeoutControl timeout;
    private final Http1Exchange exchange;
    private final RequestHeadReader headReader;
    private final RequestHead head = new RequestHead();
    /** Virtual-thread scheduling: each wake-up on a virtual thread of its own, which may wait. */
    private final boolean threadPerWakeUp;
    /** The input's callback: a wake-up. */
    private final Runnable onInput;
    /** Whether the keep-alive timer runs for the head being read. */
    private boolean awaitingHead;
    /** The pipes are completed; nothing more to serve. */
    private boolean finished;
    /** The host counts the connection open until this engine is done with it, not only until its socket closes. */
    private boolean held;
    /** Until the first bytes tell otherwise, the connection may be HTTP/2 by prior knowledge. */
    private boolean firstBytes = true;
    /** The engine a connection that opens with the HTTP/2 preface goes to; null where the end point has no HTTP/2. */
    private final ConnectionDelegate http2;

    /**
     * @param http2 where a connection that opens with the HTTP/2 preface is handed (cleartext end
     *     points that speak HTTP/2); null to answer the preface with GOAWAY HTTP_1_1_REQUIRED
     */
    public Http1Connection(ConnectionContext connection, ServiceContext services, ConnectionDelegate http2) {
        this.http2 = http2;
        this.threadPerWakeUp = services.scheduling() == Scheduling.VIRTUAL_THREAD;
        this.onInput = threadPerWakeUp ? this::serveOnVirtualThread : this::serve;
        this.connection = connection;
        this.input = connection.input();
        this.output = connection.output();
        this.limits = services.limits();
        this.lifetime = connection.features().get(ConnectionLifetime.class);
        this.timeout = services.timeouts().register(this::onTimeout);
        this.headReader = new RequestHeadReader(limits, services.http1Limits());
        this.exchange = new Http1Exchange(connection, services, timeout, headReader::release);
        if (lifetime != null) {
            // Between requests the connection waits for input: wake it so it can close.
            lifetime.closeRequested().thenRun(input::cancelPendingRead);
        }
    }

    private void onTimeout(TimeoutReason reason) {
        if (reason == TimeoutReason.RESPONSE_RATE) {
            LOG.debug("connection {}: the peer takes the response slower than the minimum rate; aborting", connection.id());
            connection.abort("minimum response data rate not met");
        } else {
            input.cancelPendingRead();
        }
    }

    private boolean closeRequested() {
        return lifetime != null && lifetime.isCloseRequested();
    }

    private enum HeadProgress { COMPLETE, INCOMPLETE, ENDED, HTTP2_PREFACE }

    /**
     * Parses the head from one read and ends that read. ENDED when the connection is over: the
     * peer closed, the keep-alive timeout passed, or the host asked it to close.
     *
     * @throws BadRequestException for a malformed head, one over a limit, or the headers timeout
     */
    private HeadProgress examine(ReadResult result) {
        BufferSequence buffer = result.buffer();
        if (firstBytes && !buffer.isEmpty()) {
            switch (Http2Preface.match(buffer)) {
                case PREFACE -> {
                    input.advanceTo(buffer.start()); // the HTTP/2 engine reads the preface itself
                    timeout.cancel();
                    return HeadProgress.HTTP2_PREFACE;
                }
                case DIFFERENT -> firstBytes = false;
                case PARTIAL -> {
                    // Not parsed as a request line: "PRI * HTTP/2.0" would be refused as one.
                    input.advanceTo(buffer.start(), buffer.end());
                    return awaitMore(result);
                }
            }
        }
        try {
            if (headReader.parse(buffer, head)) {
                input.advanceTo(headReader.consumed());
                timeout.cancel();
                return HeadProgress.COMPLETE;
            }
        } catch (BadRequestException e) {
            input.advanceTo(buffer.end());
            throw e;
        }
        input.advanceTo(headReader.consumed(), buffer.end());
        return awaitMore(result);
    }

    /**
     * After a read that did not complete a head: ENDED when the connection is over, else
     * INCOMPLETE with the right deadline armed for the wait.
     */
    private HeadProgress awaitMore(ReadResult result) {
        BufferSequence buffer = result.buffer();
        if (result.isCanceled()) {
            switch (timeout.takeFired()) {
                case REQUEST_HEADERS -> throw BadRequestException.of(RequestRejectionReason.REQUEST_HEADERS_TIMEOUT,
                        "request head not complete within " + limits.requestHeadersTimeout().toMillis() + " ms");
                case KEEP_ALIVE -> {
                    LOG.debug("connection {}: closed after {} ms without a request (keep-alive timeout)",
                            connection.id(), limits.keepAliveTimeout().toMillis());
                    return HeadProgress.ENDED;
                }
                case NONE -> {
                    if (closeRequested()) {
                        return HeadProgress.ENDED; // asked to close while waiting for a request
                    }
                }
                default -> {
                    // a body or response timeout that fired just as its wait ended: nothing to do here
                }
            }
        }
        if (result.isCompleted()) {
            if (!buffer.isEmpty() || headReader.lineParsed()) {
                Http1Log.headCutShort(connection);
            }
            return HeadProgress.ENDED;
        }
        if (!buffer.isEmpty()) {
            if (timeout.reason() != TimeoutReason.REQUEST_HEADERS) {
                // The first bytes of a request, and not the whole head: from now on it must be
                // complete in time. Armed only now, so that a head that arrives whole (every
                // pipelined one) reads the clock not at all; and after the fired timeout is
                // taken, which arming would clear.
                timeout.start(TimeoutReason.REQUEST_HEADERS, limits.requestHeadersTimeout().toNanos());
            }
        } else if (timeout.reason() == TimeoutReason.NONE && !headReader.lineParsed()) {
            // A read that ended with nothing in it (canceled by a timeout of the request before)
            // while no deadline is armed: what follows is a wait for a request, and it is timed.
            timeout.start(TimeoutReason.KEEP_ALIVE, limits.keepAliveTimeout().toNanos());
        }
        return HeadProgress.INCOMPLETE;
    }

    /**
     * RFC 7540 §3.2: a request that asks to continue in HTTP/2 over cleartext ({@code Upgrade: h2c},
     * with {@code HTTP2-Settings} named in {@code Connection} and given once) on an end point that
     * speaks HTTP/2 is answered {@code 101 Switching Protocols}, and the HTTP/2 engine serves it as
     * stream 1. A request with a body, or a malformed {@code HTTP2-Settings}, is served in HTTP/1.1:
     * a server may ignore an upgrade (RFC 9110 §7.8), and Netty and Jetty decline one with a body too.
     * RFC 9113 dropped the upgrade; curl and the JDK's HttpClient still send it.
     */
    private boolean upgradeToHttp2() {
        var fields = head.headers;
        if (http2 == null || head.version != HttpVersion.HTTP_1_1 || !fields.containsToken("Upgrade", "h2c")
                || !fields.containsToken("Connection", "upgrade") || !fields.containsToken("Connection", "http2-settings")
                || fields.count("HTTP2-Settings") != 1 || fields.contains("Transfer-Encoding")
                || (fields.contains("Content-Length") && !"0".equals(fields.get("Content-Length").strip()))) {
            return false;
        }
        byte[] settings;
        try {
            // RFC 7540 §3.2.1: "the base64url encoding of the payload of a SETTINGS frame", padding omitted.
            settings = Base64.getUrlDecoder().decode(fields.get("HTTP2-Settings").strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (settings.length % 6 != 0) {
            return false;
        }
        connection.features().set(Http2UpgradeRequest.class, new Http2UpgradeRequest(head.method, head.target,
                copyOf(fields), settings));
        output.write(SWITCHING_TO_H2C);
        return true;
    }

    private static HttpHeaders copyOf(HttpHeaders fields) {
        var copy = new HttpHeaders();
        for (int i = 0; i < fields.size(); i++) {
            copy.add(fields.name(i), fields.value(i));
        }
        return copy;
    }

    /**
     * The connection opened with the HTTP/2 preface, or its h2c upgrade was answered 101: it goes
     * to the HTTP/2 engine, which runs on a thread of its own and reads the preface itself, and
     * nothing of this engine stays reachable from it. Where the end point has no HTTP/2, RFC 9113
     * §7's HTTP_1_1_REQUIRED tells the client to use HTTP/1.1 (a request line "PRI * HTTP/2.0"
     * would otherwise be a 505 the client cannot read), and the connection ends.
     */
    private void switchToHttp2() throws Exception {
        finished = true; // no more HTTP/1.1 service: the connection is another engine's or over
        timeout.unregister();
        try {
            if (http2 != null) {
                exchange.release();
                http2.execute(connection); // which holds the connection itself
                return;
            }
            Http1Log.http2PrefaceRefused(connection);
            try {
                output.write(Http2Preface.HTTP_1_1_REQUIRED);
                exchange.flushOutput();
            } finally {
                input.complete(); // the peer may be gone already: the pipes end either way
                output.complete();
            }
        } finally {
            releaseHold();
        }
    }

    private void releaseHold() {
        if (held) {
            held = false;
            lifetime.release();
        }
    }

    /**
     * Starts serving and returns without waiting: inline, what is buffered now is served on this
     * thread; with virtual threads, the first wake-up runs on one. The engine completes the pipes
     * when the connection ends, or hands them to the HTTP/2 engine.
     */
    public void start() {
        held = lifetime != null && lifetime.hold();
        exchange.blocking(threadPerWakeUp);
        awaitingHead = false;
        onInput.run();
    }

    /**
     * Between requests, under the default scheduling, the connection keeps its objects but not the
     * arrays sized for a request: heap per idle connection over a kilobyte less, for an allocation
     * of as much per request that follows a wait (young-generation garbage, never promoted).
     * Inline service keeps them: it is the mode that trades memory for the last nanosecond.
     */
    private void releaseIdleStorage() {
        head.headers.clearAndRelease();
        headReader.release();
        exchange.releaseIdleStorage();
    }

    private void serveOnVirtualThread() {
        WAKE_UPS.newThread(this::serve).start();
    }

    /**
     * One wake-up: serves requests until the input has nothing more, then registers for the next.
     * Inline it also stops at a request that would wait, which goes to a virtual thread.
     */
    private void serve() {
        try {
            while (!finished) {
                if (!awaitingHead) {
                    head.reset();
                    headReader.reset();
                    awaitingHead = true;
                    timeout.cancel(); // the response's, if it waited for the output to drain
                }
                ReadResult result = input.tryRead();
                if (result == null) {
                    // Nothing more to parse: send what the requests so far produced, then wait.
                    exchange.flushOutput();
                    if (timeout.reason() == TimeoutReason.NONE) {
                        // No head begun: the wait is for a request. PERF: armed only when the
                        // connection waits, not for a pipelined request already here.
                        timeout.start(TimeoutReason.KEEP_ALIVE, limits.keepAliveTimeout().toNanos());
                        if (threadPerWakeUp) {
                            releaseIdleStorage(); // before the registration, after which another wake-up may run
                        }
                    }
                    if (input.whenReadable(onInput)) {
                        return;
                    }
                    continue;
                }
                HeadProgress progress;
                try {
                    progress = examine(result);
                } catch (BadRequestException e) {
                    exchange.reject(e);
                    finish();
                    return;
                }
                if (progress == HeadProgress.ENDED) {
                    finish();
                    return;
                }
                if (progress == HeadProgress.HTTP2_PREFACE) {
                    switchToHttp2();
                    return;
                }
                if (progress == HeadProgress.COMPLETE) {
                    awaitingHead = false;
                    if (!exchange.begin(head)) {
                        finish();
                        return;
                    }
                    if (upgradeToHttp2()) {
                        switchToHttp2();
                        return;
                    }
                    if (!threadPerWakeUp && !exchange.canRunWithoutWaiting()) {
                        runOnVirtualThread();
                        return;
                    }
                    if (!exchange.run() || closeRequested()) {
                        finish();
                        return;
                    }
                    // On a thread of its own the response's flush waited for the peer already.
                    if (!threadPerWakeUp && waitForOutputToDrain()) {
                        return;
                    }
                }
            }
        } catch (IOException | PipeException e) {
            // The peer went away or reset: the end of this connection, not a bug.
            LOG.debug("connection {} ended: {}", connection.id(), e.getMessage());
            finish();
        } catch (Exception | Error e) {
            LOG.error("connection {}: unhandled exception in the HTTP/1.1 connection; the connection is aborted", connection.id(), e);
            connection.abort("unhandled exception in the HTTP/1.1 connection");
            finish();
        }
    }

    /**
     * Inline back-pressure between requests: inline responses are never held back while they are
     * written, so before taking the next request, wait until the peer has taken enough of them.
     * True when a wait began: the output's callback resumes the connection.
     */
    private boolean waitForOutputToDrain() throws IOException {
        if (output.unflushedBytes() >= Http1Response.FLUSH_THRESHOLD) {
            exchange.flushOutput();
        }
        if (!output.whenWritable(onInput)) {
            return false;
        }
        var minRate = limits.minResponseDataRate();
        if (minRate != null) {
            // What it waits for is the output dropping below its resume threshold; the default
            // write buffer is what a peer keeping the minimum rate clears in that time.
            timeout.startAt(TimeoutReason.RESPONSE_RATE,
                    minRate.deadlineFor(timeout.now(), Http1Response.FLUSH_THRESHOLD));
        } else {
            timeout.cancel();
        }
        return true;
    }

    /** Inline: a request that may wait for the peer runs where waiting is allowed; inline service resumes after it. */
    private void runOnVirtualThread() {
        exchange.blocking(true);
        Thread.ofVirtual().name("windhover-request-" + connection.id()).start(() -> {
            try {
                if (!exchange.run() || closeRequested()) {
                    finish();
                    return;
                }
                exchange.blocking(false);
            } catch (IOException | PipeException e) {
                LOG.debug("connection {} ended: {}", connection.id(), e.getMessage());
                finish();
                return;
            } catch (RuntimeException | Error e) {
                LOG.error("connection {}: unhandled exception in the HTTP/1.1 connection; the connection is aborted", connection.id(), e);
                connection.abort("unhandled exception in the HTTP/1.1 connection");
                finish();
                return;
            }
            serve();
        });
    }

    /** The connection is over; completing the pipes sends what is left and closes it. */
    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        timeout.unregister();
        input.complete();
        output.complete();
        releaseHold();
    }
}
