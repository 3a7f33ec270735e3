package io.windhover.server.http2;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.MemoryPool;
import io.windhover.buffers.PipeReader;
import io.windhover.server.core.ResponseState;
import io.windhover.server.core.ServiceContext;
import io.windhover.server.http.HttpContext;
import io.windhover.server.http.HttpExtendedConnectFeature;
import io.windhover.server.http.HttpHeaders;
import io.windhover.server.http.HttpRequest;
import io.windhover.server.http.HttpResponse;
import io.windhover.server.http.RequestFeatures;
import io.windhover.server.http.RequestRejectedException;
import io.windhover.server.http.UpgradedConnection;
import io.windhover.transport.ConnectionAbortedException;
import io.windhover.transport.ConnectionContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 request stream (RFC 9113 §5.1, §8.1) as the application sees it: an
 * {@link HttpContext} whose request came in a HEADERS field block and DATA frames, and whose
 * response goes out through {@link Http2StreamOutput}. Kestrel's {@code Http2Stream}.
 *
 * <pre>
 *   open --END_STREAM received--> half-closed (remote) --END_STREAM sent--> closed
 *     \--END_STREAM sent--> half-closed (local) --END_STREAM received--> closed
 *   any state --RST_STREAM either way--> closed (reset)
 * </pre>
 *
 * <p>The frame loop delivers the request's DATA into a pipe of its own; the handler runs on a
 * virtual thread of the stream's own and reads that pipe, which credits the flow-control windows
 * as it consumes. A stream is never reused: nothing a handler keeps can reach another stream.
 *
 * <p>Thread-safety: the request fields are set by the frame loop before the handler's thread
 * starts; the reset flag and the body's delivery are shared with it through volatile fields and
 * the pipe.
 */
