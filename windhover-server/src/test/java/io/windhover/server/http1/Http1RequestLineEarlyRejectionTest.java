package io.windhover.server.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.SequenceReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The request-line parser refuses a method byte that is not a token as soon as it arrives, before
 * the line ends, and names a TLS handshake (first byte 0x16) as such; a valid incomplete line
 * still only asks for more bytes, consuming nothing.
 */
class Http1RequestLineEarlyRejectionTest {

    private static SequenceReader readerOf(String bytes) {
        return new SequenceReader(BufferSequence.of(bytes.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\u0016", "\u0016\u0003\u0001", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000", "\u0016GET / HTTP/1.1\r\n"})
    void namesATlsHandshake(String bytes) {
        var reader = readerOf(bytes);
        assertThatThrownBy(() -> Http1Parser.parseRequestLine(reader, new RecordingHandler()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.reason()).isEqualTo(RequestRejectionReason.TLS_OVER_HTTP));
        assertThat(reader.consumed()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"G(", "GET\u0000", "\u0000", "\u0080", "G\tT", "\u001F", "@", "G\rX", "\rX", "\u0015\u0003"})
    void refusesANonTokenMethodByteBeforeTheLineEnds(String bytes) {
        var reader = readerOf(bytes);
        assertThatThrownBy(() -> Http1Parser.parseRequestLine(reader, new RecordingHandler()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.reason()).isEqualTo(RequestRejectionReason.INVALID_METHOD));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "G", "GET", "GET ", "GET /", "GET /a b\u0000", "M-SEARCH * HTTP/1.1", "GET\r", "\r"})
    void waitsForTheRestOfALineWhoseMethodIsStillAToken(String bytes) {
        var reader = readerOf(bytes);
        assertThat(Http1Parser.parseRequestLine(reader, new RecordingHandler())).isFalse();
        assertThat(reader.consumed()).isZero();
    }
}
