package io.windhover.server.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The settings' identifiers, initial values and ranges (RFC 9113 §6.5.2, RFC 8441 §3), and the set that holds them. */
class Http2SettingsTest {

    @Test
    void identifiersAndInitialValuesAreTheRfcs() {
        assertThat(Http2Setting.values()).extracting(Http2Setting::id).containsExactly(1, 2, 3, 4, 5, 6, 8);
        var settings = new Http2Settings();
        assertThat(settings.headerTableSize()).isEqualTo(4_096);
        assertThat(settings.enablePush()).isTrue();
        assertThat(settings.maxConcurrentStreams()).isEqualTo(Http2Setting.UNLIMITED);
        assertThat(settings.initialWindowSize()).isEqualTo(65_535);
        assertThat(settings.maxFrameSize()).isEqualTo(16_384);
        assertThat(settings.maxHeaderListSize()).isEqualTo(Http2Setting.UNLIMITED);
        assertThat(settings.enableConnectProtocol()).isFalse();
        assertThat(settings.isEmpty()).isTrue();
    }

    @Test
    void unknownIdentifiersHaveNoSetting() {
        assertThat(Http2Setting.of(0)).isNull();
        assertThat(Http2Setting.of(7)).isNull();
        assertThat(Http2Setting.of(9)).isNull();
        assertThat(Http2Setting.of(0xFFFF)).isNull();
        assertThat(Http2Setting.of(4)).isEqualTo(Http2Setting.INITIAL_WINDOW_SIZE);
    }

    @Test
    void checksEachValueAtTheEdgesOfItsRange() {
        assertThat(Http2Setting.ENABLE_PUSH.isValid(0)).isTrue();
        assertThat(Http2Setting.ENABLE_PUSH.isValid(1)).isTrue();
        assertThat(Http2Setting.ENABLE_PUSH.isValid(2)).isFalse();
        assertThat(Http2Setting.INITIAL_WINDOW_SIZE.isValid(0)).isTrue();
        assertThat(Http2Setting.INITIAL_WINDOW_SIZE.isValid((1L << 31) - 1)).isTrue();
        assertThat(Http2Setting.INITIAL_WINDOW_SIZE.isValid(1L << 31)).isFalse();
        assertThat(Http2Setting.MAX_FRAME_SIZE.isValid((1 << 14) - 1)).isFalse();
        assertThat(Http2Setting.MAX_FRAME_SIZE.isValid(1 << 14)).isTrue();
        assertThat(Http2Setting.MAX_FRAME_SIZE.isValid((1 << 24) - 1)).isTrue();
        assertThat(Http2Setting.MAX_FRAME_SIZE.isValid(1 << 24)).isFalse();
        assertThat(Http2Setting.ENABLE_CONNECT_PROTOCOL.isValid(1)).isTrue();
        assertThat(Http2Setting.ENABLE_CONNECT_PROTOCOL.isValid(2)).isFalse();
        assertThat(Http2Setting.HEADER_TABLE_SIZE.isValid(0xFFFF_FFFFL)).isTrue();
        assertThat(Http2Setting.MAX_CONCURRENT_STREAMS.isValid(0)).isTrue();
        assertThat(Http2Setting.MAX_HEADER_LIST_SIZE.isValid(1L << 32)).as("not a 32-bit value").isFalse();
    }

    @Test
    void aWindowTooLargeIsAFlowControlErrorAndEveryOtherBadValueAProtocolError() {
        for (Http2Setting setting : Http2Setting.values()) {
            assertThat(setting.invalidValueError()).as(setting.name()).isEqualTo(setting == Http2Setting.INITIAL_WINDOW_SIZE
                    ? Http2ErrorCode.FLOW_CONTROL_ERROR : Http2ErrorCode.PROTOCOL_ERROR);
        }
    }

    @Test
    void refusesToHoldAValueTheRfcForbids() {
        var settings = new Http2Settings();
        assertThatThrownBy(() -> settings.set(Http2Setting.MAX_FRAME_SIZE, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThat(settings.isEmpty()).isTrue();
    }

    @Test
    void putAllTakesOnlyWhatTheOtherContains() {
        var peer = new Http2Settings().set(Http2Setting.MAX_FRAME_SIZE, 20_000).set(Http2Setting.INITIAL_WINDOW_SIZE, 1_000);
        var received = new Http2Settings().set(Http2Setting.INITIAL_WINDOW_SIZE, 0).set(Http2Setting.ENABLE_PUSH, 0);
        peer.putAll(received);
        assertThat(peer.maxFrameSize()).isEqualTo(20_000);
        assertThat(peer.initialWindowSize()).isZero();
        assertThat(peer.enablePush()).isFalse();
        assertThat(peer).hasToString("{ENABLE_PUSH=0, INITIAL_WINDOW_SIZE=0, MAX_FRAME_SIZE=20000}");
        peer.clear();
        assertThat(peer.contains(Http2Setting.MAX_FRAME_SIZE)).isFalse();
        assertThat(peer.maxFrameSize()).isEqualTo(16_384);
    }
}
