package io.windhover.server.http1;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.SequenceReader;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fuzzes {@link ChunkedBodyDecoder} against {@link ReferenceDecoder}, a second decoder written
 * straight from the RFC 9112 §7.1 grammar with regular expressions, that reads the whole input at
 * once. Whatever the bytes, it checks that
 * <ul>
 *   <li>the decoder consumes no more than it was given;</li>
 *   <li>it accepts exactly when the reference does, and then its data, trailers and end position
 *       are the reference's; it asks for more bytes exactly when the reference does;</li>
 *   <li>its outcome is the same whether the bytes come at once, in two reads, one byte per read,
 *       or with a small data budget per call (as {@link ChunkedBodyReader} copies into an array);</li>
 *   <li>a rejection is a {@link BadRequestException} with a chunked-framing or trailer reason,
 *       never another exception.</li>
 * </ul>
 *
 * <p>The seed corpus is in {@code ChunkedBodyDecoderFuzzTestInputs/chunkedBody}, one raw body per
 * file; {@code bin/fuzz chunked 120} fuzzes for two minutes.
 */
class ChunkedBodyDecoderFuzzTest {

    private static final int MAX_TRAILERS = 4;

    private static final Set<RequestRejectionReason> BODY_REASONS = EnumSet.of(
            RequestRejectionReason.INVALID_CHUNK, RequestRejectionReason.HEADERS_TOO_LARGE,
            RequestRejectionReason.TOO_MANY_HEADERS, RequestRejectionReason.INVALID_REQUEST_HEADER,
            RequestRejectionReason.OBSOLETE_LINE_FOLDING);

    @DictionaryFile(resourcePath = "/fuzz-dictionaries/chunked.dict")
    @FuzzTest
    void chunkedBody(byte[] data) {
        Outcome whole = decode(data, Long.MAX_VALUE, data.length);
        String input = Http1ParserFuzzTest.Printable.of(data);
        assertThat(ReferenceDecoder.decode(data)).as("reference decode of %s", input).isEqualTo(whole.kind());
        if (whole instanceof Outcome.Done done) {
            ReferenceDecoder.Result reference = ReferenceDecoder.accepted(data);
            assertThat(done.data()).as("data of %s", input).isEqualTo(HexFormat.of().formatHex(reference.data()));
            assertThat(done.trailers()).as("trailers of %s", input).isEqualTo(reference.trailers());
            assertThat(done.consumed()).as("end of %s", input).isEqualTo(reference.consumed());
        }
        int cut = Http1ParserFuzzTest.splitPoint(data);
        assertThat(decode(data, Long.MAX_VALUE, cut, data.length)).as("in two reads at %d: %s", cut, input).isEqualTo(whole);
        assertThat(decode(data, Long.MAX_VALUE, everyByte(data))).as("byte by byte: %s", input).isEqualTo(whole);
        assertThat(decode(data, 1 + cut % 3, data.length)).as("budget %d: %s", 1 + cut % 3, input).isEqualTo(whole);
    }

    /** What decoding came to. Data is hex so that records compare it by value. */
    sealed interface Outcome {
        String kind();

        record Done(String data, List<String> trailers, long consumed) implements Outcome {
            public String kind() {
                return "done";
            }
        }

        record Incomplete(String data, long consumed) implements Outcome {
            public String kind() {
                return "incomplete";
            }
        }

        record Rejected(RequestRejectionReason reason) implements Outcome {
            public String kind() {
                return "rejected";
            }
        }
    }

    private static int[] everyByte(byte[] data) {
        int[] arrivals = new int[data.length];
        Arrays.setAll(arrivals, i -> i + 1);
        return data.length == 0 ? new int[] {0} : arrivals;
    }

