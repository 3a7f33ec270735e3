package io.windhover.server.http1;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.SequenceReader;
import io.windhover.server.Http1Limits;
import io.windhover.server.HttpLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Fuzzes the request-head parser the way the connection drives it: {@link RequestHeadReader} over
 * {@link Http1Parser}, under the default limits and under small ones (so that short inputs reach
 * 414 and 431 too). Whatever the bytes, it checks that
 * <ul>
 *   <li>no call consumes more than it was given, and a pure parser call that needs more bytes
 *       consumes none;</li>
 *   <li>the outcome — the head, or the rejection reason, or "incomplete" with what was consumed —
 *       is the same whether the bytes come at once, in two segments, in two reads, or one byte per
 *       read: a head that a byte-by-byte re-parse would not report is a smuggling vector;</li>
 *   <li>a rejection is a {@link BadRequestException} with one of the request-head reasons, never
 *       another exception;</li>
 *   <li>what is accepted is in the grammar: a token method, a visible-ASCII target, token field
 *       names, field values without controls or surrounding whitespace.</li>
 * </ul>
 *
 * <p>The seed corpus is in {@code Http1ParserFuzzTestInputs/requestHead}, one raw request per file.
 * {@code ./mvnw test} runs it (and every finding kept there) in Jazzer's regression mode;
 * {@code bin/fuzz http1-head 120} fuzzes for two minutes.
 */
class Http1ParserFuzzTest {

    /** The reasons a request head may be refused with; anything else is a bug. */
    private static final Set<RequestRejectionReason> HEAD_REASONS = EnumSet.of(
            RequestRejectionReason.INVALID_REQUEST_LINE, RequestRejectionReason.INVALID_METHOD,
            RequestRejectionReason.TLS_OVER_HTTP, RequestRejectionReason.INVALID_REQUEST_TARGET,
            RequestRejectionReason.UNSUPPORTED_HTTP_VERSION, RequestRejectionReason.REQUEST_LINE_TOO_LONG,
            RequestRejectionReason.INVALID_REQUEST_HEADER, RequestRejectionReason.OBSOLETE_LINE_FOLDING,
            RequestRejectionReason.HEADERS_TOO_LARGE, RequestRejectionReason.TOO_MANY_HEADERS);

    /** 32-byte lines, 128-byte header blocks, 4 fields: a few dozen fuzzed bytes reach every limit. */
    private static final HeadLimits SMALL = new HeadLimits(32, 128, 4);
    private static final HeadLimits DEFAULTS = new HeadLimits(Http1Limits.defaults().maxRequestLineSize(),
            HttpLimits.defaults().maxRequestHeadersTotalSize(), HttpLimits.defaults().maxRequestHeaderCount());

    /** The sizes a head is read within: the request line, the header block, its fields. */
    record HeadLimits(int line, int headers, int fields) {
        RequestHeadReader reader() {
            return new RequestHeadReader(line, headers, fields);
        }
    }

    @DictionaryFile(resourcePath = "/fuzz-dictionaries/http1-head.dict")
    @FuzzTest
    void requestHead(byte[] data) {
        checkPureParser(data);
        int cut = splitPoint(data);
        for (HeadLimits limits : List.of(DEFAULTS, SMALL)) {
            Outcome whole = feed(data, limits, data.length);
            assertThat(feed(data, limits, IntStream.rangeClosed(1, data.length).toArray()))
                    .as("byte by byte: %s", Printable.of(data)).isEqualTo(whole);
            assertThat(feed(data, limits, cut, data.length))
                    .as("in two reads split at %d: %s", cut, Printable.of(data)).isEqualTo(whole);
            assertThat(feedSegments(data, limits, cut))
                    .as("in two segments split at %d: %s", cut, Printable.of(data)).isEqualTo(whole);
            if (whole instanceof Outcome.Head head) {
                assertInGrammar(head);
            }
        }
    }

    /** A split point that depends only on the bytes, so that a finding replays the same. */
    static int splitPoint(byte[] data) {
        return data.length == 0 ? 0 : Math.floorMod(Arrays.hashCode(data), data.length + 1);
    }

    /** What parsing a head came to. */
    sealed interface Outcome {
        record Head(String method, HttpMethod knownMethod, HttpVersion version, RequestTargetForm form, String target,
                String path, String query, String authority, List<String> fields, long consumed) implements Outcome {
        }

        record Rejected(RequestRejectionReason reason) implements Outcome {
        }

        record Incomplete(boolean lineParsed, long consumed) implements Outcome {
        }
    }

    /**
     * Parses {@code data} as the connection would if its reads ended at each of {@code arrivals}
     * (ascending, the last one {@code data.length}): each call sees what the previous calls left
     * unconsumed plus the newly arrived bytes.
     */
    static Outcome feed(byte[] data, HeadLimits limits, int... arrivals) {
        var reader = limits.reader();
        var head = new RequestHead();
        int base = 0;
        try {
            for (int end : arrivals) {
                BufferSequence buffer = BufferSequence.of(data, base, end - base);
                boolean complete = reader.parse(buffer, head);
                assertConsumedWithin(reader.consumed(), buffer);
                base += (int) reader.consumed();
                if (complete) {
                    return head(head, base);
                }
            }
            return new Outcome.Incomplete(reader.lineParsed(), base);
        } catch (BadRequestException e) {
            return rejected(e);
        }
    }

