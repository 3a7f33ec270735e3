package io.windhover.web;

import io.windhover.server.http.HttpExtendedConnectFeature;
import io.windhover.server.http.HttpHeaders;
import io.windhover.server.http.UpgradedConnection;
import io.windhover.transport.ConnectionLifetime;
import io.windhover.websockets.CloseCodes;
import io.windhover.websockets.PerMessageDeflate;
import io.windhover.websockets.WebSocket;
import io.windhover.websockets.WebSocketHandshake;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of the WebSocket handshake, over HTTP/1.1 (RFC 6455 §4.2: {@code GET} with
 * {@code Upgrade: websocket}, answered {@code 101}) and over HTTP/2 (RFC 8441: extended
 * {@code CONNECT} with {@code :protocol websocket}, answered {@code 200}): ASP.NET Core's
 * {@code WebSocketMiddleware} and {@code AcceptWebSocketAsync}. Endpoints mapped with
 * {@link WebApplication#webSocket} use it; an ordinary endpoint can too.
 *
 * <pre>{@code
 * app.get("/live/{room}", context -> {
 *     WebSocket socket = WebSockets.accept(context, WebSocketEndpointOptions.defaults());
 *     if (socket != null) {            // null: refused, the answer is written
 *         rooms.join(context.route("room"), socket);
 *     }
 *     return null;
 * });
 * }</pre>
 *
 * <p>A refused handshake is answered: 400 for a request that is not a valid handshake, 426 with
 * {@code Sec-WebSocket-Version: 13} for another version, 403 for an origin not allowed. An accepted
 * socket is closed with 1001 when the server shuts down gracefully.
 */
public final class WebSockets {

    private static final Logger LOG = LoggerFactory.getLogger(WebSockets.class);
    /** RFC 8441 §4 (and the IANA registry of upgrade tokens): the protocol's name. */
    private static final String WEBSOCKET = "websocket";

    private WebSockets() {
    }

    /** Whether the request asks for a WebSocket, over either version. */
    public static boolean isWebSocketRequest(WebContext context) {
        HttpExtendedConnectFeature connect = context.http().features().get(HttpExtendedConnectFeature.class);
        if (connect != null && connect.isExtendedConnect()) {
            return WEBSOCKET.equalsIgnoreCase(connect.protocol());
        }
        HttpHeaders headers = context.request().headers();
        return context.http().isUpgradeRequest() && WebSocketHandshake.containsToken(headers.getAll("Upgrade"), WEBSOCKET);
    }

    /**
     * Checks the handshake and accepts it, or answers why not.
     *
     * @return the socket, or null when refused (the response is set; return without writing more)
     */
    public static WebSocket accept(WebContext context, WebSocketEndpointOptions options) throws IOException {
        HttpExtendedConnectFeature connect = context.http().features().get(HttpExtendedConnectFeature.class);
        boolean http2 = connect != null && connect.isExtendedConnect();
        HttpHeaders headers = context.request().headers();
        String refusal = http2 ? refusalOverHttp2(connect) : refusalOverHttp1(context, headers);
        if (refusal != null) {
            return refuse(context, 400, refusal);
        }
        // §4.4: "If this version does not match a version understood by the server, the server
        // MUST abort the WebSocket handshake [...] and instead send an appropriate HTTP error code
        // (such as 426 Upgrade Required) and a |Sec-WebSocket-Version| header field".
        if (!WebSocketHandshake.isSupportedVersion(headers.get("Sec-WebSocket-Version"))) {
            context.response().headers().set("Sec-WebSocket-Version", WebSocketHandshake.VERSION);
            return refuse(context, 426, "WebSocket version 13 only");
        }
        String key = headers.get("Sec-WebSocket-Key");
        if (!http2 && (!WebSocketHandshake.isValidKey(key) || headers.getAll("Sec-WebSocket-Key").size() != 1)) {
            return refuse(context, 400, "Sec-WebSocket-Key must be one base64-encoded 16-byte value");
        }
        if (!originAllowed(headers.get("Origin"), options.allowedOrigins())) {
            LOG.debug("{}: WebSocket from origin {} refused", context.http().requestId(), headers.get("Origin"));
            return refuse(context, 403, "origin not allowed");
        }
        String subProtocol = WebSocketHandshake.chooseSubProtocol(options.subProtocols(), headers.getAll("Sec-WebSocket-Protocol"));
        PerMessageDeflate compression = options.socket().compression()
                ? PerMessageDeflate.negotiate(headers.getAll("Sec-WebSocket-Extensions"), options.socket().serverNoContextTakeover())
                : null;

        HttpHeaders answer = context.response().headers();
        if (subProtocol != null) {
            answer.set("Sec-WebSocket-Protocol", subProtocol);
        }
        if (compression != null) {
            answer.set("Sec-WebSocket-Extensions", compression.responseHeader());
        }
        UpgradedConnection raw;
        if (http2) {
            // RFC 8441 §5: no Sec-WebSocket-Key or -Accept; a 2xx answers the CONNECT.
            raw = connect.accept();
        } else {
            answer.set("Upgrade", WEBSOCKET);
            answer.set("Sec-WebSocket-Accept", WebSocketHandshake.acceptValue(key));
            raw = context.http().upgrade();
        }
        WebSocket socket = WebSocket.server(raw.input(), raw.output(), options.socket(), compression, subProtocol,
                context.http()::abort);
        closeOnShutdown(context, socket);
        return socket;
    }

    private static String refusalOverHttp1(WebContext context, HttpHeaders headers) {
        if (!context.request().method().equals("GET")) {
            return "a WebSocket handshake is a GET";
        }
        if (!context.http().isUpgradeRequest() || !WebSocketHandshake.containsToken(headers.getAll("Upgrade"), WEBSOCKET)) {
            return "not a WebSocket handshake: needs Connection: Upgrade and Upgrade: websocket";
        }
        return null;
    }

    private static String refusalOverHttp2(HttpExtendedConnectFeature connect) {
        return WEBSOCKET.equalsIgnoreCase(connect.protocol()) ? null : "extended CONNECT for " + connect.protocol() + ", not websocket";
    }

    private static boolean originAllowed(String origin, List<String> allowed) {
        if (allowed.isEmpty()) {
            return true;
        }
        // §4.2.2 and §10.2: a browser's handshake always carries Origin; one without it is not a page's.
        return origin != null && allowed.stream().anyMatch(origin::equalsIgnoreCase);
    }

    private static WebSocket refuse(WebContext context, int status, String reason) throws IOException {
        context.response().status(status);
        context.response().headers().set("Content-Type", "text/plain; charset=utf-8");
        context.response().body().write(reason.getBytes(StandardCharsets.UTF_8));
        return null;
    }

    /**
     * A graceful stop asks each connection to finish ({@link ConnectionLifetime}); a WebSocket
     * finishes by its closing handshake with 1001, "going away" (RFC 6455 §7.4.1), which the
     * handler's receive meets as the end. A socket that is not answered is dropped after its
     * close timeout, inside the server's shutdown timeout.
     */
    private static void closeOnShutdown(WebContext context, WebSocket socket) {
        ConnectionLifetime lifetime = context.http().features().get(ConnectionLifetime.class);
        if (lifetime != null) {
            // Weakly: an HTTP/2 connection carries many sockets one after another, and its lifetime
            // keeps every callback until it ends; a finished socket must not stay reachable from it.
            var weak = new java.lang.ref.WeakReference<>(socket);
            lifetime.closeRequested().thenRun(() -> {
                WebSocket open = weak.get();
                if (open != null) {
                    open.closeAsync(CloseCodes.GOING_AWAY, "server shutting down");
                }
            });
        }
    }
}
