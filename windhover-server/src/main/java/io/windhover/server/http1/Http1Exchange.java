package io.windhover.server.http1;

import io.windhover.buffers.PipeException;
import io.windhover.buffers.PipeReader;
import io.windhover.server.Http1Limits;
import io.windhover.server.HttpLimits;
import io.windhover.server.core.RequestBodyStream;
import io.windhover.server.core.ResponseState;
import io.windhover.server.core.ServiceContext;
import io.windhover.server.core.TimeoutControl;
import io.windhover.server.core.TimeoutReason;
import io.windhover.server.http.HttpApplication;
import io.windhover.server.http.HttpContext;
import io.windhover.server.http.HttpHeaders;
import io.windhover.server.http.HttpRequest;
import io.windhover.server.http.HttpResponse;
import io.windhover.server.http.HttpUpgradeFeature;
import io.windhover.server.http.RequestFeatures;
import io.windhover.server.http.UpgradedConnection;
import io.windhover.transport.ConnectionAbortedException;
import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionLifetime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's request and response as the application sees them, reused from request to
 * request: framing checks, the application call, the end of the response and what follows it
 * (drain or close). Kestrel's {@code HttpProtocol} for HTTP/1.1.
 *
 * <p>Not thread-safe: used by whichever thread serves the connection at the time.
 */
final class Http1Exchange implements HttpContext, HttpRequest, HttpUpgradeFeature {

    private static final Logger LOG = LoggerFactory.getLogger(Http1Exchange.class);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ConnectionContext connection;
    /** The host's, set before the connection reaches the engine; looked up once, not per request. */
    private final ConnectionLifetime lifetime;
    private final HttpApplication application;
    private final HttpLimits limits;
    private final Http1Limits http1Limits;
    private final TimeoutControl timeout;
    /** The response as every protocol keeps it. */
    private final ResponseState response;
    /** Its HTTP/1.1 framing. */
    private final Http1Response http1Response;
    private final HttpHeaders trailers = new HttpHeaders();
    private RequestHead head;
    private RequestBody body;
    /** The body objects, reused from request to request. */
    private final RequestBody.Sized sized;
    private RequestBody.Chunked chunked;
    private boolean expectsContinue;
    private boolean upgraded;
    private final RequestFeatures features;
    /** The handler's view of this request's body, made when it asks; null until then. */
    private RequestBodyStream bodyStream;
    private final LongSupplier currentRequest = this::requestNumber;
    /** The request's number on the connection, from 1; its generation, for callbacks that must not outlive it. */
    private volatile long requestNumber;
    /**
     * Whether request {@link #requestNumber} was answered in full. Until then an abort of the
     * connection is the request's: the transport may fail the pipes (and the handler return)
     * before it reports the connection closed.
     */
    private volatile boolean answered;
    /** Orders the abort's flag and its callbacks, which the connection's threads and the request's own share. */
    private final Object abortLock = new Object();
    private volatile boolean requestAborted;
    private List<Runnable> abortCallbacks;

    /** This exchange, while HTTP/1.1 serves the connection; cleared when HTTP/2 takes it over. */
    private final AtomicReference<Http1Exchange> serving;

    /** Lets go of the connection's HTTP/1.1 parsing state once the connection switched protocols. */
    private final Runnable onUpgrade;

    /** @param onUpgrade run when a request upgrades the connection: HTTP/1.1 will not be parsed on it again */
    Http1Exchange(ConnectionContext connection, ServiceContext services, TimeoutControl timeout, Runnable onUpgrade) {
        this.onUpgrade = onUpgrade;
        this.connection = connection;
        this.lifetime = connection.features().get(ConnectionLifetime.class);
        this.application = services.application();
        this.limits = services.limits();
        this.http1Limits = services.http1Limits();
        this.timeout = timeout;
        this.http1Response = new Http1Response(connection.output(), services.date(), services.serverLine(), timeout,
                limits.minResponseDataRate());
        this.response = new ResponseState(http1Response);
        this.sized = new RequestBody.Sized(connection.input());
        this.features = new RequestFeatures(connection.features());
        features.setProtocolFeature(HttpUpgradeFeature.class, this);
        // Through a reference the hand-over to HTTP/2 clears: the connection's closed() future
        // keeps its callbacks for the connection's life, and must not keep this exchange with them.
        var serving = new AtomicReference<>(this);
        this.serving = serving;
        connection.closed().whenComplete((ignored, error) -> {
            Http1Exchange exchange = serving.get();
            if (exchange != null) {
                exchange.requestAborted();
            }
        });
        http1Response.onConnectionFailed(this::requestAborted);
        sized.onConnectionFailed(this::requestAborted);
    }

