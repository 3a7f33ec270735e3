/**
 * The WebSocket protocol (RFC 6455) and its per-message compression (RFC 7692) over a pair of
 * blocking byte streams — whatever carried the handshake: an HTTP/1.1 connection after
 * {@code 101 Switching Protocols}, or an HTTP/2 stream after an extended CONNECT (RFC 8441).
 * .NET's {@code ManagedWebSocket}. It knows nothing of HTTP beyond the handshake's two
 * computations ({@link io.windhover.websockets.WebSocketHandshake}); the web layer does the rest.
 *
 * <p>{@code io.windhover.websockets} is the API; {@code io.windhover.websockets.protocol} (not
 * exported) holds the frames, the UTF-8 check, compression and the socket itself.
 */
module io.windhover.websockets {
    exports io.windhover.websockets;
}