    /**
     * Decodes {@code data} as {@link ChunkedBodyReader} would if reads ended at each of
     * {@code arrivals}: each read is decoded, {@code budget} bytes of data per call, until the
     * decoder needs more bytes; what it consumed is dropped before the next read.
     */
    static Outcome decode(byte[] data, long budget, int... arrivals) {
        var decoder = new ChunkedBodyDecoder(MAX_TRAILERS);
        var decoded = new ByteArrayOutputStream();
        List<String> trailers = new ArrayList<>();
        var sink = new ChunkedBodyDecoder.Sink() {
            @Override
            public void onData(BufferSequence buffer, long start, long end) {
                assertThat(end).isGreaterThan(start).isLessThanOrEqualTo(buffer.end());
                decoded.writeBytes(buffer.slice(start, end).toArray());
            }

            @Override
            public void onTrailer(BufferSequence buffer, long nameStart, long nameEnd, long valueStart, long valueEnd) {
                trailers.add(buffer.slice(nameStart, nameEnd).toString(StandardCharsets.ISO_8859_1) + ": "
                        + buffer.slice(valueStart, valueEnd).toString(StandardCharsets.ISO_8859_1));
            }
        };
        int base = 0;
        try {
            for (int end : arrivals) {
                while (true) {
                    var reader = new SequenceReader(BufferSequence.of(data, base, end - base));
                    boolean done = decoder.decode(reader, sink, budget);
                    assertThat(reader.position()).as("consumed").isBetween(0L, (long) end - base);
                    base += (int) reader.consumed();
                    if (done) {
                        return new Outcome.Done(HexFormat.of().formatHex(decoded.toByteArray()), trailers, base);
                    }
                    if (reader.consumed() == 0) {
                        break; // needs the next read
                    }
                }
            }
            return new Outcome.Incomplete(HexFormat.of().formatHex(decoded.toByteArray()), base);
        } catch (BadRequestException e) {
            assertThat(e.reason()).as("rejection reason of %s", e.getMessage()).isIn(BODY_REASONS);
            return new Outcome.Rejected(e.reason());
        }
    }

    /**
     * RFC 9112 §7.1 over the whole input, with the decoder's limits (a size line of at most
     * {@link ChunkedBodyDecoder#MAX_CHUNK_LINE} bytes, at most {@value #MAX_TRAILERS} trailer
     * fields, an incomplete trailer section of at most {@link ChunkedBodyDecoder#MAX_TRAILER_BYTES})
     * and the request parser's rules for field lines (no bare LF, checked as soon as its line is
     * complete; no bare CR, checked as soon as the byte after it is there; the rest once the
     * section is).
     */
    static final class ReferenceDecoder {

