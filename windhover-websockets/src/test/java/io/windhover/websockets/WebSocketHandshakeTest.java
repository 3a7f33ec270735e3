package io.windhover.websockets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketHandshakeTest {

    @Test
    void acceptValueIsTheRfcsExample() {
        // RFC 6455 §1.3.
        assertThat(WebSocketHandshake.acceptValue("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void keyMustBeSixteenBase64Bytes() {
        assertThat(WebSocketHandshake.isValidKey("dGhlIHNhbXBsZSBub25jZQ==")).isTrue();
        assertThat(WebSocketHandshake.isValidKey("dGhlIHNhbXBsZSBub25jZQ")).isFalse(); // 22 characters
        assertThat(WebSocketHandshake.isValidKey("dGhlIHNhbXBsZSBub25jZUE=")).isFalse(); // 17 bytes
        assertThat(WebSocketHandshake.isValidKey("!!!!!!!!!!!!!!!!!!!!!!==")).isFalse();
        assertThat(WebSocketHandshake.isValidKey(null)).isFalse();
    }

    @Test
    void subProtocolIsTheServersFirstPreferenceTheClientOffered() {
        assertThat(WebSocketHandshake.chooseSubProtocol(List.of("v2.chat", "chat"), List.of("chat, v2.chat", "other"))).isEqualTo("v2.chat");
        assertThat(WebSocketHandshake.chooseSubProtocol(List.of("chat"), List.of("Chat"))).as("case-sensitive").isNull();
        assertThat(WebSocketHandshake.chooseSubProtocol(List.of(), List.of("chat"))).isNull();
    }

    @Test
    void versionThirteenOnly() {
        assertThat(WebSocketHandshake.isSupportedVersion("13")).isTrue();
        assertThat(WebSocketHandshake.isSupportedVersion("8")).isFalse();
        assertThat(WebSocketHandshake.isSupportedVersion(null)).isFalse();
    }
}