    /**
     * The connection waits for its next request: the arrays sized for the last request's fields and
     * response go, so that an idle connection is little more than its objects. The next request
     * allocates them again.
     */
    void releaseIdleStorage() {
        response.releaseStorage();
        http1Response.releaseStorage();
        trailers.clearAndRelease();
    }

    /** The connection goes on as HTTP/2: nothing of the connection's keeps this exchange reachable. */
    void release() {
        serving.set(null);
    }

    private RequestBody.Chunked chunked() {
        if (chunked == null) {
            chunked = new RequestBody.Chunked(connection.input(), trailers);
            chunked.onConnectionFailed(this::requestAborted);
        }
        return chunked;
    }

    /** Whether flushes wait for the peer (a thread of its own) or never do (inline on an I/O loop). */
    void blocking(boolean blocking) {
        http1Response.blocking(blocking);
    }

    /**
     * Takes a parsed head: checks its framing and Host and sets up the body. False when the request
     * was refused (the answer is written; the connection must close).
     */
    boolean begin(RequestHead head) throws IOException {
        this.head = head;
        requestNumber++;
        bodyStream = null;
        answered = false;
        // PERF: no lock for the usual request, which was neither aborted nor watched for an abort.
        // Only this thread sets callbacks; another may set the flag, for the request before, whose
        // connection is then going anyway.
        if (requestAborted || abortCallbacks != null) {
            synchronized (abortLock) {
                requestAborted = false;
                abortCallbacks = null;
            }
        }
        upgraded = false;
        trailers.clear();
        features.clear();
        boolean keepAlive = head.version == HttpVersion.HTTP_1_1
                ? !head.headers.containsToken("Connection", "close")
                : head.headers.containsToken("Connection", "keep-alive");
        boolean headRequest = head.knownMethod == HttpMethod.HEAD;
        http1Response.reset(head.version, headRequest, keepAlive);
        response.reset(headRequest);
        try {
            RequestBodyFraming framing = RequestBodyFraming.decide(head.version,
                    head.headers.getAll("Content-Length"), head.headers.getAll("Transfer-Encoding"));
            checkHost(head);
            body = switch (framing.kind()) {
                case NONE -> sized.reset(0, limits.maxRequestBodySize());
                case CONTENT_LENGTH -> sized.reset(framing.length(), limits.maxRequestBodySize());
                case CHUNKED -> chunked().reset(limits.maxRequestBodySize());
            };
            body.minDataRate(limits.minRequestBodyDataRate(), timeout);
            expectsContinue = head.version == HttpVersion.HTTP_1_1 && head.headers.containsToken("Expect", "100-continue");
            if (expectsContinue) {
                body.beforeFirstRead(this::sendContinue);
            }
            return true;
        } catch (BadRequestException e) {
            reject(e);
            return false;
        }
    }

    /**
     * Whether {@link #run()} can finish without waiting for the peer: the whole body is already
     * buffered (or there is none) and the request does not ask to switch protocols, after which
     * the application reads the raw connection.
     */
    boolean canRunWithoutWaiting() {
        return !isUpgradeRequest() && body.isBuffered();
    }

