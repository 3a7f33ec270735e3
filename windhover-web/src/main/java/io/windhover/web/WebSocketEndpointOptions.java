package io.windhover.web;

import io.windhover.websockets.WebSocketOptions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a WebSocket endpoint accepts: ASP.NET Core's {@code WebSocketOptions} and
 * {@code WebSocketAcceptContext} together. The socket's own limits and timeouts are
 * {@link #socket()}; the builder's shorthands set them.
 *
 * <pre>{@code
 * app.webSocket("/chat", WebSocketEndpointOptions.builder()
 *         .allowedOrigins("https://chat.example")
 *         .subProtocols("chat.v2", "chat.v1")
 *         .maxMessageSize(64 * 1024)
 *         .compression(true)
 *         .build(), socket -> ...);
 * }</pre>
 *
 * @param allowedOrigins the {@code Origin} values a handshake may carry (RFC 6455 §10.2), compared
 *     ignoring case; any other is answered 403. Empty: any origin, and none. A browser always sends
 *     its page's origin, so a page of another site cannot open a socket with the user's cookies
 *     (cross-site WebSocket hijacking) once this is set.
 * @param subProtocols the subprotocols this endpoint speaks, preferred first; the first the client
 *     offers is answered in {@code Sec-WebSocket-Protocol}
 * @param socket the socket's limits, timeouts and compression
 */
public record WebSocketEndpointOptions(List<String> allowedOrigins, List<String> subProtocols, WebSocketOptions socket) {

    private static final WebSocketEndpointOptions DEFAULTS = builder().build();

    public WebSocketEndpointOptions {
        allowedOrigins = List.copyOf(allowedOrigins);
        subProtocols = List.copyOf(subProtocols);
        Objects.requireNonNull(socket, "socket");
    }

    public static WebSocketEndpointOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link WebSocketEndpointOptions}. */
    public static final class Builder {
        private List<String> allowedOrigins = List.of();
        private List<String> subProtocols = List.of();
        private WebSocketOptions.Builder socket = WebSocketOptions.builder();

        private Builder() {
        }

        public Builder allowedOrigins(String... origins) {
            this.allowedOrigins = List.of(origins);
            return this;
        }

        public Builder subProtocols(String... protocols) {
            this.subProtocols = List.of(protocols);
            return this;
        }

        /** Every socket setting at once. */
        public Builder socket(WebSocketOptions options) {
            this.socket = options.toBuilder();
            return this;
        }

        /** {@link WebSocketOptions#maxMessageSize()}. */
        public Builder maxMessageSize(int bytes) {
            socket.maxMessageSize(bytes);
            return this;
        }

        /** {@link WebSocketOptions#keepAliveInterval()}. */
        public Builder keepAliveInterval(Duration interval) {
            socket.keepAliveInterval(interval);
            return this;
        }

        /** {@link WebSocketOptions#compression()}: permessage-deflate when the client offers it. */
        public Builder compression(boolean enabled) {
            socket.compression(enabled);
            return this;
        }

        public WebSocketEndpointOptions build() {
            return new WebSocketEndpointOptions(allowedOrigins, subProtocols, socket.build());
        }
    }
}
