package io.windhover.server.http2;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.MemoryPool;
import io.windhover.buffers.PipeException;
import io.windhover.buffers.PipeReader;
import io.windhover.buffers.ReadResult;
import io.windhover.buffers.SequenceReader;
import io.windhover.server.Http2Limits;
import io.windhover.server.HttpLimits;
import io.windhover.server.core.Http2UpgradeRequest;
import io.windhover.server.core.ServiceContext;
import io.windhover.server.core.TimeoutControl;
import io.windhover.server.core.TimeoutReason;
import io.windhover.server.hpack.HpackDecoder;
import io.windhover.server.hpack.HpackDecodingException;
import io.windhover.server.http.HttpHeaders;
import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionLifetime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SequencedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 connection (RFC 9113): the preface, the frame loop, the stream table, settings, flow
 * control and the connection's end. Kestrel's {@code Http2Connection}.
 *
 * <p>The frame loop runs on one thread at a time: a virtual thread started when input arrives (a
 * wake-up), which handles what is there and ends when the connection waits, so an idle connection
 * holds no thread. It reads frames with
 * {@link Http2FrameReader}, decodes field blocks with the connection's {@link HpackDecoder}, and
 * starts each request's handler on a virtual thread of its own. Everything the frame loop answers
 * itself (SETTINGS ACK, PING ACK, RST_STREAM, WINDOW_UPDATE) is flushed once per read. Handlers write
 * through the shared {@link Http2ConnectionOutput}.
 *
 * <p>Defences, each with its reason:
 * <ul>
 *   <li>a stream counts against SETTINGS_MAX_CONCURRENT_STREAMS until its handler has returned, even
 *       after it was reset, so opening and resetting streams (the 2023 "rapid reset", CVE-2023-44487,
 *       and 2025's "MadeYouReset") never runs more handlers than the limit; a stream reset within
 *       the read that opened it never runs, and resets of unanswered streams are budgeted (200 per
 *       30 s, past which the connection ends with ENHANCE_YOUR_CALM);
 *   <li>answers to PING and SETTINGS are written into the output pipe, whose back-pressure stops the
 *       frame loop reading when the client does not read them (the 2019 ping and settings floods);
 *   <li>a field block is bounded by the frame reader (the 2024 CONTINUATION flood) and must complete
 *       within the request headers timeout;
 *   <li>runs of empty DATA frames are refused (CVE-2019-9518).
 * </ul>
 */
final class Http2Connection implements Http2FrameHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Http2Connection.class);
    private static final ThreadFactory FLUSHERS = Thread.ofVirtual().name("windhover-h2-flush").factory();
    /** Thread-safe, and one fixed name: a wake-up pays for no name of its own. */
    private static final ThreadFactory WAKE_UPS = Thread.ofVirtual().name("windhover-h2").factory();

    /** RFC 9113 §3.4: "the string PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n". */
    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** Consecutive DATA frames without octets and without END_STREAM before the connection ends (Netty allows 2). */
    private static final int MAX_EMPTY_DATA_FRAMES = 10;
    /** Streams the server reset recently, whose late frames are dropped rather than answered (§5.4.2). */
    private static final int RECENTLY_RESET = 128;
    private static final int SETTINGS_TYPE = 0x4;
    /** The opaque data of the PING whose ACK completes a graceful shutdown's round trip ("shutdown"). */
    private static final long SHUTDOWN_PING = 0x73687574646f776eL;
    /** Streams the client may reset before they are answered, per {@link #RESET_WINDOW_NANOS}: Netty's default. */
    static final int MAX_RESETS_PER_WINDOW = 200;
    private static final long RESET_WINDOW_NANOS = 30_000_000_000L;

    private final ConnectionContext transport;
    private final ServiceContext services;
    private final MemoryPool pool;
    private final HttpLimits limits;
    private final Http2Limits http2Limits;
    private final PipeReader input;
    private final Http2ConnectionOutput output;
    private final Http2FrameReader frameReader;
    private final HpackDecoder decoder;
    private final Http2RequestHeaders fields;
    private final InputFlowControl receiveWindow;
    private final Http2ReadRate readRate;
    private final TimeoutControl timeout;
    private final TimeoutControl flushTimeout;
    /** Kestrel's keep-alive ping: armed after every read when a ping delay is set; null when not. */
    private final TimeoutControl pingTimer;
    private final ConnectionLifetime lifetime;
    /** Set while a flusher is on its way: streams that end meanwhile leave their last frames to it. */
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final Map<Integer, Http2Stream> streams = new ConcurrentHashMap<>();
    private final AtomicInteger activeStreams = new AtomicInteger();
    private final SequencedSet<Integer> recentlyReset = new LinkedHashSet<>();
    /** Streams answered before their request ended, as the handlers finish them; the frame loop takes them. */
    private final Queue<Http2Stream> answeredEarly = new ConcurrentLinkedQueue<>();
    /** The frame loop's list of them, oldest first, bounded by the stream limit. */
    private final ArrayDeque<Http2Stream> halfClosedLocal = new ArrayDeque<>();
    /** Streams opened by the current read, whose handlers start once it is processed. */
    private final List<Http2Stream> toStart = new ArrayList<>();

    /** Input arrived, or a read was canceled: the next wake-up of the frame loop. */
    private final Runnable wakeUp = () -> WAKE_UPS.newThread(this::serve).start();
    /** Run once when the connection ends: the caller's completion of the pipes. */
    private Runnable onEnd;
    /** Frame loop state kept between wake-ups. */
    private boolean upgraded;
    private boolean prefaceRead;
    private boolean settingsSeen;
    private final SequenceReader reader = new SequenceReader(BufferSequence.EMPTY);

    /** The highest stream id the client opened; frame loop only. */
    private int lastStreamId;
    /** The stream whose field block is being decoded, null when the block belongs to no stream we serve. */
    private Http2Stream blockStream;
    private int blockStreamId;
    private boolean blockEndStream;
    private boolean blockIsTrailers;
    /** Why the block's stream is not served ({@link Http2ErrorCode#REFUSED_STREAM}...), null when it is. */
    private Http2ErrorCode blockRefusal;
    /** The block belongs to a stream we reset: decoded and dropped. */
    private boolean blockIgnored;
    private int emptyDataFrames;
    /** The phase whose deadline the frame loop armed last. */
    private TimeoutReason armedPhase = TimeoutReason.KEEP_ALIVE;
    private long resetWindowStart;
    private int resetsInWindow;
    /** The final GOAWAY went out (or an error's): no new stream is taken. */
    private boolean goAwaySent;
    /** A graceful shutdown began: the first GOAWAY (2^31-1) and its PING went out. */
    private boolean shutdownAnnounced;
    /** Ending: the server shuts down or the client sent GOAWAY; the connection closes once no stream is open. */
    private volatile boolean draining;

    Http2Connection(ConnectionContext transport, ServiceContext services, MemoryPool pool) {
        this.transport = transport;
        this.services = services;
        this.pool = pool;
        this.limits = services.limits();
        this.http2Limits = services.http2Limits();
        this.input = transport.input();
        this.flushTimeout = services.timeouts().register(reason -> {
            LOG.info("connection {}: the client takes HTTP/2 output slower than the minimum response rate; aborting",
                    transport.id());
            transport.abort("minimum response data rate not met");
        });
        this.output = new Http2ConnectionOutput(transport.output(), flushTimeout, limits.minResponseDataRate());
        this.pingTimer = http2Limits.keepAlivePingDelay() == null ? null
                : services.timeouts().register(reason -> input.cancelPendingRead());
        this.frameReader = new Http2FrameReader(http2Limits.maxFrameSize(), Http2FrameReader.DEFAULT_MAX_HEADER_BLOCK_SIZE);
        this.decoder = new HpackDecoder(http2Limits.headerTableSize(), http2Limits.maxRequestHeaderFieldSize(),
                limits.maxRequestHeadersTotalSize());
        this.fields = new Http2RequestHeaders(limits.maxRequestHeaderCount());
        this.receiveWindow = new InputFlowControl(http2Limits.initialConnectionWindowSize());
        this.readRate = new Http2ReadRate(limits.minRequestBodyDataRate(), services.timeouts(), receiveWindow, body -> {
            LOG.info("connection {}: request bodies arrive slower than the minimum rate; failing the reads that wait",
                    transport.id());
            body.fail(new Http2RequestRejection(408, "REQUEST_BODY_TIMEOUT",
                    "the request body arrived slower than the minimum data rate"));
        });
        this.timeout = services.timeouts().register(reason -> input.cancelPendingRead());
        this.resetWindowStart = timeout.now();
        this.lifetime = transport.features().get(ConnectionLifetime.class);
        if (lifetime != null) {
            lifetime.closeRequested().thenRun(input::cancelPendingRead);
        }
    }

    ConnectionContext transport() {
        return transport;
    }

    ServiceContext services() {
        return services;
    }

    Http2ConnectionOutput output() {
        return output;
    }

    String date() {
        return services.date().value();
    }

    boolean addServerHeader() {
        return services.serverLine() != null;
    }

    // ---- the frame loop ----

    /**
     * Starts serving and returns: the frame loop runs in wake-ups, virtual threads started when input
     * arrives (or a read is canceled, by a timeout or a close request), each of which reads and
     * handles what is there, flushes, registers for the next input and ends. An idle connection
     * holds no thread. {@code onEnd} runs once, on the last wake-up, when the connection ends.
     */
    void start(Runnable onEnd) {
        this.onEnd = onEnd;
        timeout.start(TimeoutReason.KEEP_ALIVE, limits.keepAliveTimeout().toNanos());
        if (pingTimer != null) {
            pingTimer.start(TimeoutReason.KEEP_ALIVE_PING, http2Limits.keepAlivePingDelay().toNanos());
        }
        wakeUp.run();
    }

    /** One wake-up of the frame loop. */
    private void serve() {
        boolean ended = true;
        try {
            if (!prefaceRead) {
                Http2UpgradeRequest upgrade = upgraded ? null : transport.features().get(Http2UpgradeRequest.class);
                if (upgrade != null) {
                    upgraded = true;
                    startUpgraded(upgrade);
                }
                Boolean read = readPreface();
                if (read == null) {
                    ended = false; // waits for the rest of the preface
                    return;
                }
                if (!read) {
                    return;
                }
                prefaceRead = true;
                if (!upgraded) {
                    sendServerPreface();
                }
            }
            ended = loop();
        } catch (Http2Exception e) {
            connectionError(e);
        } catch (IOException | PipeException e) {
            LOG.debug("connection {}: HTTP/2 connection ended: {}", transport.id(), e.getMessage());
        } catch (RuntimeException | Error e) {
            LOG.error("connection {}: unhandled exception in the HTTP/2 frame loop; the connection is aborted", transport.id(), e);
            transport.abort("unhandled exception in the HTTP/2 frame loop");
        } finally {
            if (ended) {
                try {
                    end();
                } finally {
                    onEnd.run();
                }
            }
        }
    }

    /**
     * RFC 7540 §3.2: after the 101, the server's preface, then the upgraded request as stream 1,
     * half-closed (remote); the client's preface follows. The HTTP2-Settings are the client's first
     * settings, "implicitly acknowledged" by the 101: no SETTINGS ACK for them.
     */
    private void startUpgraded(Http2UpgradeRequest upgrade) throws Http2Exception, IOException {
        var settings = new Http2Settings();
        BufferSequence payload = BufferSequence.of(upgrade.settings());
        Http2FrameReader.readSettingsPayload(payload, payload.start(), upgrade.settings().length, settings);
        output.applyPeerSettings(settings, streams.values(), false);
        sendServerPreface();
        lastStreamId = 1;
        var stream = new Http2Stream(1, this, output.initialStreamWindow(), http2Limits.initialStreamWindowSize());
        fields.begin(stream.requestFields(), false);
        fields.method = upgrade.method();
        fields.scheme = "http";
        fields.path = upgrade.target();
        HttpHeaders sent = upgrade.fields();
        for (int i = 0; i < sent.size(); i++) {
            String name = sent.name(i);
            if (!Http2Stream.isConnectionSpecific(name) && !name.equalsIgnoreCase("http2-settings")
                    && !name.equalsIgnoreCase("te")) {
                stream.requestFields().add(name.toLowerCase(java.util.Locale.ROOT), sent.value(i));
            }
        }
        fields.authority = sent.get("Host");
        stream.head(fields, true, pool);
        streams.put(1, stream);
        activeStreams.incrementAndGet();
        // Started by the frame loop after its first read, which holds the client's preface: the
        // JDK's HttpClient (21-25) loses bytes now and then when response frames reach it while it
        // still reads the 101 as HTTP/1.1.
        toStart.add(stream);
    }

    /**
     * §3.4: the client's preface, the 24 octets; false when the connection ended first, null when
     * the rest is still to come (a wake-up follows).
     */
    private Boolean readPreface() throws Http2Exception, IOException {
        while (true) {
            ReadResult result = input.tryRead();
            if (result == null) {
                if (input.whenReadable(wakeUp)) {
                    return null;
                }
                continue;
            }
            BufferSequence buffer = result.buffer();
            if (buffer.length() >= PREFACE.length) {
                byte[] received = new byte[PREFACE.length];
                buffer.copyTo(buffer.start(), received, 0, PREFACE.length);
                input.advanceTo(buffer.start() + PREFACE.length);
                if (!java.util.Arrays.equals(received, PREFACE)) {
                    // "Clients and servers MUST treat an invalid connection preface as a connection error of type PROTOCOL_ERROR."
                    throw Http2Exception.connection(Http2ErrorCode.PROTOCOL_ERROR, "invalid connection preface");
                }
                return true;
            }
            input.advanceTo(buffer.start(), buffer.end());
            if (result.isCompleted() || stopRequested()) {
                return false;
            }
        }
    }

    /** §3.4: "The server connection preface consists of a potentially empty SETTINGS frame". */
    private void sendServerPreface() throws IOException {
        var settings = new Http2Settings()
                .set(Http2Setting.MAX_CONCURRENT_STREAMS, http2Limits.maxStreamsPerConnection())
                .set(Http2Setting.INITIAL_WINDOW_SIZE, http2Limits.initialStreamWindowSize())
                .set(Http2Setting.MAX_HEADER_LIST_SIZE, limits.maxRequestHeadersTotalSize())
                // RFC 8441 §3: extended CONNECT (WebSockets over HTTP/2) is offered, as Kestrel does.
                .set(Http2Setting.ENABLE_CONNECT_PROTOCOL, 1);
        if (http2Limits.maxFrameSize() != Http2Setting.MIN_MAX_FRAME_SIZE) {
            settings.set(Http2Setting.MAX_FRAME_SIZE, http2Limits.maxFrameSize());
        }
        if (http2Limits.headerTableSize() != Http2Setting.HEADER_TABLE_SIZE.initialValue()) {
            settings.set(Http2Setting.HEADER_TABLE_SIZE, http2Limits.headerTableSize());
        }
        output.writeSettings(settings);
        int extra = http2Limits.initialConnectionWindowSize() - 65_535;
        if (extra > 0) {
            output.writeWindowUpdate(0, extra, false);
        }
        output.flushIfDirty();
    }

    /** Handles what the input holds; true when the connection ends, false when it waits for input (a wake-up follows). */
    private boolean loop() throws Http2Exception, IOException {
        while (true) {
            ReadResult result = input.tryRead();
            if (result == null) {
                if (input.whenReadable(wakeUp)) {
                    return false;
                }
                continue;
            }
            BufferSequence buffer = result.buffer();
            reader.reset(buffer);
            try {
                if (!settingsSeen && reader.remaining() >= Http2FrameReader.FRAME_HEADER_LENGTH) {
                    // §3.4: "The SETTINGS frame MUST be the first frame the client sends" after the preface.
                    if (reader.peek(3) != SETTINGS_TYPE || (reader.peek(4) & Http2Flags.ACK) != 0) {
                        throw Http2Exception.connection(Http2ErrorCode.PROTOCOL_ERROR, "the first frame is not SETTINGS");
                    }
                    settingsSeen = true;
                }
                readFrames(reader);
            } finally {
                input.advanceTo(reader.position(), buffer.end());
                startHandlers();
            }
            trimHalfClosed();
            // Every read, not only a canceled one: a deadline may pass while the frame loop works.
            boolean stop = result.isCompleted() // the client closed its side
                    || stopRequested()
                    || (draining && goAwaySent && activeStreams.get() == 0);
            if (!stop) {
                // Armed before the answers go out: a client that has its answer knows the timer runs.
                armTimeout();
                if (pingTimer != null && !buffer.isEmpty()) {
                    // Whatever the client sends shows it is alive: the ping waits a full delay again.
                    pingTimer.start(TimeoutReason.KEEP_ALIVE_PING, http2Limits.keepAlivePingDelay().toNanos());
                }
            }
            output.flushIfDirty();
            if (stop) {
                return true;
            }
        }
    }

    private void readFrames(SequenceReader reader) throws Http2Exception, IOException {
        while (true) {
            try {
                if (!frameReader.readFrame(reader, this)) {
                    return;
                }
            } catch (Http2Exception e) {
                if (e.isConnectionError()) {
                    throw e;
                }
                streamError(e);
            }
        }
    }

    /** After a canceled read: whether the connection is to end now (a timeout, or a shutdown with nothing in flight). */
    private boolean stopRequested() throws IOException {
        if (pingTimer != null && keepAlivePingFired()) {
            return true;
        }
        TimeoutReason fired = timeout.takeFired();
        if (fired == TimeoutReason.KEEP_ALIVE && activeStreams.get() == 0) {
            LOG.debug("connection {}: HTTP/2 keep-alive timeout; closing", transport.id());
            goAway(Http2ErrorCode.NO_ERROR, null);
            return true;
        }
        if (fired == TimeoutReason.REQUEST_HEADERS) {
            LOG.info("connection {}: an HTTP/2 field block did not complete within the request headers timeout; closing",
                    transport.id());
            goAway(Http2ErrorCode.PROTOCOL_ERROR, "request headers timeout");
            return true;
        }
        if (lifetime != null && lifetime.isCloseRequested() && !shutdownAnnounced) {
            announceShutdown();
        }
        return draining && goAwaySent && activeStreams.get() == 0;
    }

    /**
     * §6.8: "A server that is attempting to gracefully shut down a connection SHOULD send an initial
     * GOAWAY frame with the last stream identifier set to 2^31-1 and a NO_ERROR code. This signals to
     * the client that a shutdown is imminent ... After allowing time for any in-flight stream creation
     * (at least one round-trip time), the server MAY send another GOAWAY frame with an updated last
     * stream identifier." The round trip is a PING; its ACK sends the second GOAWAY. Streams opened
     * in between are served; a client that never answers is cut by the host's shutdown timeout.
     */
    private void announceShutdown() throws IOException {
        shutdownAnnounced = true;
        draining = true;
        output.writeGoAway(Integer.MAX_VALUE, Http2ErrorCode.NO_ERROR, null);
        output.ping(SHUTDOWN_PING);
    }

    /**
     * Kestrel's keep-alive ping (Http2Limits.keepAlivePingDelay): after the delay with nothing
     * received, a PING; if nothing at all comes back within the ping timeout, the client or the
     * path to it is gone, and the connection ends. True when it ends.
     */
    private boolean keepAlivePingFired() throws IOException {
        switch (pingTimer.takeFired()) {
            case KEEP_ALIVE_PING -> {
                output.ping(timeout.now());
                pingTimer.start(TimeoutReason.PING_ACK, http2Limits.keepAlivePingTimeout().toNanos());
                return false;
            }
            case PING_ACK -> {
                LOG.info("connection {}: no answer to the HTTP/2 keep-alive ping within {} ms; closing", transport.id(),
                        http2Limits.keepAlivePingTimeout().toMillis());
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * Arms the deadline of the connection's phase — a field block open, or idle — once per phase:
     * re-arming on every read would let a client keep a phase alive by sending a byte at a time,
     * and would erase a deadline that passed while the loop worked.
     */
    private void armTimeout() {
        TimeoutReason wanted = frameReader.isInHeaderBlock() ? TimeoutReason.REQUEST_HEADERS
                : activeStreams.get() == 0 ? TimeoutReason.KEEP_ALIVE : TimeoutReason.NONE;
        if (wanted == armedPhase) {
            return;
        }
        armedPhase = wanted;
        switch (wanted) {
            case REQUEST_HEADERS -> timeout.start(TimeoutReason.REQUEST_HEADERS, limits.requestHeadersTimeout().toNanos());
            case KEEP_ALIVE -> {
                if (timeout.reason() != TimeoutReason.KEEP_ALIVE) { // the last handler may have armed it
                    timeout.start(TimeoutReason.KEEP_ALIVE, limits.keepAliveTimeout().toNanos());
                }
            }
            default -> {
                timeout.cancel();
                if (activeStreams.get() == 0) {
                    // The last stream ended between the check and the cancel.
                    timeout.start(TimeoutReason.KEEP_ALIVE, limits.keepAliveTimeout().toNanos());
                    armedPhase = TimeoutReason.KEEP_ALIVE;
                }
            }
        }
    }

    /**
     * Streams answered while their request still arrives wait half-closed (local) for its end; past
     * the stream limit the oldest are reset, so a client that never ends its requests cannot grow
     * the table.
     */
    private void trimHalfClosed() {
        Http2Stream answered;
        while ((answered = answeredEarly.poll()) != null) {
            halfClosedLocal.add(answered);
        }
        halfClosedLocal.removeIf(stream -> streams.get(stream.id()) != stream);
        while (halfClosedLocal.size() > http2Limits.maxStreamsPerConnection()) {
            stopRequestBody(halfClosedLocal.poll());
        }
    }

    /**
     * §8.1: "A server can send a complete response prior to the client sending an entire request
     * ... the server MAY request that the client abort transmission of a request without error by
     * sending a RST_STREAM with an error code of NO_ERROR after sending a complete response".
     */
    private void stopRequestBody(Http2Stream stream) {
        streams.remove(stream.id());
        rememberReset(stream.id());
        output.writeRstStream(stream.id(), Http2ErrorCode.NO_ERROR);
        stream.cancel("the response was complete before the request");
    }

    /** A stream whose handler is done and whose request just ended leaves the table. */
    private void closeIfCompleted(Http2Stream stream) {
        if (stream.isCompleted()) {
            streams.remove(stream.id());
        }
    }

    private void goAway(Http2ErrorCode code, String debug) {
        goAwaySent = true;
        output.writeGoAway(lastStreamId, code, debug);
    }

    /** §5.4.1: GOAWAY with the last stream served, then the connection closes. */
    private void connectionError(Http2Exception e) {
        LOG.info("connection {}: {}; closing", transport.id(), e.toString());
        goAway(e.errorCode(), e.getMessage());
    }

    /**
     * §5.4.2: RST_STREAM, and the stream's handler sees its request fail. MadeYouReset
     * (CVE-2025-8671): resets the client provokes cost what its own do, so they share its budget.
     */
    private void streamError(Http2Exception e) throws Http2Exception {
        LOG.debug("connection {}: {}", transport.id(), e.toString());
        int id = e.streamId();
        output.writeRstStream(id, e.errorCode());
        rememberReset(id);
        Http2Stream stream = streams.get(id);
        if (stream != null) {
            stream.cancel("HTTP/2 stream error " + e.errorCode() + ": " + e.getMessage());
            closeIfCompleted(stream);
        }
        if (e.errorCode() != Http2ErrorCode.REFUSED_STREAM) {
            // A refused stream did no work, and a client's reset of it is budgeted already.
            countReset();
        }
    }

    private void end() {
        timeout.unregister();
        readRate.close();
        flushTimeout.unregister();
        if (pingTimer != null) {
            pingTimer.unregister();
        }
        try {
            output.flushIfDirty();
        } catch (IOException e) {
            LOG.debug("connection {}: the last frames were not sent: {}", transport.id(), e.getMessage());
        }
        output.close();
        for (Http2Stream stream : streams.values()) {
            stream.cancel("the HTTP/2 connection ended");
        }
    }

    // ---- streams, from the handlers' threads ----

    /**
     * A stream's handler returned: the stream no longer counts against the limit. One whose request
     * is still arriving stays in the table, half-closed (local), so its late frames are still held
     * to the rules (content-length, windows); the frame loop resets it if more DATA comes.
     */
    void streamCompleted(Http2Stream stream) {
        if (stream.isRemoteClosed() || stream.isReset()) {
            streams.remove(stream.id());
        } else {
            answeredEarly.add(stream);
        }
        if (activeStreams.decrementAndGet() == 0) {
            if (draining) {
                input.cancelPendingRead(); // the frame loop ends the connection
            } else {
                timeout.start(TimeoutReason.KEEP_ALIVE, limits.keepAliveTimeout().toNanos());
            }
        }
    }

    /**
     * A stream's answer is complete: its last frames go out with those of every stream that ends
     * before the flusher runs. The flusher is a virtual thread started by the first of them, so on
     * a busy carrier it runs after the handlers already queued, and a read's worth of answers
     * leaves in one flush: one TLS record rather than one per answer, and the peer decrypts once.
     * The connection's end flushes what is still unsent (see {@link #end()}).
     */
    void flushSoon() {
        if (!flushScheduled.compareAndSet(false, true)) {
            return;
        }
        FLUSHERS.newThread(holdingTheConnection(() -> {
            try {
                flushScheduled.set(false); // before the flush: a stream that writes after it starts another
                output.flushIfDirty();
            } catch (IOException e) {
                LOG.debug("connection {}: answers not sent whole: {}", transport.id(), e.getMessage());
            }
        })).start();
    }

    /**
     * {@code work}, holding the connection from now until it returns ({@link ConnectionLifetime#hold}),
     * so the host's stop waits for it; as it is when the connection has ended already.
     */
    private Runnable holdingTheConnection(Runnable work) {
        if (lifetime == null || !lifetime.hold()) {
            return work;
        }
        return () -> {
            try {
                work.run();
            } finally {
                lifetime.release();
            }
        };
    }

    /** RST_STREAM from the server, for a reason found outside the frame loop (the handler's). */
    void resetStream(Http2Stream stream, Http2ErrorCode code) {
        rememberReset(stream.id());
        output.writeRstStream(stream.id(), code);
        try {
            output.flush();
        } catch (IOException e) {
            LOG.debug("connection {}: RST_STREAM on {} not sent: {}", transport.id(), stream.id(), e.getMessage());
        }
    }

    Http2ReadRate readRate() {
        return readRate;
    }

    /** The handler consumed {@code bytes} of the body: the windows open again by as much. */
    void bodyConsumed(Http2Stream stream, long bytes) {
        try {
            int increment = stream.receiveWindow().credit(bytes);
            boolean streamUpdate = increment > 0 && !stream.isRemoteClosed();
            if (streamUpdate) {
                output.writeWindowUpdate(stream.id(), increment, false);
            }
            int connectionIncrement = receiveWindow.credit(bytes);
            if (connectionIncrement > 0) {
                output.writeWindowUpdate(0, connectionIncrement, false);
            }
            if (streamUpdate || connectionIncrement > 0) {
                // Now: the frame loop may be waiting for the very DATA these let the client send.
                output.flush();
            }
        } catch (IOException e) {
            LOG.debug("connection {}: WINDOW_UPDATE not sent: {}", transport.id(), e.getMessage());
        }
    }

    /** A handler is done: body octets it left unread go back to the connection's window. */
    void bodyAbandoned(long unread) {
        if (unread > 0) {
            try {
                creditConnection(unread, true);
            } catch (IOException e) {
                LOG.debug("connection {}: WINDOW_UPDATE not sent: {}", transport.id(), e.getMessage());
            }
        }
    }

    private void creditConnection(long bytes, boolean flushNow) throws IOException {
        int increment = receiveWindow.credit(bytes);
        if (increment > 0) {
            output.writeWindowUpdate(0, increment, flushNow);
        }
    }

    private void rememberReset(int id) {
        synchronized (recentlyReset) {
            recentlyReset.add(id);
            if (recentlyReset.size() > RECENTLY_RESET) {
                recentlyReset.removeFirst();
            }
        }
    }

    private boolean wasReset(int id) {
        synchronized (recentlyReset) {
            return recentlyReset.contains(id);
        }
    }

    // ---- frames ----

    @Override
    public void onHeaders(int streamId, boolean endStream, boolean endHeaders, byte[] fragment, int offset, int length)
            throws Http2Exception {
        // §5.1.1: "Streams initiated by a client MUST use odd-numbered stream identifiers".
        if ((streamId & 1) == 0) {
            throw Http2Exception.connection(Http2ErrorCode.PROTOCOL_ERROR, "HEADERS on even stream " + streamId);
        }
        emptyDataFrames = 0;
        blockStreamId = streamId;
        blockEndStream = endStream;
        blockRefusal = null;
        blockIgnored = false;
        blockStream = streams.get(streamId);
        if (blockStream != null && blockStream.isRemoteClosed() && blockStream.isAnswered()) {
            // §5.1 closed: "An endpoint that receives any frames after receiving a frame with the
            // END_STREAM flag set MUST treat that as a connection error ... of type STREAM_CLOSED."
            throw Http2Exception.connection(Http2ErrorCode.STREAM_CLOSED, "HEADERS on closed stream " + streamId);
        } else if (blockStream != null && !blockStream.isReset()) {
            beginTrailers();
        } else if (streamId <= lastStreamId) {
            if (!wasReset(streamId)) {
                // §5.1 closed: "An endpoint that receives any frame other than PRIORITY after
                // receiving a RST_STREAM MUST treat that as a stream error ... of type
                // STREAM_CLOSED"; a new stream's id must exceed every earlier one (§5.1.1).
                throw Http2Exception.connection(Http2ErrorCode.STREAM_CLOSED, "HEADERS on closed stream " + streamId);
            }
            // §5.4.2: frames in flight after our RST_STREAM; the block is decoded (HPACK's table
            // must stay in step) and dropped.
            blockIgnored = true;
            fields.begin(new HttpHeaders(), true);
        } else {
            beginRequest(streamId);
        }
        decode(fragment, offset, length, endHeaders);
    }

    private void beginTrailers() {
        blockIsTrailers = true;
        if (blockStream.isRemoteClosed()) {
            blockRefusal = Http2ErrorCode.STREAM_CLOSED;
            fields.begin(new HttpHeaders(), true);
        } else {
            fields.begin(blockStream.trailerFields(), true);
        }
    }

    private void beginRequest(int streamId) {
        blockIsTrailers = false;
        lastStreamId = streamId;
        if (goAwaySent) {
            blockRefusal = Http2ErrorCode.REFUSED_STREAM; // past the last stream our GOAWAY named: ignored
        } else if (activeStreams.get() >= http2Limits.maxStreamsPerConnection()) {
            // §5.1.2: "An endpoint that receives a HEADERS frame that causes its advertised
            // concurrent stream limit to be exceeded MUST treat this as a stream error ... of type
            // PROTOCOL_ERROR or REFUSED_STREAM."
            blockRefusal = Http2ErrorCode.REFUSED_STREAM;
        }
        blockStream = blockRefusal == null ? new Http2Stream(streamId, this, output.initialStreamWindow(),
                http2Limits.initialStreamWindowSize()) : null;
        fields.begin(blockStream != null ? blockStream.requestFields() : new HttpHeaders(), false);
    }

    @Override
    public void onContinuation(int streamId, boolean endHeaders, byte[] fragment, int offset, int length)
            throws Http2Exception {
        decode(fragment, offset, length, endHeaders);
    }

    private void decode(byte[] fragment, int offset, int length, boolean endHeaders) throws Http2Exception {
        try {
            decoder.decode(fragment, offset, length, endHeaders, fields);
        } catch (HpackDecodingException e) {
            // §4.3: "A decoding error in a field block MUST be treated as a connection error ... of type COMPRESSION_ERROR."
            throw Http2Exception.connection(Http2ErrorCode.COMPRESSION_ERROR, e.getMessage());
        }
        if (endHeaders) {
            try {
                endBlock();
            } finally {
                // An idle connection holds no finished stream through the last block's references.
                blockStream = null;
                fields.release();
            }
        }
    }

    private void endBlock() throws Http2Exception {
        String malformed = fields.finish();
        boolean tooLarge = decoder.headerListTooLarge() || fields.tooManyFields();
        int id = blockStreamId;
        if (blockIgnored) {
            return;
        }
        if (blockIsTrailers) {
            endTrailers(id, malformed, tooLarge);
            return;
        }
        if (blockRefusal != null) {
            if (!goAwaySent) {
                throw Http2Exception.stream(id, blockRefusal, "stream " + id + " refused: "
                        + activeStreams.get() + " streams are open, the limit is " + http2Limits.maxStreamsPerConnection());
            }
            return;
        }
        if (malformed != null) {
            // §8.1.1: "Malformed requests or responses that are detected MUST be treated as a stream error of type PROTOCOL_ERROR."
            throw Http2Exception.stream(id, Http2ErrorCode.PROTOCOL_ERROR, "malformed request: " + malformed);
        }
        if (blockEndStream && fields.contentLength > 0) {
            throw Http2Exception.stream(id, Http2ErrorCode.PROTOCOL_ERROR, "content-length " + fields.contentLength
                    + " on a request without content");
        }
        Http2Stream stream = blockStream;
        stream.head(fields, blockEndStream, pool);
        streams.put(id, stream);
        activeStreams.incrementAndGet();
        timeout.cancel();
        if (tooLarge) {
            answerHeadersTooLarge(stream);
            return;
        }
        toStart.add(stream);
    }

    /**
     * Starts the handlers of the streams the last read opened, after every frame of that read:
     * a request's DATA and trailers that came with its HEADERS are delivered before its handler
     * runs, and a malformed one is refused before its handler could answer.
     */
    private void startHandlers() {
        for (Http2Stream stream : toStart) {
            if (stream.isReset()) {
                stream.complete(); // reset within the same read: it never runs
            } else {
                // Held until the handler returns, not only until the frame loop ends: the host's
                // stop waits for a handler still writing on a connection the peer reset.
                Thread.ofVirtual().name("windhover-h2-" + transport.id() + "-" + stream.id()).start(holdingTheConnection(stream));
            }
        }
        toStart.clear();
    }

    private void endTrailers(int id, String malformed, boolean tooLarge) throws Http2Exception {
        if (blockRefusal != null) {
            throw Http2Exception.stream(id, blockRefusal, "trailers on half-closed stream " + id);
        }
        // §8.1: a HEADERS frame that follows the content must carry END_STREAM (trailers).
        if (!blockEndStream) {
            throw Http2Exception.stream(id, Http2ErrorCode.PROTOCOL_ERROR, "a second HEADERS frame without END_STREAM");
        }
        if (malformed != null || tooLarge) {
            throw Http2Exception.stream(id, Http2ErrorCode.PROTOCOL_ERROR, "malformed trailers: "
                    + (malformed != null ? malformed : "too large"));
        }
        endOfBody(blockStream);
    }

    /** 431 for a field block over the limits, without running the handler (Kestrel answers the same). */
    private void answerHeadersTooLarge(Http2Stream stream) {
        stream.refuseWith(431);
        toStart.add(stream);
    }

    @Override
    public void onData(int streamId, boolean endStream, BufferSequence data, long dataStart, int dataLength,
            int flowControlledLength) throws Http2Exception {
        // §6.9.1: "A receiver MAY respond with a stream error ... or connection error ... of type
        // FLOW_CONTROL_ERROR if it is unable to accept a frame" that exceeds its window.
        if (!receiveWindow.tryCharge(flowControlledLength)) {
            throw Http2Exception.connection(Http2ErrorCode.FLOW_CONTROL_ERROR, "DATA beyond the connection's window");
        }
        countEmptyData(dataLength, endStream);
        Http2Stream stream = streams.get(streamId);
        if (stream == null || stream.isRemoteClosed() || stream.isReset()) {
            giveBack(flowControlledLength);
            if (streamId > lastStreamId) {
                // §5.1 idle: "Receiving any frame other than HEADERS or PRIORITY on a stream in this state MUST be treated as a connection error ... PROTOCOL_ERROR."
                throw Http2Exception.connection(Http2ErrorCode.PROTOCOL_ERROR, "DATA on idle stream " + streamId);
            }
            if (wasReset(streamId)) {
                return; // §5.4.2: frames in flight after our RST_STREAM are dropped
            }
            // §5.1 half-closed (remote) and closed: "respond with a stream error ... of type STREAM_CLOSED".
            throw Http2Exception.stream(streamId, Http2ErrorCode.STREAM_CLOSED, "DATA on closed stream " + streamId);
        }
        if (!stream.receiveWindow().tryCharge(flowControlledLength)) {
            giveBack(flowControlledLength);
            throw Http2Exception.stream(streamId, Http2ErrorCode.FLOW_CONTROL_ERROR, "DATA beyond stream " + streamId + "'s window");
        }
        readRate.received(dataLength);
        int unused = flowControlledLength - dataLength + stream.deliver(data, dataStart, dataLength);
        if (unused > 0) {
            stream.receiveWindow().credit(unused);
            giveBack(unused);
        }
        long declared = stream.declaredLength();
        if (declared >= 0 && (stream.receivedBytes() > declared || (endStream && stream.receivedBytes() != declared))) {
            stream.failBody(new Http2RequestRejection(400, "CONTENT_LENGTH_MISMATCH", "content-length " + declared
                    + " but " + stream.receivedBytes() + " octets of content"));
            throw Http2Exception.stream(streamId, Http2ErrorCode.PROTOCOL_ERROR, "the content does not match content-length");
        }
        if (endStream) {
            stream.endOfRequest();
            closeIfCompleted(stream);
        } else if (stream.isCompleted()) {
            stopRequestBody(stream); // answered already: the rest of the body is not wanted
        }
    }

    private void endOfBody(Http2Stream stream) throws Http2Exception {
        long declared = stream.declaredLength();
        if (declared >= 0 && stream.receivedBytes() != declared) {
            throw Http2Exception.stream(stream.id(), Http2ErrorCode.PROTOCOL_ERROR, "the content does not match content-length");
        }
        stream.endOfRequest();
        closeIfCompleted(stream);
    }

    /**
     * CVE-2023-44487, "rapid reset": a client that opens streams and resets them at once makes the
     * server decode and set up each for nothing. Resets of streams not answered are budgeted per
     * window of the server's clock, as Netty does (200 per 30 s), with the resets the server sends
     * for the client's stream errors; past it the connection ends.
     */
    private void countReset() throws Http2Exception {
        long now = timeout.now();
        if (now - resetWindowStart >= RESET_WINDOW_NANOS) {
            resetWindowStart = now;
            resetsInWindow = 0;
        }
        if (++resetsInWindow > MAX_RESETS_PER_WINDOW) {
            throw Http2Exception.connection(Http2ErrorCode.ENHANCE_YOUR_CALM, "more than " + MAX_RESETS_PER_WINDOW
                    + " streams reset by the client, or for its errors, within 30 s");
        }
    }

    private void countEmptyData(int dataLength, boolean endStream) throws Http2Exception {
        if (dataLength > 0 || endStream) {
            emptyDataFrames = 0;
        } else if (++emptyDataFrames > MAX_EMPTY_DATA_FRAMES) {
            throw Http2Exception.connection(Http2ErrorCode.ENHANCE_YOUR_CALM, "a run of empty DATA frames");
        }
    }

    private void giveBack(int bytes) {
        try {
            creditConnection(bytes, false);
        } catch (IOException e) {
            LOG.debug("connection {}: WINDOW_UPDATE not sent: {}", transport.id(), e.getMessage());
        }
    }

    @Override
    public void onPriority(int streamId) {
        // §5.3.2: the priority signals are deprecated; a PRIORITY frame may name any stream, idle included.
    }

    @Override
    public void onRstStream(int streamId, Http2ErrorCode errorCode) throws Http2Exception {
        if (streamId > lastStreamId) {
            // §6.4: "If a RST_STREAM frame identifying an idle stream is received, the recipient MUST
            // treat this as a connection error ... of type PROTOCOL_ERROR."
            throw Http2Exception.connection(Http2ErrorCode.PROTOCOL_ERROR, "RST_STREAM on idle stream " + streamId);
        }
        Http2Stream stream = streams.get(streamId);
        if (stream == null || !stream.isAnswered()) {
            countReset(); // refused and closed streams too: as Netty, every reset but of an answered stream
        }
        if (stream != null) {
            stream.cancel("the client reset stream " + streamId + " (" + errorCode + ")");
            closeIfCompleted(stream);
        }
    }

    @Override
    public void onSettings(Http2Settings received) throws Http2Exception {
        output.applyPeerSettings(received, streams.values(), true);
    }

    @Override
    public void onSettingsAck() {
        // Our settings are in force; nothing waits for it.
    }

    @Override
    public void onPing(long opaqueData) {
        output.writePingAck(opaqueData);
    }

    @Override
    public void onPingAck(long opaqueData) {
        if (opaqueData == SHUTDOWN_PING && shutdownAnnounced && !goAwaySent) {
            goAway(Http2ErrorCode.NO_ERROR, null); // the last stream the client could have opened meanwhile
        }
        // A keep-alive ping's answer needs nothing more: any frame re-arms the ping timer.
    }

    @Override
    public void onGoAway(int lastStreamId, Http2ErrorCode errorCode, BufferSequence debugData, long debugStart,
            int debugLength) {
        // §6.8: the client opens no more streams; those in flight are finished, then the connection ends.
        LOG.debug("connection {}: the client sent GOAWAY ({}), last stream {}", transport.id(), errorCode, lastStreamId);
        draining = true;
        goAwaySent = true; // the client opens no more streams; none of ours needs announcing
    }

    @Override
    public void onWindowUpdate(int streamId, int increment) throws Http2Exception {
        if (streamId == 0) {
            output.addConnectionWindow(increment);
            return;
        }
        if (streamId > lastStreamId) {
            throw Http2Exception.connection(Http2ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE on idle stream " + streamId);
        }
        Http2Stream stream = streams.get(streamId);
        if (stream != null) {
            output.addStreamWindow(stream, increment);
        }
    }
}