        /*
         * Small patterns applied one after another, each possessive or linear: one pattern for a
         * whole line would repeat a group per extension or escape, and java.util.regex recurses
         * once per repetition (a 4 KiB line of ";a" overflowed the stack).
         */
        private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]++");
        private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]++");
        private static final Pattern SEMICOLON = Pattern.compile("[ \\t]*+;[ \\t]*+");
        private static final Pattern EQUALS = Pattern.compile("[ \\t]*+=[ \\t]*+");
        /** RFC 9110 §5.6.4: qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text; quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text ). */
        private static final Pattern QUOTED_TEXT = Pattern.compile("(?:[\\t \\x21\\x23-\\x5B\\x5D-\\x7E\\x80-\\xFF]++|\\\\[\\t \\x21-\\x7E\\x80-\\xFF])");
        /** field-name ":" field-value with its OWS, the line without its CRLF; the value's characters exclude CTLs but HTAB. */
        private static final Pattern FIELD_LINE = Pattern.compile("(" + TOKEN.pattern() + "):([\\t\\x20-\\x7E\\x80-\\xFF]*+)");

        /** Whether {@code line} is {@code chunk-size [ chunk-ext ]}: {@code *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )}. */
        private static boolean isSizeLine(String line) {
            Matcher m = HEX.matcher(line);
            if (!m.lookingAt()) {
                return false;
            }
            int at = m.end();
            while (at < line.length()) {
                if (!(m = SEMICOLON.matcher(line).region(at, line.length())).lookingAt()
                        || !(m = TOKEN.matcher(line).region(m.end(), line.length())).lookingAt()) {
                    return false;
                }
                at = m.end();
                Matcher equals = EQUALS.matcher(line).region(at, line.length());
                if (equals.lookingAt()) {
                    at = value(line, equals.end());
                    if (at < 0) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** The end of the token or quoted-string at {@code at}, or -1. */
        private static int value(String line, int at) {
            if (at < line.length() && line.charAt(at) == '"') {
                at++;
                Matcher text = QUOTED_TEXT.matcher(line);
                while (text.region(at, line.length()).lookingAt()) {
                    at = text.end();
                }
                return at < line.length() && line.charAt(at) == '"' ? at + 1 : -1;
            }
            Matcher token = TOKEN.matcher(line).region(at, line.length());
            return token.lookingAt() ? token.end() : -1;
        }

        record Result(String kind, byte[] data, List<String> trailers, long consumed) {
        }

        /** "done", "incomplete" or "rejected". */
        static String decode(byte[] input) {
            return run(input).kind();
        }

        static Result accepted(byte[] input) {
            return run(input);
        }

        private static Result run(byte[] input) {
            String text = new String(input, StandardCharsets.ISO_8859_1); // one char per byte
            var data = new ByteArrayOutputStream();
            int at = 0;
            while (true) {
                int lf = text.indexOf('\n', at);
                if (lf < 0) {
                    return text.length() - at > ChunkedBodyDecoder.MAX_CHUNK_LINE ? rejected() : incomplete();
                }
                if (lf - at > ChunkedBodyDecoder.MAX_CHUNK_LINE || lf == at || text.charAt(lf - 1) != '\r') {
                    return rejected();
                }
                String line = text.substring(at, lf - 1);
                if (!isSizeLine(line)) {
                    return rejected();
                }
                Matcher digits = HEX.matcher(line);
                digits.lookingAt();
                BigInteger size = new BigInteger(digits.group(), 16);
                if (size.bitLength() > 63) {
                    return rejected(); // more than a long holds
                }
                at = lf + 1;
                if (size.signum() == 0) {
                    return trailers(text, at, data.toByteArray());
                }
                if (BigInteger.valueOf(text.length() - at).compareTo(size) < 0) {
                    return incomplete();
                }
                int length = size.intValueExact();
                data.write(input, at, length);
                at += length;
                if (text.length() - at < 2) {
                    // What is there must be the start of the CRLF.
                    return text.length() == at || text.charAt(at) == '\r' ? incomplete() : rejected();
                }
                if (!text.startsWith("\r\n", at)) {
                    return rejected();
                }
                at += 2;
            }
        }

        private static Result trailers(String text, int start, byte[] data) {
            // Find the section's end, checking each complete line's ending and the field count.
            int at = start;
            int count = 0;
            List<String> lines = new ArrayList<>();
            while (true) {
                int end = at;
                while (end < text.length() && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
                    end++;
                }
                if (end >= text.length() - 1 && (end == text.length() || text.charAt(end) == '\r')) {
                    return text.length() - start > ChunkedBodyDecoder.MAX_TRAILER_BYTES ? rejected() : incomplete();
                }
                if (text.charAt(end) == '\n' || text.charAt(end + 1) != '\n') {
                    return rejected(); // a bare LF, or a CR not followed by LF
                }
                int lf = end + 1;
                if (lf - 1 == at) {
                    at = lf + 1;
                    break;
                }
                if (++count > MAX_TRAILERS) {
                    return rejected();
                }
                lines.add(text.substring(at, lf - 1));
                at = lf + 1;
            }
            List<String> trailers = new ArrayList<>();
            for (String line : lines) {
                Matcher field = FIELD_LINE.matcher(line);
                if (!field.matches()) {
                    return rejected();
                }
                trailers.add(field.group(1) + ": " + withoutOws(field.group(2)));
            }
            return new Result("done", data, trailers, at);
        }

        /** The value without the OWS around it (not a regex: '$' would also stop before a NEL, U+0085). */
        private static String withoutOws(String value) {
            int from = 0;
            int to = value.length();
            while (from < to && (value.charAt(from) == ' ' || value.charAt(from) == '\t')) {
                from++;
            }
            while (to > from && (value.charAt(to - 1) == ' ' || value.charAt(to - 1) == '\t')) {
                to--;
            }
            return value.substring(from, to);
        }

        private static Result rejected() {
            return new Result("rejected", null, null, -1);
        }

        private static Result incomplete() {
            return new Result("incomplete", null, null, -1);
        }

        private ReferenceDecoder() {
        }
    }
}
