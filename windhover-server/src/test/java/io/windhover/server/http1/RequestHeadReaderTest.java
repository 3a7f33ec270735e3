package io.windhover.server.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.buffers.BufferSequence;
import io.windhover.server.Http1Limits;
import io.windhover.server.HttpLimits;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The head reader copies the head out of the pool blocks into an array that starts at 256 bytes
 * and grows: heads longer than that, in many segments and many reads, must parse exactly as one
 * short head does, and the limits must hold at their exact sizes whatever the array's size.
 */
class RequestHeadReaderTest {

    private static final HttpLimits DEFAULTS = HttpLimits.defaults();
    private static final Http1Limits HTTP1 = Http1Limits.defaults();
    private static final String VALUE = "v".repeat(900);

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A head of about {@code size} bytes: a request line and fields of about 900 bytes, numbered from 0. */
    private static String headOf(int size) {
        var head = new StringBuilder("GET /long HTTP/1.1\r\nHost: a\r\n");
        for (int i = 0; head.length() < size; i++) {
            head.append("X-F").append(i).append(": ").append(VALUE).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** {@code data} cut into segments of {@code segment} bytes, as pool blocks hold a read. */
    private static BufferSequence segments(byte[] data, int segment) {
        int count = (data.length + segment - 1) / segment;
        byte[][] parts = new byte[count][];
        for (int i = 0; i < count; i++) {
            parts[i] = Arrays.copyOfRange(data, i * segment, Math.min(data.length, (i + 1) * segment));
        }
        return BufferSequence.of(parts);
    }

    @Test
    void aHeadOfManyKilobytesInSmallSegmentsParsesWhole() {
        byte[] data = latin1(headOf(20_000) + "BODY");
        var reader = new RequestHeadReader(DEFAULTS, HTTP1);
        var head = new RequestHead();
        BufferSequence buffer = segments(data, 100);
        assertThat(reader.parse(buffer, head)).isTrue();
        assertThat(reader.consumed()).isEqualTo(buffer.start() + data.length - 4);
        assertThat(head.target).isEqualTo("/long");
        assertThat(head.headers.get("Host")).isEqualTo("a");
        int fields = headOf(20_000).split("\r\nX-F", -1).length - 1;
        assertThat(head.headers.size()).isEqualTo(1 + fields);
        assertThat(head.headers.get("X-F0")).isEqualTo(VALUE);
        assertThat(head.headers.get("X-F" + (fields - 1))).isEqualTo(VALUE);
    }

    @Test
    void aHeadArrivingInReadsOfAHundredBytesParsesTheSame() {
        byte[] data = latin1(headOf(5_000));
        var reader = new RequestHeadReader(DEFAULTS, HTTP1);
        var head = new RequestHead();
        int consumed = 0;
        boolean complete = false;
        for (int end = 100; !complete; end = Math.min(data.length, end + 100)) {
            BufferSequence buffer = BufferSequence.of(data, consumed, end - consumed);
            complete = reader.parse(buffer, head);
            consumed += (int) (reader.consumed() - buffer.start());
        }
        assertThat(consumed).isEqualTo(data.length);
        assertThat(head.target).isEqualTo("/long");
        assertThat(head.headers.get("X-F0")).isEqualTo(VALUE);
    }

    @Test
    void theHeaderLimitHoldsAtItsExactSize() {
        var limits = DEFAULTS.withHeaderLimits(1_000, DEFAULTS.maxRequestHeaderCount());
        String line = "GET / HTTP/1.1\r\n";
        // Fields and the final CRLF exactly 1,000 bytes: accepted; one byte more: 431.
        String fields = "Host: a\r\nX: " + "v".repeat(1_000 - 9 - 5 - 2) + "\r\n";
        assertThat(fields.length() + 2).isEqualTo(1_000);
        assertThat(new RequestHeadReader(limits, HTTP1).parse(BufferSequence.of(latin1(line + fields + "\r\n")), new RequestHead())).isTrue();
        String longer = "Host: a\r\nX: " + "v".repeat(1_000 - 9 - 5 - 1) + "\r\n";
        assertThatThrownBy(() -> new RequestHeadReader(limits, HTTP1).parse(segments(latin1(line + longer + "\r\n"), 64), new RequestHead()))
                .isInstanceOfSatisfying(BadRequestException.class,
                        e -> assertThat(e.reason()).isEqualTo(RequestRejectionReason.HEADERS_TOO_LARGE));
    }

    @Test
    void theRequestLineLimitHoldsAtItsExactSize() {
        int max = HTTP1.maxRequestLineSize();
        String target = "/" + "a".repeat(max - "GET  HTTP/1.1\r\n".length() - 1);
        String line = "GET " + target + " HTTP/1.1\r\n";
        assertThat(line.length()).isEqualTo(max);
        var head = new RequestHead();
        assertThat(new RequestHeadReader(DEFAULTS, HTTP1).parse(segments(latin1(line + "Host: a\r\n\r\n"), 300), head)).isTrue();
        assertThat(head.target).isEqualTo(target);
        String over = "GET " + target + "a HTTP/1.1\r\n";
        assertThatThrownBy(() -> new RequestHeadReader(DEFAULTS, HTTP1).parse(segments(latin1(over + "Host: a\r\n\r\n"), 300), new RequestHead()))
                .isInstanceOfSatisfying(BadRequestException.class,
                        e -> assertThat(e.reason()).isEqualTo(RequestRejectionReason.REQUEST_LINE_TOO_LONG));
    }

    @Test
    void aShortHeadAfterALongOneOnTheSameConnectionParses() {
        var reader = new RequestHeadReader(DEFAULTS, HTTP1);
        var head = new RequestHead();
        assertThat(reader.parse(BufferSequence.of(latin1(headOf(30_000))), head)).isTrue();
        reader.reset();
        head.reset();
        assertThat(reader.parse(BufferSequence.of(latin1("GET /short HTTP/1.1\r\nHost: b\r\n\r\n")), head)).isTrue();
        assertThat(head.target).isEqualTo("/short");
        assertThat(head.headers.size()).isEqualTo(1);
        assertThat(head.headers.get("Host")).isEqualTo("b");
    }
}
