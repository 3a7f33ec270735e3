package io.windhover.server.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Frame type codes (RFC 9113 §6), error codes (§7) and the scope an {@link Http2Exception} carries (§5.4). */
class Http2VocabularyTest {

    @Test
    void frameTypesHaveTheRfcsCodes() {
        assertThat(Http2FrameType.values()).extracting(Http2FrameType::code).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(Http2FrameType.of(9)).isEqualTo(Http2FrameType.CONTINUATION);
        assertThat(Http2FrameType.of(0xa)).as("an extension's type").isNull();
        assertThat(Http2FrameType.of(0xff)).isNull();
    }

    @Test
    void errorCodesHaveTheRfcsValues() {
        assertThat(Http2ErrorCode.values()).extracting(code -> code.name() + "=" + code.code()).containsExactly(
                "NO_ERROR=0", "PROTOCOL_ERROR=1", "INTERNAL_ERROR=2", "FLOW_CONTROL_ERROR=3", "SETTINGS_TIMEOUT=4",
                "STREAM_CLOSED=5", "FRAME_SIZE_ERROR=6", "REFUSED_STREAM=7", "CANCEL=8", "COMPRESSION_ERROR=9",
                "CONNECT_ERROR=10", "ENHANCE_YOUR_CALM=11", "INADEQUATE_SECURITY=12", "HTTP_1_1_REQUIRED=13");
    }

    @Test
    void unknownErrorCodesAreInternalErrors() {
        assertThat(Http2ErrorCode.of(0xd)).isEqualTo(Http2ErrorCode.HTTP_1_1_REQUIRED);
        assertThat(Http2ErrorCode.of(0xe)).isEqualTo(Http2ErrorCode.INTERNAL_ERROR);
        assertThat(Http2ErrorCode.of(-1)).as("0xffffffff").isEqualTo(Http2ErrorCode.INTERNAL_ERROR);
    }

    @Test
    void anExceptionCarriesItsScope() {
        var connection = Http2Exception.connection(Http2ErrorCode.PROTOCOL_ERROR, "bad frame");
        assertThat(connection.isConnectionError()).isTrue();
        assertThat(connection.streamId()).isZero();
        assertThat(connection).hasToString("HTTP/2 connection error PROTOCOL_ERROR: bad frame");
        var stream = Http2Exception.stream(3, Http2ErrorCode.REFUSED_STREAM, "too many streams");
        assertThat(stream.scope()).isEqualTo(Http2Exception.Scope.STREAM);
        assertThat(stream.streamId()).isEqualTo(3);
        assertThat(stream.errorCode()).isEqualTo(Http2ErrorCode.REFUSED_STREAM);
        assertThat(stream.getStackTrace()).as("an answer to a peer, not a bug").isEmpty();
        assertThatThrownBy(() -> Http2Exception.stream(0, Http2ErrorCode.CANCEL, "no stream")).isInstanceOf(IllegalArgumentException.class);
    }
}