    /** Runs the application on the request {@link #begin begun}; false when the connection must close after it. */
    boolean run() throws IOException {
        try {
            application.process(this);
            if (response.failure() != null) {
                throw response.failure();
            }
            response.checkContentLength(); // the handler's bug as much as a throw: answered the same way
        } catch (Throwable e) {
            if (upgraded) {
                LOG.debug("connection {}: upgraded protocol ended with {}", connection.id(), e.toString());
                return false;
            }
            return failed(e);
        }
        if (upgraded) {
            return false; // the other protocol is over: so is the connection
        }
        if (!body.wasRead() && body.declaredOverLimit() && !response.hasStarted()) {
            // The limit holds whether or not the handler reads (Kestrel checks it on the first read
            // and again when it skips the body the handler left). Checked here, when the handler may
            // no longer raise its request's limit, and before the head: the client gets the 413 the
            // limit promises, not an answer that suggests its body was taken.
            reject(BadRequestException.of(RequestRejectionReason.REQUEST_BODY_TOO_LARGE, "Content-Length "
                    + body.declaredLength() + " is over the limit of " + body.maxSize() + " (the handler did not read it)"));
            return false;
        }
        announceClose();
        try {
            response.end();
            answered = true;
        } catch (IOException e) {
            LOG.debug("connection {}: response failed: {}", connection.id(), e.getMessage());
            connection.abort(e.getMessage());
            return false;
        }
        return skipUnreadBody() && http1Response.keepAlive();
    }

    /**
     * RFC 9112 §9.6: "A sender SHOULD send a Connection header field ... containing the "close"
     * connection option when it intends to close a connection." Known before the head is written
     * when the host is shutting down, or when the unread rest of the body will not be skipped.
     */
    private void announceClose() throws IOException {
        if (!response.hasStarted() && (closeRequested() || !unreadBodyMayBeSkipped() || !drainBufferedChunkedRest())) {
            http1Response.closeConnection();
        }
    }

    /**
     * A chunked body tells its size only as it is read: where the handler left one and its rest is
     * already here, it is drained now, before the head, so that one over the drain limit is
     * answered with {@code Connection: close} rather than closed without a word. False when it was
     * over the limit. A rest still on its way is drained after the answer, as before: the client
     * may wait for the answer before it sends more.
     */
    private boolean drainBufferedChunkedRest() throws IOException {
        if (!(body instanceof RequestBody.Chunked) || body.isComplete() || !body.isBuffered()) {
            return true;
        }
        try {
            return body.drain(http1Limits.maxDrainSize());
        } catch (IOException e) {
            return false; // a malformed rest: the connection closes after the answer
        }
    }

    /**
     * Whether the rest of the body the handler left may be skipped to keep the connection, as far
     * as can be told without reading it. Not when the client was told to wait for 100 Continue
     * that never came (it may never send the body: close rather than wait for it), nor when the
     * body is over its limit, nor when its Content-Length leaves more than the drain limit unread.
     * A chunked body's size is only found out while it is drained.
     */
    private boolean unreadBodyMayBeSkipped() {
        if (body.isComplete()) {
            return true;
        }
        if (expectsContinue && !body.wasRead()) {
            return false;
        }
        return !body.declaredOverLimit() && body.declaredRest() <= http1Limits.maxDrainSize();
    }

    private boolean closeRequested() {
        return lifetime != null && lifetime.isCloseRequested();
    }

    /**
     * Reads and discards what the handler left of the request body, so that the next request can
     * be read; false when the connection must close instead. The response has ended.
     */
    private boolean skipUnreadBody() throws IOException {
        if (body.isComplete()) {
            return true;
        }
        if (!unreadBodyMayBeSkipped()) {
            return false;
        }
        if (!body.isBuffered()) {
            // The rest comes at the client's pace, and the client may not send it before it has
            // the answer: send the response now, not after the drain (which the minimum body data
            // rate would end seconds later). With the rest already here the drain cannot wait, and
            // the response stays in the batch flushed for pipelined requests.
            http1Response.flushOutput();
        }
        return body.drain(http1Limits.maxDrainSize()); // false: a chunked body too large to skip; close rather than read it all
    }

    /** Makes the responses written so far readable by the transport; see {@link Http1Response#flushOutput()}. */
    void flushOutput() throws IOException {
        http1Response.flushOutput();
    }