final class Http2Stream implements HttpContext, HttpRequest, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Http2Stream.class);

    private final int id;
    private final Http2Connection connection;
    private final ConnectionContext transport;
    private final ResponseState response;
    private final Http2StreamOutput producer;
    private final HttpHeaders headers = new HttpHeaders();
    private final HttpHeaders trailers = new HttpHeaders();
    private final RequestFeatures features;
    /** Our receive window for this stream's DATA. */
    private final InputFlowControl receiveWindow;
    /** The peer's window for our DATA on this stream; guarded by the connection output's lock. */
    private long sendWindow;

    private String method;
    private String scheme;
    private String authority;
    private String target;
    private String path;
    private String query;
    /** Set by the frame loop with the head, before the handler starts. */
    private Http2RequestBody body;
    /** END_STREAM received: half-closed (remote). Written by the frame loop. */
    private volatile boolean remoteClosed;
    private volatile boolean reset;
    private volatile boolean completed;
    private volatile IOException outputFailure;
    private final List<Runnable> abortCallbacks = new ArrayList<>(0);
    private boolean abortFired;
    /** A status to answer instead of running the handler, or 0. */
    private int refusal;

    Http2Stream(int id, Http2Connection connection, int initialSendWindow, int receiveWindowSize) {
        this.id = id;
        this.connection = connection;
        this.transport = connection.transport();
        this.sendWindow = initialSendWindow;
        this.receiveWindow = new InputFlowControl(receiveWindowSize);
        this.features = new RequestFeatures(transport.features());
        this.producer = new Http2StreamOutput(this, connection);
        this.response = new ResponseState(producer);
    }

    int id() {
        return id;
    }

    // ---- set up by the frame loop ----

    /** The decoded request head; {@code endStream} when it has no body. */
    void head(Http2RequestHeaders fields, boolean endStream, MemoryPool pool) {
        this.method = fields.method;
        this.scheme = fields.scheme;
        this.authority = fields.authority != null ? fields.authority : headers.get("Host");
        this.target = fields.path != null ? fields.path : fields.authority;
        int question = target.indexOf('?');
        this.path = question < 0 ? target : target.substring(0, question);
        this.query = question < 0 ? "" : target.substring(question);
        if (fields.authority != null && !headers.contains("Host")) {
            // Kestrel too: code written for HTTP/1.1 reads the host from Host.
            headers.add("host", fields.authority);
        }
        if (fields.protocol != null) {
            features.setProtocolFeature(HttpExtendedConnectFeature.class, new Http2ExtendedConnect(this, fields.protocol));
        }
        response.reset("HEAD".equals(method));
        remoteClosed = endStream;
        body = new Http2RequestBody(this, !endStream, fields.contentLength,
                connection.services().limits().maxRequestBodySize(), pool,
                consumed -> connection.bodyConsumed(this, consumed), this::sendContinue);
    }

    /**
     * RFC 9110 §10.1.1: a client that sent {@code Expect: 100-continue} waits for an interim 100
     * before its body; it is sent when the handler first waits for the body, as Kestrel does, so a
     * handler that answers without reading spares the client the upload. RFC 9113 §8.1: an interim
     * response is a HEADERS frame without END_STREAM.
     */
    private void sendContinue() {
        if (!headers.containsToken("Expect", "100-continue") || response.hasStarted() || body.receivedBytes() > 0) {
            return;
        }
        try {
            connection.output().writeHeaders(this, 100, new HttpHeaders(), null, false, -1, false);
            connection.output().flush();
        } catch (IOException e) {
            outputFailed(e);
        }
    }

    /**
     * RFC 8441 §5: the extended CONNECT is accepted with a 2xx HEADERS frame that leaves the stream
     * open; its DATA frames then carry the tunnelled protocol both ways. The tunnel is no request
     * body: it has no size limit, and it may be silent as long as its protocol likes, so the
     * minimum body rate does not apply, as on an upgraded HTTP/1.1 connection. RFC 9110 §9.3.6: no
     * Content-Length or Transfer-Encoding in a 2xx answer to CONNECT.
     */
    UpgradedConnection acceptTunnel() throws IOException {
        if (features.get(HttpExtendedConnectFeature.class) == null) {
            throw new IllegalStateException("not an extended CONNECT request");
        }
        if (response.hasStarted()) {
            throw new IllegalStateException("the response has started; the extended CONNECT can no longer be accepted");
        }
        body.openTunnel();
        response.headers().remove("Content-Length");
        response.headers().remove("Transfer-Encoding");
        response.status(200);
        response.body().flush();
        return new UpgradedConnection(body.asStream(), response.body());
    }

    ServiceContext services() {
        return connection.services();
    }

    Http2ReadRate readRate() {
        return connection.readRate();
    }

    HttpHeaders requestFields() {
        return headers;
    }

    HttpHeaders trailerFields() {
        return trailers;
    }

    InputFlowControl receiveWindow() {
        return receiveWindow;
    }

    boolean isRemoteClosed() {
        return remoteClosed;
    }

    long declaredLength() {
        return body.declaredLength();
    }

    long receivedBytes() {
        return body.receivedBytes();
    }

    /** DATA for this stream, already charged to the windows; the octets to credit back at once. */
    int deliver(BufferSequence data, long start, int length) {
        return body.deliver(data, start, length);
    }

    /** END_STREAM received (with DATA or trailers): the body is complete. */
    void endOfRequest() {
        remoteClosed = true;
        body.end();
    }

    /** The request is malformed in its body (a length that does not match): the handler's reads fail. */
    void failBody(RequestRejectedException why) {
        remoteClosed = true;
        body.fail(why);
    }

    // ---- the handler's thread ----

    @Override
    public void run() {
        try {
            if (refusal != 0) {
                response.clearForError(refusal);
                endResponse();
            } else {
                serve();
            }
        } finally {
            complete();
        }
    }

    /** The stream will answer {@code status} without running the handler: a request refused as it arrived. */
    void refuseWith(int status) {
        refusal = status;
    }

    /** The stream is done on the server: its body released, its slot given back. */
    void complete() {
        finishBody();
        completed = true;
        connection.streamCompleted(this);
    }

    private void serve() {
        try {
            connection.services().application().process(this);
            if (response.failure() != null) {
                throw response.failure();
            }
            response.checkContentLength();
        } catch (Throwable e) {
            failed(e);
            return;
        }
        if (body.declaredLength() > body.maxSize() && !body.readStarted() && !response.hasStarted() && !reset) {
            answerRejected(Http2RequestRejection.bodyTooLarge(body.maxSize()));
            return;
        }
        endResponse();
    }

    private void endResponse() {
        try {
            response.end();
            connection.flushSoon();
        } catch (IOException e) {
            LOG.debug("connection {} stream {}: the response was not sent whole: {}", transport.id(), id, e.getMessage());
            return;
        }
    }

    private void failed(Throwable error) {
        if (reset) {
            LOG.debug("connection {} stream {}: the handler ended after the stream was reset: {}", transport.id(), id,
                    error.toString());
            return;
        }
        ConnectionAbortedException aborted = ConnectionAbortedException.findIn(error);
        if (aborted != null) {
            // The connection went under the handler (the peer, a timeout, a shutdown): not a handler
            // bug, and the connection has said why.
            LOG.debug("connection {} stream {}: the connection was lost while the handler ran: {}", transport.id(), id,
                    aborted.getMessage());
            resetByServer(Http2ErrorCode.INTERNAL_ERROR);
            return;
        }
        RequestRejectedException rejected = rejectionIn(error);
        if (response.hasStarted()) {
            if (rejected == null) {
                LOG.warn("connection {} stream {}: the handler failed after the response started; resetting the stream",
                        transport.id(), id, error);
            }
            resetByServer(Http2ErrorCode.INTERNAL_ERROR);
            return;
        }
        if (rejected != null) {
            answerRejected(rejected);
            return;
        }
        LOG.error("connection {} stream {}: unhandled exception in the application for {} {}", transport.id(), id,
                method, target, error);
        response.clearForError(500);
        endResponse();
    }

    private void answerRejected(RequestRejectedException rejected) {
        LOG.info("connection {} stream {}: request refused, {} {}", transport.id(), id, rejected.status(),
                rejected.getMessage());
        response.clearForError(rejected.status());
        endResponse();
    }

    private static RequestRejectedException rejectionIn(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RequestRejectedException rejected) {
                return rejected;
            }
        }
        return null;
    }

    /** The handler is done with the body: what it left unread goes back to the connection's window. */
    private void finishBody() {
        connection.bodyAbandoned(body.release());
    }

    // ---- reset ----

    boolean isReset() {
        return reset;
    }

    boolean isCompleted() {
        return completed;
    }

    /**
     * The stream is over before its time — the client reset it, the server found a stream error, or
     * the connection ended: the handler's reads and writes fail and its abort callbacks run.
     */
    void cancel(String why) {
        synchronized (this) {
            if (reset) {
                return;
            }
            reset = true;
        }
        body.fail(new IOException(why));
        connection.output().wakeWaiters();
        fireAborted();
    }

    /** The server resets the stream with {@code code} (RST_STREAM); nothing more is sent on it. */
    void resetByServer(Http2ErrorCode code) {
        if (reset) {
            return;
        }
        connection.resetStream(this, code);
        cancel("the server reset the stream (" + code + ")");
    }

    void outputFailed(IOException e) {
        outputFailure = e;
    }

    void checkOutput() throws IOException {
        if (outputFailure != null) {
            throw outputFailure;
        }
    }

    long sendWindow() {
        return sendWindow;
    }

    void sendWindow(long window) {
        this.sendWindow = window;
    }

    /** Whether the response has ended on the wire (END_STREAM sent). */
    boolean isAnswered() {
        return producer.endSent();
    }

    boolean isHeadRequest() {
        return "HEAD".equals(method);
    }

    private void fireAborted() {
        List<Runnable> callbacks;
        synchronized (abortCallbacks) {
            if (abortFired || producer.endSent()) {
                return;
            }
            abortFired = true;
            callbacks = List.copyOf(abortCallbacks);
            abortCallbacks.clear();
        }
        for (Runnable callback : callbacks) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.warn("connection {} stream {}: an abort callback failed", transport.id(), id, e);
            }
        }
    }

    /**
     * §8.2.2: fields that are meaningful only on one HTTP/1.1 connection, which an HTTP/2 response
     * must not carry; a handler's are left out rather than sent.
     */
    static boolean isConnectionSpecific(String name) {
        return switch (name.length()) {
            case 7 -> name.equalsIgnoreCase("upgrade");
            case 10 -> name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
            case 16 -> name.equalsIgnoreCase("proxy-connection");
            case 17 -> name.equalsIgnoreCase("transfer-encoding");
            default -> false;
        };
    }

    // ---- HttpContext ----

    @Override
    public HttpRequest request() {
        return this;
    }

    @Override
    public HttpResponse response() {
        return response;
    }

    @Override
    public String connectionId() {
        return transport.id();
    }

    @Override
    public SocketAddress remoteAddress() {
        return transport.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return transport.localAddress();
    }

    @Override
    public String requestId() {
        // Kestrel's TraceIdentifier, as HTTP/1.1 makes it: "{connection id}:{stream id as eight hex digits}".
        return transport.id() + ':' + HexFormat.of().withUpperCase().toHexDigits(id);
    }

    @Override
    public RequestFeatures features() {
        return features;
    }

    /** Kestrel resets the stream with INTERNAL_ERROR when the application aborts it. */
    @Override
    public void abort() {
        resetByServer(Http2ErrorCode.INTERNAL_ERROR);
        response.abort();
    }

    @Override
    public boolean isAborted() {
        return reset && !producer.endSent();
    }

    @Override
    public void onAborted(Runnable callback) {
        synchronized (abortCallbacks) {
            if (!abortFired) {
                abortCallbacks.add(callback);
                return;
            }
        }
        callback.run();
    }

    @Override
    public String scheme() {
        return scheme != null ? scheme : HttpContext.super.scheme();
    }

    // ---- HttpRequest ----

    @Override
    public String method() {
        return method;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String query() {
        return query;
    }

    @Override
    public String authority() {
        return authority;
    }

    @Override
    public String protocol() {
        return "HTTP/2";
    }

    @Override
    public HttpHeaders headers() {
        return headers;
    }

    @Override
    public InputStream body() {
        return body.asStream();
    }

    @Override
    public PipeReader bodyReader() {
        return body;
    }

    @Override
    public long maxBodySize() {
        return body.maxSize();
    }

    @Override
    public void maxBodySize(long bytes) {
        body.maxSize(bytes);
    }

    @Override
    public HttpHeaders trailers() {
        return trailers;
    }
}
