package io.windhover.web;

import io.windhover.websockets.WebSocket;

/**
 * What a WebSocket endpoint does with its socket, on the request's virtual thread. When it
 * returns, a socket still open is closed with 1000; when it throws, with 1011.
 *
 * <pre>{@code
 * app.webSocket("/echo", socket -> {
 *     for (WebSocketMessage message; (message = socket.receive()) != null; ) {
 *         socket.send(message);
 *     }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface WebSocketHandler {

    void handle(WebSocket socket) throws Exception;
}
