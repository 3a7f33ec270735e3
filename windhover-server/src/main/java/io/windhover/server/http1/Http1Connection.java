package io.windhover.server.http1;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.PipeException;
import io.windhover.buffers.PipeReader;
import io.windhover.buffers.ReadResult;
import io.windhover.buffers.SequenceReader;
import io.windhover.server.Http1Limits;
import io.windhover.server.http.HttpApplication;
import io.windhover.server.http.HttpContext;
import io.windhover.server.http.HttpHeaders;
import io.windhover.server.http.HttpRequest;
import io.windhover.server.http.HttpResponse;
import io.windhover.server.http.UpgradedConnection;
import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionDelegate;
import io.windhover.transport.ConnectionLifetime;
import io.windhover.transport.FeatureCollection;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 engine for one connection: read a request head, run the application, write the
 * response, decide keep-alive, repeat. Kestrel's {@code Http1Connection}, on the connection's
 * virtual thread.
 *
 * <p>Responses to pipelined requests are written into the output pipe one after another and
 * flushed together: the engine flushes only when no further request is already waiting.
 */
public final class Http1Connection implements ConnectionDelegate {

    private static final Logger LOG = LoggerFactory.getLogger(Http1Connection.class);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final HttpApplication application;
    private final Http1Limits limits;
    private final DateHeader date;
    private final Http1Timeouts timeouts;

    public Http1Connection(HttpApplication application, Http1Limits limits, DateHeader date, Http1Timeouts timeouts) {
        this.application = application;
        this.limits = limits;
        this.date = date;
        this.timeouts = timeouts;
    }

    @Override
    public void execute(ConnectionContext connection) {
        try {
            serveConnection(connection);
        } catch (IOException e) {
            // The peer went away or reset while we wrote: the end of this connection, not a bug.
            LOG.debug("connection {} ended: {}", connection.id(), e.getMessage());
        }
    }

    private void serveConnection(ConnectionContext connection) throws IOException {
        ConnectionLifetime lifetime = connection.features().get(ConnectionLifetime.class);
        if (lifetime != null) {
            // Between requests the engine waits in a read: wake it so it can close.
            lifetime.closeRequested().thenRun(() -> connection.input().cancelPendingRead());
        }
        Http1Timeouts.Control timeout = timeouts.register(reason -> {
            if (reason == Http1Timeouts.Reason.RESPONSE_RATE) {
                LOG.debug("connection {}: the peer takes the response slower than the minimum rate; aborting", connection.id());
                connection.abort("minimum response data rate not met");
            } else {
                connection.input().cancelPendingRead();
            }
        });
        var exchange = new Exchange(connection, timeout);
        var head = new RequestHead();
        try {
            while (true) {
                head.reset();
                try {
                    if (!readHead(connection.input(), connection, head, timeout, exchange)) {
                        return;
                    }
                } catch (BadRequestException e) {
                    LOG.debug("connection {}: bad request, answered {}: {}", connection.id(), e.status(), e.getMessage());
                    exchange.reject(e);
                    return;
                }
                if (!exchange.serve(head) || (lifetime != null && lifetime.isCloseRequested())) {
                    return;
                }
            }
        } finally {
            timeout.unregister();
        }
    }