    /** RFC 9110 §10.1.1: the interim answer to Expect: 100-continue, sent when the handler first reads. */
    private void sendContinue() {
        if (!response.hasStarted()) {
            connection.output().write(CONTINUE);
            try {
                http1Response.flushOutput();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * RFC 9112 §3.2: "A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1
     * request message that lacks a Host header field and to any request message that contains
     * more than one Host header field line or a Host header field with an invalid field value."
     * With an absolute-form target, Host must also name the same authority: RFC 9112 §3.2.2 has
     * the server ignore Host then, but Kestrel refuses a mismatch, and so do we — a proxy that
     * routes by one and a server that reads the other is a smuggling path.
     */
    private static void checkHost(RequestHead head) {
        int hosts = head.headers.count("Host");
        if (hosts > 1 || (head.version == HttpVersion.HTTP_1_1 && hosts == 0)) {
            throw BadRequestException.of(RequestRejectionReason.INVALID_HOST, "HTTP/1.1 request without exactly one Host");
        }
        // PERF: a view of the received bytes, not a String: every request has a Host
        // (Http1ConnectionBenchmark: 56 B per request with the String, 0 with the view).
        CharSequence host = hosts == 0 ? null : head.headers.view("Host");
        if (host != null && !HostField.isValid(host)) {
            throw BadRequestException.of(RequestRejectionReason.INVALID_HOST, "Host '" + host + "' is not uri-host [\":\" port]");
        }
        if (head.authority != null) {
            String scheme = head.target.substring(0, head.target.indexOf("://"));
            if (host == null || !HostField.sameAuthority(host.toString(), scheme, head.authority)) {
                throw BadRequestException.of(RequestRejectionReason.INVALID_HOST,
                        "Host does not match the authority of the absolute-form target");
            }
        }
    }

    /** The handler threw: 500 (or the bad request's own status) if nothing was sent yet, else abort. */
    private boolean failed(Throwable error) throws IOException {
        BadRequestException bad = badRequestIn(error);
        ConnectionAbortedException aborted = ConnectionAbortedException.findIn(error);
        if (aborted != null) {
            // The peer reset or the connection was aborted under the handler: not a handler bug.
            if (closeRequested()) {
                // Aborted by a shutdown that ran out of time, which the host has logged.
                LOG.debug("connection {}: lost while the handler ran: {}", connection.id(), error.toString());
            } else {
                Http1Log.requestAbandoned(connection, head.method, head.target, aborted.getMessage());
            }
            connection.abort("connection lost");
            return false;
        }
        if (response.hasStarted()) {
            if (bad != null) {
                Http1Log.badRequestAfterResponseStarted(connection, bad); // the client's fault, not the handler's
            } else {
                LOG.warn("connection {}: the handler failed after the response started; aborting", connection.id(), error);
            }
            connection.abort("handler failed after the response started");
            return false;
        }
        if (bad != null) {
            reject(bad);
            return false;
        }
        LOG.error("connection {}: unhandled exception in the application for {} {}", connection.id(), head.method, head.target, error);
        response.clearForError(500);
        announceClose();
        response.end();
        answered = true;
        return skipUnreadBody() && http1Response.keepAlive();
    }

    private static BadRequestException badRequestIn(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BadRequestException bad) {
                return bad;
            }
        }
        return null;
    }

    /**
     * Answers a refused request with its status and no body, then the connection closes; logs the
     * one line {@link Http1Log#badRequest} each rejected request gets.
     */
    void reject(BadRequestException error) throws IOException {
        Http1Log.badRequest(connection, error);
        http1Response.reset(HttpVersion.HTTP_1_1, false, false);
        response.reset(false);
        response.clearForError(error.status());
        response.end();
        try {
            http1Response.flushOutput();
        } catch (IOException | PipeException e) {
            LOG.debug("connection {}: the answer {} could not be sent: {}", connection.id(), error.status(), e.getMessage());
        }
    }

    // HttpContext

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
        return connection.id();
    }

