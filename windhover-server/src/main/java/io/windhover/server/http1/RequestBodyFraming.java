package io.windhover.server.http1;

import static io.windhover.server.http1.RequestRejectionReason.CONTENT_LENGTH_AND_TRANSFER_ENCODING;
import static io.windhover.server.http1.RequestRejectionReason.FINAL_TRANSFER_CODING_NOT_CHUNKED;
import static io.windhover.server.http1.RequestRejectionReason.INVALID_CONTENT_LENGTH;
import static io.windhover.server.http1.RequestRejectionReason.TRANSFER_ENCODING_IN_HTTP_1_0;
import static io.windhover.server.http1.RequestRejectionReason.UNSUPPORTED_TRANSFER_CODING;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a request's body is delimited, decided from its Content-Length and Transfer-Encoding fields
 * by RFC 9112 §6.3 — strictly, because a server and a proxy in front of it that read the same bytes
 * as different messages is what request smuggling exploits.
 *
 * <pre>{@code
 * RequestBodyFraming framing = RequestBodyFraming.decide(version, contentLengthValues, transferEncodingValues);
 * switch (framing.kind()) { case NONE -> ...; case CONTENT_LENGTH -> read(framing.length()); case CHUNKED -> ... }
 * }</pre>
 *
 * @param kind how the body is delimited
 * @param length the body's length for {@link Kind#CONTENT_LENGTH}, else -1
 */
public record RequestBodyFraming(Kind kind, long length) {

    public enum Kind { NONE, CONTENT_LENGTH, CHUNKED }

    private static final RequestBodyFraming NONE = new RequestBodyFraming(Kind.NONE, 0);
    private static final RequestBodyFraming CHUNKED = new RequestBodyFraming(Kind.CHUNKED, -1);

    /**
     * Decides the framing from the values of every Content-Length and Transfer-Encoding field of
     * the request, in order (whitespace around each already trimmed by the parser).
     *
     * @throws BadRequestException for every ambiguous or unsupported combination
     */
    public static RequestBodyFraming decide(HttpVersion version, List<String> contentLengths, List<String> transferEncodings) {
        if (!transferEncodings.isEmpty()) {
            if (version == HttpVersion.HTTP_1_0) {
                throw BadRequestException.of(TRANSFER_ENCODING_IN_HTTP_1_0, "Transfer-Encoding in an HTTP/1.0 request");
            }
            // RFC 9112 §6.3: Transfer-Encoding with Content-Length — reject, it is a smuggling vector.
            if (!contentLengths.isEmpty()) {
                throw BadRequestException.of(CONTENT_LENGTH_AND_TRANSFER_ENCODING, "both Content-Length and Transfer-Encoding");
            }
            return chunked(transferEncodings);
        }
        if (contentLengths.isEmpty()) {
            return NONE;
        }
        // RFC 9110 §8.6 lets a recipient accept repeated identical values; Kestrel refuses any
        // repetition, and so do we: a proxy that picks another copy reads another message.
        if (contentLengths.size() > 1) {
            throw BadRequestException.of(INVALID_CONTENT_LENGTH, "more than one Content-Length");
        }
        return new RequestBodyFraming(Kind.CONTENT_LENGTH, parseLength(contentLengths.getFirst()));
    }

    /**
     * Content-Length = 1*DIGIT: no sign, no inner whitespace, no list. A value past
     * {@link Long#MAX_VALUE} is refused here; one merely past the body size limit gets 413 later.
     */
    static long parseLength(String value) {
        if (value.isEmpty()) {
            throw BadRequestException.of(INVALID_CONTENT_LENGTH, "empty Content-Length");
        }
        long length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw BadRequestException.of(INVALID_CONTENT_LENGTH, "Content-Length '" + value + "'");
            }
            try {
                length = Math.addExact(Math.multiplyExact(length, 10), c - '0');
            } catch (ArithmeticException overflow) {
                throw BadRequestException.of(INVALID_CONTENT_LENGTH, "Content-Length '" + value + "' overflows");
            }
        }
        return length;
    }

    /** The codings of every field joined as one list: the last must be chunked, and chunked only once. */
    private static RequestBodyFraming chunked(List<String> fields) {
        List<String> codings = new ArrayList<>();
        for (String field : fields) {
            for (String element : field.split(",", -1)) {
                String coding = element.strip().toLowerCase(Locale.ROOT);
                if (coding.isEmpty()) {
                    continue; // RFC 9110 §5.6.1: empty list elements are ignored
                }
                if (!isToken(coding)) {
                    throw BadRequestException.of(FINAL_TRANSFER_CODING_NOT_CHUNKED, "Transfer-Encoding " + fields);
                }
                codings.add(coding);
            }
        }
        // RFC 9112 §6.3: the final coding of a request must be chunked, else 400 and close.
        if (codings.isEmpty() || !codings.getLast().equals("chunked")) {
            throw BadRequestException.of(FINAL_TRANSFER_CODING_NOT_CHUNKED, "Transfer-Encoding " + fields);
        }
        List<String> before = codings.subList(0, codings.size() - 1);
        // RFC 9112 §6.1: chunked must not be applied more than once.
        if (before.contains("chunked")) {
            throw BadRequestException.of(FINAL_TRANSFER_CODING_NOT_CHUNKED, "chunked applied twice: " + fields);
        }
        // Only chunked is implemented: a body also compressed as a transfer coding cannot be decoded.
        if (!before.isEmpty()) {
            throw BadRequestException.of(UNSUPPORTED_TRANSFER_CODING, "Transfer-Encoding " + fields);
        }
        return CHUNKED;
    }

    private static boolean isToken(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean token = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!token) {
                return false;
            }
        }
        return true;
    }
}
