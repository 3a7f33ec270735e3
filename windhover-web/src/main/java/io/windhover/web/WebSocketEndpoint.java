package io.windhover.web;

import io.windhover.websockets.CloseCodes;
import io.windhover.websockets.WebSocket;
import io.windhover.websockets.WebSocketException;
import io.windhover.websockets.WebSocketState;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint {@link WebApplication#webSocket} maps: the handshake, the handler, and the end —
 * a socket the handler leaves open is closed with 1000, one whose handler threw with 1011.
 * Mapped for every method: GET over HTTP/1.1, CONNECT over HTTP/2; others are answered 405.
 */
final class WebSocketEndpoint implements Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketEndpoint.class);

    private final WebSocketEndpointOptions options;
    private final WebSocketRequestHandler handler;

    WebSocketEndpoint(WebSocketEndpointOptions options, WebSocketRequestHandler handler) {
        this.options = java.util.Objects.requireNonNull(options, "options");
        this.handler = java.util.Objects.requireNonNull(handler, "handler");
    }

    @Override
    public Object handle(WebContext context) throws Exception {
        String method = context.request().method();
        if (!method.equals("GET") && !method.equals("CONNECT")) {
            context.response().headers().set("Allow", "GET");
            return Results.status(405);
        }
        WebSocket socket = WebSockets.accept(context, options);
        if (socket == null) {
            return null; // refused: the answer is written
        }
        try {
            handler.handle(context, socket);
            closeIfOpen(socket, CloseCodes.NORMAL, "");
        } catch (WebSocketException e) {
            // The socket failed and has sent its Close: the peer's doing or a limit, not the server's fault.
            LOG.debug("{}: WebSocket ended with {}: {}", context.http().requestId(), e.closeCode(), e.getMessage());
        } catch (Exception e) {
            LOG.warn("{}: WebSocket handler failed", context.http().requestId(), e);
            closeIfOpen(socket, CloseCodes.INTERNAL_ERROR, "");
        }
        return null;
    }

    private static void closeIfOpen(WebSocket socket, int code, String reason) {
        if (socket.state() == WebSocketState.OPEN) {
            try {
                socket.close(code, reason);
            } catch (IOException e) {
                // the connection is gone; nothing more to close
            }
        }
    }
}