    @Override
    public SocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return connection.localAddress();
    }

    @Override
    public RequestFeatures features() {
        return features;
    }

    private long requestNumber() {
        return requestNumber;
    }

    @Override
    public String requestId() {
        // Kestrel's TraceIdentifier: "{connection id}:{request number as eight hex digits}".
        return connection.id() + ':' + HexFormat.of().withUpperCase().toHexDigits((int) requestNumber);
    }

    @Override
    public void abort() {
        response.abort();
        requestAborted();
        // Nothing more can be framed on an HTTP/1.1 connection whose request was abandoned midway.
        connection.abort("the application aborted the request");
    }

    @Override
    public boolean isAborted() {
        return requestAborted;
    }

    @Override
    public void onAborted(Runnable callback) {
        java.util.Objects.requireNonNull(callback, "callback");
        synchronized (abortLock) {
            if (!requestAborted) {
                if (abortCallbacks == null) {
                    abortCallbacks = new ArrayList<>(2);
                }
                abortCallbacks.add(callback);
                return;
            }
        }
        callback.run();
    }

    /**
     * The connection failed under the request, or closed, or the application aborted it: the
     * request is aborted unless it was answered in full. Whichever of the transport's signals
     * comes first (a read or flush that fails, the connection's close) runs the callbacks, once.
     */
    private void requestAborted() {
        List<Runnable> callbacks;
        synchronized (abortLock) {
            if (requestAborted || answered) {
                return;
            }
            requestAborted = true;
            callbacks = abortCallbacks;
            abortCallbacks = null;
        }
        if (callbacks != null) {
            for (Runnable callback : callbacks) {
                try {
                    callback.run();
                } catch (RuntimeException e) {
                    LOG.warn("connection {}: a request's abort callback failed", connection.id(), e);
                }
            }
        }
    }

    @Override
    public boolean isUpgradeRequest() {
        // Upgrade first: absent from almost every request, which the headers answer without a scan.
        return head.headers.contains("Upgrade") && head.headers.containsToken("Connection", "upgrade")
                && head.version == HttpVersion.HTTP_1_1;
    }

    @Override
    public UpgradedConnection upgrade() throws IOException {
        if (!isUpgradeRequest()) {
            throw new IllegalStateException("not an upgrade request (needs Connection: upgrade and Upgrade)");
        }
        if (response.hasStarted()) {
            throw new IllegalStateException("the response has started; it can no longer switch protocols");
        }
        if (!(body instanceof RequestBody.Sized sized) || !sized.isComplete()) {
            throw new IllegalStateException("an upgrade request must not have a body");
        }
        upgraded = true;
        http1Response.switchProtocols(response.switchProtocols());
        onUpgrade.run();
        // No deadline is armed from here on (the head's was cancelled when it was parsed; a request
        // without a body has no body rate), and the input ignores the cancels that wake the engine:
        // the other protocol times and closes its connection itself.
        return new UpgradedConnection(connection.input().asInputStreamIgnoringCancels(), connection.output().asOutputStream());
    }

    // HttpRequest

    @Override
    public String method() {
        return head.method;
    }

    @Override
    public String target() {
        return head.target;
    }

    @Override
    public String path() {
        return head.path;
    }

    @Override
    public String query() {
        return head.query;
    }

    @Override
    public String authority() {
        return head.authority != null ? head.authority : head.headers.get("Host");
    }

    @Override
    public String protocol() {
        return head.version == HttpVersion.HTTP_1_1 ? "HTTP/1.1" : "HTTP/1.0";
    }

    @Override
    public HttpHeaders headers() {
        return head.headers;
    }

    /** This request's body, refusing to read once the request is over (see {@link RequestBodyStream}). */
    @Override
    public InputStream body() {
        if (bodyStream == null) {
            bodyStream = new RequestBodyStream(body, currentRequest, requestNumber);
        }
        return bodyStream;
    }

    @Override
    public PipeReader bodyReader() {
        body(); // the guard
        return bodyStream.reader(body.asPipeReader());
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
