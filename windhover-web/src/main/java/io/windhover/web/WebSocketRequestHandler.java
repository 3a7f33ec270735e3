package io.windhover.web;

import io.windhover.websockets.WebSocket;

/**
 * A {@link WebSocketHandler} that also sees the request the socket was accepted on: its query,
 * route values, user or headers. The same ending: a socket still open when it returns is closed
 * with 1000, with 1011 when it throws.
 *
 * <pre>{@code
 * app.webSocket("/rooms/{room}", (context, socket) -> {
 *     Room room = rooms.get(context.route("room"));
 *     room.join(socket);
 * });
 * }</pre>
 */
@FunctionalInterface
public interface WebSocketRequestHandler {

    void handle(WebContext context, WebSocket socket) throws Exception;
}
