package io.windhover.server.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequestBodyFramingTest {

    private static RequestRejectionReason reasonFor(HttpVersion version, List<String> lengths, List<String> codings) {
        try {
            RequestBodyFraming.decide(version, lengths, codings);
        } catch (BadRequestException e) {
            return e.reason();
        }
        throw new AssertionError("accepted " + lengths + " / " + codings);
    }

    @Test
    void readsTheBodyByContentLengthOrChunkedOrNotAtAll() {
        assertThat(RequestBodyFraming.decide(HttpVersion.HTTP_1_1, List.of(), List.of()).kind())
                .isEqualTo(RequestBodyFraming.Kind.NONE);
        var sized = RequestBodyFraming.decide(HttpVersion.HTTP_1_1, List.of("42"), List.of());
        assertThat(sized.kind()).isEqualTo(RequestBodyFraming.Kind.CONTENT_LENGTH);
        assertThat(sized.length()).isEqualTo(42);
        assertThat(RequestBodyFraming.decide(HttpVersion.HTTP_1_0, List.of("0"), List.of()).length()).isZero();
        assertThat(RequestBodyFraming.decide(HttpVersion.HTTP_1_1, List.of(), List.of("chunked")).kind())
                .isEqualTo(RequestBodyFraming.Kind.CHUNKED);
        // Coding names are case-insensitive (RFC 9110 §10.1.4), and empty list elements are ignored.
        assertThat(RequestBodyFraming.decide(HttpVersion.HTTP_1_1, List.of(), List.of("Chunked")).kind())
                .isEqualTo(RequestBodyFraming.Kind.CHUNKED);
        assertThat(RequestBodyFraming.decide(HttpVersion.HTTP_1_1, List.of(), List.of(", chunked")).kind())
                .isEqualTo(RequestBodyFraming.Kind.CHUNKED);
        assertThat(RequestBodyFraming.decide(HttpVersion.HTTP_1_1, List.of("9223372036854775807"), List.of()).length())
                .isEqualTo(Long.MAX_VALUE);
        assertThat(RequestBodyFraming.decide(HttpVersion.HTTP_1_1, List.of("007"), List.of()).length()).isEqualTo(7);
    }

    @Test
    void rejectsEveryAmbiguousContentLength() {
        for (String value : new String[] {"", "-1", "+5", "5 5", "5,5", "0x10", "1e3", "5.0", "١٢", "9223372036854775808"}) {
            assertThat(reasonFor(HttpVersion.HTTP_1_1, List.of(value), List.of())).as(value)
                    .isEqualTo(RequestRejectionReason.INVALID_CONTENT_LENGTH);
        }
        assertThat(reasonFor(HttpVersion.HTTP_1_1, List.of("5", "5"), List.of())).as("duplicate, even identical")
                .isEqualTo(RequestRejectionReason.INVALID_CONTENT_LENGTH);
        assertThat(reasonFor(HttpVersion.HTTP_1_1, List.of("5", "6"), List.of()))
                .isEqualTo(RequestRejectionReason.INVALID_CONTENT_LENGTH);
    }

    @Test
    void rejectsEveryAmbiguousTransferEncoding() {
        assertThat(reasonFor(HttpVersion.HTTP_1_1, List.of("5"), List.of("chunked")))
                .isEqualTo(RequestRejectionReason.CONTENT_LENGTH_AND_TRANSFER_ENCODING);
        assertThat(reasonFor(HttpVersion.HTTP_1_0, List.of(), List.of("chunked")))
                .isEqualTo(RequestRejectionReason.TRANSFER_ENCODING_IN_HTTP_1_0);
        for (var codings : List.of(List.of("xchunked"), List.of("chunked, identity"), List.of("identity"),
                List.of("chunked", "chunked"), List.of("chunked, chunked"), List.of(""), List.of("chun ked"),
                List.of("\"chunked\""), List.of("chunked;q=1"))) {
            assertThat(reasonFor(HttpVersion.HTTP_1_1, List.of(), codings)).as(codings.toString())
                    .isEqualTo(RequestRejectionReason.FINAL_TRANSFER_CODING_NOT_CHUNKED);
        }
        assertThat(reasonFor(HttpVersion.HTTP_1_1, List.of(), List.of("gzip, chunked")))
                .isEqualTo(RequestRejectionReason.UNSUPPORTED_TRANSFER_CODING);
        assertThat(RequestRejectionReason.UNSUPPORTED_TRANSFER_CODING.status()).isEqualTo(501);
        assertThatThrownBy(() -> RequestBodyFraming.decide(HttpVersion.HTTP_1_1, List.of(), List.of("gzip", "chunked")))
                .isInstanceOf(BadRequestException.class);
    }
}