    /** Parses {@code data} in one call whose buffer has two segments, split at {@code cut}. */
    static Outcome feedSegments(byte[] data, HeadLimits limits, int cut) {
        var reader = limits.reader();
        var head = new RequestHead();
        BufferSequence buffer = BufferSequence.of(Arrays.copyOf(data, cut), Arrays.copyOfRange(data, cut, data.length));
        try {
            boolean complete = reader.parse(buffer, head);
            assertConsumedWithin(reader.consumed(), buffer);
            return complete ? head(head, reader.consumed()) : new Outcome.Incomplete(reader.lineParsed(), reader.consumed());
        } catch (BadRequestException e) {
            return rejected(e);
        }
    }

    private static void assertConsumedWithin(long consumed, BufferSequence buffer) {
        assertThat(consumed).as("consumed position").isBetween(buffer.start(), buffer.end());
    }

    private static Outcome head(RequestHead head, long consumed) {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < head.headers.size(); i++) {
            fields.add(head.headers.name(i) + ": " + head.headers.value(i));
        }
        return new Outcome.Head(head.method, head.knownMethod, head.version, head.form, head.target, head.path,
                head.query, head.authority, fields, consumed);
    }

    private static Outcome rejected(BadRequestException e) {
        assertThat(e.reason()).as("rejection reason of %s", e.getMessage()).isIn(HEAD_REASONS);
        assertThat(e.status()).isIn(400, 414, 431, 505);
        return new Outcome.Rejected(e.reason());
    }

    /**
     * The pure parser's contract on the whole input, as one array: a header block that is
     * incomplete reports nothing; a call that completes stops just after an LF; positions reported
     * lie within what it parsed.
     */
    private static void checkPureParser(byte[] data) {
        var reader = new SequenceReader(BufferSequence.of(data));
        var handler = new BoundsCheckingHandler();
        try {
            Http1Parser.skipEmptyLines(reader, RequestHeadReader.MAX_EMPTY_LINES);
            int lineStart = (int) reader.position();
            handler.from = lineStart;
            int headersStart = Http1Parser.parseRequestLine(data, lineStart, data.length, handler);
            if (headersStart < 0) {
                return;
            }
            assertEndsAfterLf(data, headersStart);
            handler.from = headersStart;
            handler.to = Integer.MAX_VALUE;
            int end = Http1Parser.parseHeaders(data, headersStart, data.length, handler, 100);
            if (end < 0) {
                assertThat(handler.fields).as("an incomplete header block reports nothing").isZero();
                return;
            }
            assertEndsAfterLf(data, end);
            assertThat(handler.maxPosition).isLessThanOrEqualTo(end);
        } catch (BadRequestException e) {
            rejected(e);
        }
    }

    private static void assertEndsAfterLf(byte[] data, int position) {
        assertThat(position).isBetween(1, data.length);
        assertThat(data[position - 1]).as("the byte before the stop").isEqualTo((byte) '\n');
    }

    /** Fails on a reported position outside {@code [from, to)} or a range that runs backwards. */
    private static final class BoundsCheckingHandler implements Http1ParserHandler {
        int from;
        int to = Integer.MAX_VALUE;
        int maxPosition;
        int fields;

        @Override
        public void onStartLine(byte[] bytes, HttpMethod method, HttpVersion version, RequestTargetForm form,
                int lineStart, int methodEnd, int targetStart, int queryStart, int targetEnd) {
            assertOrdered(from, lineStart, methodEnd, targetStart, queryStart, targetEnd);
            assertThat(targetEnd).isLessThan(to);
        }

        @Override
        public void onHeader(byte[] bytes, int nameStart, int nameEnd, int valueStart, int valueEnd) {
            assertOrdered(from, nameStart, nameEnd, valueStart, valueEnd);
            maxPosition = Math.max(maxPosition, valueEnd);
            fields++;
        }

        @Override
        public void onHeadersComplete() {
        }

        private static void assertOrdered(int... positions) {
            for (int i = 1; i < positions.length; i++) {
                assertThat(positions[i]).as("positions %s", Arrays.toString(positions)).isGreaterThanOrEqualTo(positions[i - 1]);
            }
        }
    }

    /** RFC 9112 §3 and RFC 9110 §5: what a parsed head may contain. */
    private static void assertInGrammar(Outcome.Head head) {
        assertThat(head.method()).isNotEmpty().matches(TOKEN);
        assertThat(head.target()).isNotEmpty().matches("[\\x21-\\x7E]+");
        assertThat(head.version()).isNotNull();
        switch (head.form()) {
            case ORIGIN -> assertThat(head.path() + head.query()).isEqualTo(head.target()).startsWith("/");
            case ABSOLUTE -> assertThat(head.path()).startsWith("/");
            case AUTHORITY, ASTERISK -> assertThat(head.path()).isEmpty();
        }
        for (String field : head.fields()) {
            int colon = field.indexOf(": ");
            assertThat(field.substring(0, colon)).matches(TOKEN);
            String value = field.substring(colon + 2);
            assertThat(value).as("field value of %s", field).doesNotContainPattern("[\\x00-\\x08\\x0A-\\x1F\\x7F]")
                    .doesNotStartWith(" ").doesNotStartWith("\t").doesNotEndWith(" ").doesNotEndWith("\t");
        }
    }

    /** RFC 9110 §5.6.2 token. */
    private static final String TOKEN = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+";

    /** The input as Java string-literal text, for failure messages. */
    static final class Printable {
        static String of(byte[] data) {
            var text = new StringBuilder("\"");
            for (byte b : data) {
                int c = b & 0xFF;
                switch (c) {
                    case '\r' -> text.append("\\r");
                    case '\n' -> text.append("\\n");
                    case '\t' -> text.append("\\t");
                    case '"', '\\' -> text.append('\\').append((char) c);
                    default -> text.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\u%04x", c));
                }
            }
            return text.append('"').toString();
        }

        private Printable() {
        }
    }

    static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