    /**
     * Reads and parses one request head, flushing the previous responses first if no request is
     * waiting. False when the connection ended or was asked to close between requests.
     */
    private boolean readHead(PipeReader input, ConnectionContext connection, RequestHead head,
            Http1Timeouts.Control timeout, Exchange exchange) throws IOException {
        boolean lineParsed = false;
        ReadResult result = input.tryRead();
        try {
            if (result == null) {
                // No pipelined request waiting: send what the previous ones produced, then wait.
                exchange.response.flushOutput();
            }
            // Armed after the flush, which holds the peer to the response data rate meanwhile.
            timeout.start(Http1Timeouts.Reason.KEEP_ALIVE, limits.keepAliveTimeout().toNanos());
            if (result == null) {
                result = input.read();
            }
        } catch (IOException | PipeException e) {
            return false; // the peer went away between requests
        }
        while (true) {
            BufferSequence buffer = result.buffer();
            long consumed = buffer.start();
            if (!buffer.isEmpty() && timeout.reason() == Http1Timeouts.Reason.KEEP_ALIVE) {
                // The first byte of a request: from now on the head must be complete in time.
                timeout.start(Http1Timeouts.Reason.REQUEST_HEADERS, limits.requestHeadersTimeout().toNanos());
            }
            try {
                if (!lineParsed) {
                    long limitEnd = Math.min(buffer.end(), consumed + limits.maxRequestLineSize());
                    var reader = new SequenceReader(buffer.slice(consumed, limitEnd));
                    if (Http1Parser.parseRequestLine(reader, head)) {
                        lineParsed = true;
                        consumed = reader.position();
                    } else if (limitEnd - consumed >= limits.maxRequestLineSize()) {
                        throw BadRequestException.of(RequestRejectionReason.REQUEST_LINE_TOO_LONG,
                                "request line over " + limits.maxRequestLineSize() + " bytes");
                    }
                }
                if (lineParsed) {
                    long limitEnd = Math.min(buffer.end(), consumed + limits.maxRequestHeadersTotalSize());
                    var reader = new SequenceReader(buffer.slice(consumed, limitEnd));
                    if (Http1Parser.parseHeaders(reader, head, limits.maxRequestHeaderCount())) {
                        input.advanceTo(reader.position());
                        timeout.cancel();
                        return true;
                    }
                    if (limitEnd - consumed >= limits.maxRequestHeadersTotalSize()) {
                        throw BadRequestException.of(RequestRejectionReason.HEADERS_TOO_LARGE,
                                "request headers over " + limits.maxRequestHeadersTotalSize() + " bytes");
                    }
                }
            } catch (BadRequestException e) {
                input.advanceTo(buffer.end());
                throw e;
            }
            boolean nothing = consumed == buffer.start() && buffer.isEmpty();
            input.advanceTo(consumed, buffer.end());
            if (result.isCanceled()) {
                switch (timeout.takeFired()) {
                    case REQUEST_HEADERS -> throw BadRequestException.of(RequestRejectionReason.REQUEST_HEADERS_TIMEOUT,
                            "request head not complete within " + limits.requestHeadersTimeout().toMillis() + " ms");
                    case KEEP_ALIVE -> {
                        LOG.debug("connection {}: closed after {} ms without a request (keep-alive timeout)",
                                connection.id(), limits.keepAliveTimeout().toMillis());
                        return false;
                    }
                    case NONE -> {
                        return false; // asked to close while waiting for a request
                    }
                }
            }
            if (result.isCompleted()) {
                if (!nothing || lineParsed) {
                    LOG.debug("connection {}: closed in the middle of a request head", connection.id());
                }
                return false;
            }
            try {
                result = input.read();
            } catch (PipeException e) {
                return false;
            }
        }
    }

    /** One connection's request/response state, reused from request to request. */
    private final class Exchange implements HttpContext, HttpRequest {
        private final ConnectionContext connection;
        private final Http1Response response;
        private final HttpHeaders trailers = new HttpHeaders();
        private RequestHead head;
        private RequestBody body;
        private boolean expectsContinue;
        private boolean upgraded;

        private final Http1Timeouts.Control timeout;

        Exchange(ConnectionContext connection, Http1Timeouts.Control timeout) {
            this.connection = connection;
            this.timeout = timeout;
            this.response = new Http1Response(connection.output(), date, timeout, limits.minResponseDataRate());
        }

        /** Runs one request; false when the connection must close after it. */
        boolean serve(RequestHead head) throws IOException {
            this.head = head;
            upgraded = false;
            trailers.clear();
            boolean keepAlive = head.version == HttpVersion.HTTP_1_1
                    ? !head.headers.containsToken("Connection", "close")
                    : head.headers.containsToken("Connection", "keep-alive");
            response.reset(head.version, head.knownMethod == HttpMethod.HEAD, keepAlive);
            try {
                RequestBodyFraming framing = RequestBodyFraming.decide(head.version,
                        head.headers.getAll("Content-Length"), head.headers.getAll("Transfer-Encoding"));
                checkHost(head);
                body = RequestBody.of(framing, connection.input(), limits.maxRequestBodySize(), trailers);
                body.minDataRate(limits.minRequestBodyDataRate(), timeout);
                expectsContinue = head.version == HttpVersion.HTTP_1_1 && head.headers.containsToken("Expect", "100-continue");
                if (expectsContinue) {
                    body.beforeFirstRead(this::sendContinue);
                }
            } catch (BadRequestException e) {
                LOG.debug("connection {}: bad request, answered {}: {}", connection.id(), e.status(), e.getMessage());
                reject(e);
                return false;
            }
            try {
                application.process(this);
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
            try {
                response.end();
            } catch (IOException e) {
                LOG.debug("connection {}: response failed: {}", connection.id(), e.getMessage());
                connection.abort(e.getMessage());
                return false;
            }
            if (!body.isComplete()) {
                // A client told to wait for 100 Continue that never came may never send its body:
                // close rather than wait for it.
                if (expectsContinue && !body.wasRead()) {
                    return false;
                }
                if (!body.drain(limits.maxDrainSize())) {
                    return false; // too much unread body to skip: close rather than read it all
                }
            }
            return response.keepAlive();
        }

        /** RFC 9110 §10.1.1: the interim answer to Expect: 100-continue, sent when the handler first reads. */
        private void sendContinue() {
            if (!response.hasStarted()) {
                connection.output().write(CONTINUE);
                connection.output().flush();
            }
        }

        /**
         * RFC 9112 §3.2: an HTTP/1.1 request carries exactly one Host; with an absolute-form
         * target, Host must name the same authority (Kestrel refuses a mismatch; a proxy that
         * routes by one and a server that reads the other is a smuggling path).
         */
        private void checkHost(RequestHead head) {
            var hosts = head.headers.getAll("Host");
            if (hosts.size() > 1 || (head.version == HttpVersion.HTTP_1_1 && hosts.isEmpty())) {
                throw BadRequestException.of(RequestRejectionReason.INVALID_HOST, "HTTP/1.1 request without exactly one Host");
            }
            if (head.authority != null) {
                if (hosts.isEmpty() || !hosts.getFirst().equalsIgnoreCase(head.authority)) {
                    throw BadRequestException.of(RequestRejectionReason.INVALID_HOST,
                            "Host does not match the authority of the absolute-form target");
                }
            }
        }

        /** The handler threw: 500 (or the bad request's own status) if nothing was sent yet, else abort. */
        private boolean failed(Throwable error) throws IOException {
            BadRequestException bad = badRequestIn(error);
            if (isConnectionLoss(error)) {
                // The peer reset or the connection was aborted under the handler: not a handler bug.
                LOG.debug("connection {}: lost while the handler ran: {}", connection.id(), error.toString());
                connection.abort("connection lost");
                return false;
            }
            if (response.hasStarted()) {
                LOG.warn("connection {}: the handler failed after the response started; aborting", connection.id(), error);
                connection.abort("handler failed after the response started");
                return false;
            }
            if (bad != null) {
                LOG.debug("connection {}: bad request body, answered {}: {}", connection.id(), bad.status(), bad.getMessage());
                reject(bad);
                return false;
            }
            LOG.error("connection {}: unhandled exception in the application for {} {}", connection.id(), head.method, head.target, error);
            response.clearForError(500);
            response.end();
            return body.isComplete() || body.drain(limits.maxDrainSize());
        }

        private static boolean isConnectionLoss(Throwable error) {
            for (Throwable t = error; t != null; t = t.getCause()) {
                if (t instanceof io.windhover.transport.ConnectionAbortedException) {
                    return true;
                }
            }
            return false;
        }

        private static BadRequestException badRequestIn(Throwable error) {
            for (Throwable t = error; t != null; t = t.getCause()) {
                if (t instanceof BadRequestException bad) {
                    return bad;
                }
            }
            return null;
        }

        /** Answers a refused request with its status and no body, then the connection closes. */
        void reject(BadRequestException error) throws IOException {
            response.reset(HttpVersion.HTTP_1_1, false, false);
            response.clearForError(error.status());
            response.end();
            response.flushOutput();
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
        public FeatureCollection features() {
            return connection.features();
        }

        @Override
        public boolean isUpgradeRequest() {
            return head.headers.containsToken("Connection", "upgrade") && head.headers.contains("Upgrade")
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
            response.switchProtocols();
            return new UpgradedConnection(connection.input().asInputStream(), connection.output().asOutputStream());
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
        public String protocol() {
            return head.version == HttpVersion.HTTP_1_1 ? "HTTP/1.1" : "HTTP/1.0";
        }

        @Override
        public HttpHeaders headers() {
            return head.headers;
        }

        @Override
        public InputStream body() {
            return body;
        }

        @Override
        public HttpHeaders trailers() {
            return trailers;
        }
    }
}
