package io.windhover.server.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.SequenceReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkedBodyDecoderTest {

    private static final String BODY = "5\r\nhello\r\n6;ext=1;q=\"a;b\\\"c\"\r\n world\r\n"
            + "000\r\nExpires: never\r\nX-Check: 1\r\n\r\n";
    private static final String NEXT = "GET /next HTTP/1.1\r\n\r\n";

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Collects decoded data and trailers. */
    private static final class Collector implements ChunkedBodyDecoder.Sink {
        final StringBuilder data = new StringBuilder();
        final List<String> trailers = new ArrayList<>();

        @Override
        public void onData(BufferSequence buffer, long start, long end) {
            data.append(buffer.slice(start, end));
        }

        @Override
        public void onTrailer(BufferSequence buffer, long nameStart, long nameEnd, long valueStart, long valueEnd) {
            trailers.add(buffer.slice(nameStart, nameEnd) + "=" + buffer.slice(valueStart, valueEnd));
        }
    }

    /**
     * Feeds {@code input} to one decoder {@code step} bytes at a time, as a pipe would: each call
     * sees the unconsumed bytes so far. Returns the collector and the unconsumed rest.
     */
    private static Object[] feed(byte[] input, int step) {
        var decoder = new ChunkedBodyDecoder(10);
        var sink = new Collector();
        int consumed = 0;
        boolean done = false;
        for (int available = Math.min(step, input.length); !done; available = Math.min(available + step, input.length)) {
            var reader = new SequenceReader(BufferSequence.of(Arrays.copyOfRange(input, consumed, available)));
            done = decoder.decode(reader, sink);
            consumed += (int) reader.consumed();
            if (available == input.length && !done) {
                throw new AssertionError("not done after all " + input.length + " bytes");
            }
        }
        return new Object[] {sink, new String(input, consumed, input.length - consumed, StandardCharsets.ISO_8859_1)};
    }

    @Test
    void decodesChunksExtensionsAndTrailersFedInPiecesOfEverySize() {
        byte[] input = ascii(BODY + NEXT);
        for (int step = 1; step <= input.length; step++) {
            Object[] result = feed(input, step);
            Collector sink = (Collector) result[0];
            assertThat(sink.data).as("step %d", step).hasToString("hello world");
            assertThat(sink.trailers).containsExactly("Expires=never", "X-Check=1");
            assertThat(result[1]).as("the next request is left alone").isEqualTo(NEXT);
        }
    }

    @Test
    void decodesTheSameAcrossSegmentSplits() {
        byte[] input = ascii(BODY);
        for (int cut = 0; cut <= input.length; cut++) {
            var reader = new SequenceReader(BufferSequence.of(Arrays.copyOf(input, cut), Arrays.copyOfRange(input, cut, input.length)));
            var sink = new Collector();
            assertThat(new ChunkedBodyDecoder(10).decode(reader, sink)).isTrue();
            assertThat(sink.data).hasToString("hello world");
            assertThat(reader.isAtEnd()).isTrue();
        }
    }

    @Test
    void acceptsLargeSizesUpToALongAndUpperCaseHex() {
        var reader = new SequenceReader(BufferSequence.of(ascii("7FFFFFFFFFFFFFFF\r\nab")));
        var sink = new Collector();
        assertThat(new ChunkedBodyDecoder(10).decode(reader, sink)).isFalse();
        assertThat(sink.data).hasToString("ab");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "x\r\n",                    // not hex
            "-5\r\nhello\r\n0\r\n\r\n", // signed
            "+5\r\nhello\r\n0\r\n\r\n",
            "0x5\r\nhello\r\n0\r\n\r\n", // prefixed
            " 5\r\nhello\r\n0\r\n\r\n", // leading whitespace
            "5 \r\nhello\r\n0\r\n\r\n", // trailing whitespace without an extension
            "5\nhello\r\n0\r\n\r\n",    // bare LF
            "5\r\nhelloX\r\n0\r\n\r\n", // data longer than announced
            "5\r\nhello\n0\r\n\r\n",    // no CR after data
            "10000000000000000\r\n",   // 17 hex digits: overflow
            "8000000000000000\r\n",    // just past Long.MAX_VALUE
            "5;\r\nhello\r\n0\r\n\r\n", // extension without a name
            "5;a=\r\nhello\r\n0\r\n\r\n", // extension without a value
            "5;a=\"b\r\nhello\r\n0\r\n\r\n", // unterminated quote
            "5;a=\"b\u0000\"\r\nhello\r\n0\r\n\r\n", // control byte in quotes
            "5;a b\r\nhello\r\n0\r\n\r\n", // junk after a name
            "5;a \r\nhello\r\n0\r\n\r\n", // whitespace after the last name (ChunkedBodyDecoderFuzzTest)
            "5;a=b \r\nhello\r\n0\r\n\r\n", // whitespace after the last value
            "5,a\r\nhello\r\n0\r\n\r\n",
            "0\r\n folded: x\r\n\r\n",   // obs-fold in trailers
            "0\r\nX : y\r\n\r\n",       // whitespace before the colon in trailers
    })
    void rejectsMalformedFramingWith400(String body) {
        var reader = new SequenceReader(BufferSequence.of(ascii(body)));
        assertThatThrownBy(() -> new ChunkedBodyDecoder(10).decode(reader, new Collector()))
                .isInstanceOf(BadRequestException.class)
                .satisfies(e -> assertThat(((BadRequestException) e).status()).isEqualTo(400));
    }

    /** RFC 9112 §7.1.1: BWS around ";" and "=" is allowed; only at the end of the line it is not. */
    @ParameterizedTest
    @ValueSource(strings = {"5 ;a\r\nhello\r\n0\r\n\r\n", "5; a ;b\r\nhello\r\n0\r\n\r\n", "5;a = b\t;c\r\nhello\r\n0\r\n\r\n"})
    void acceptsWhitespaceAroundExtensionSeparators(String body) {
        var reader = new SequenceReader(BufferSequence.of(ascii(body)));
        var sink = new Collector();
        assertThat(new ChunkedBodyDecoder(10).decode(reader, sink)).isTrue();
        assertThat(sink.data).hasToString("hello");
    }

    @Test
    void refusesASizeLineLongerThanTheLimitEvenBeforeItEnds() {
        String longExtension = "5;" + "a".repeat(ChunkedBodyDecoder.MAX_CHUNK_LINE);
        var complete = new SequenceReader(BufferSequence.of(ascii(longExtension + "\r\nhello")));
        assertThatThrownBy(() -> new ChunkedBodyDecoder(10).decode(complete, new Collector()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("longer than");
        var unfinished = new SequenceReader(BufferSequence.of(ascii(longExtension)));
        assertThatThrownBy(() -> new ChunkedBodyDecoder(10).decode(unfinished, new Collector()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("longer than");
        String atLimit = "5;" + "a".repeat(ChunkedBodyDecoder.MAX_CHUNK_LINE - 3) + "\r\nhello\r\n0\r\n\r\n";
        assertThat(new ChunkedBodyDecoder(10).decode(new SequenceReader(BufferSequence.of(ascii(atLimit))), new Collector()))
                .isTrue();
    }

    @Test
    void waitsForATrailerSectionUpToItsLimitAndRefusesOneByteMore() {
        // The size line is consumed first; the trailer bytes waiting are "X: " and the a's.
        String atLimit = "0\r\nX: " + "a".repeat(ChunkedBodyDecoder.MAX_TRAILER_BYTES - 3);
        var waiting = new SequenceReader(BufferSequence.of(ascii(atLimit)));
        assertThat(new ChunkedBodyDecoder(10).decode(waiting, new Collector())).as("incomplete, at the limit").isFalse();
        var over = new SequenceReader(BufferSequence.of(ascii(atLimit + "a")));
        assertThatThrownBy(() -> new ChunkedBodyDecoder(10).decode(over, new Collector()))
                .isInstanceOf(BadRequestException.class)
                .satisfies(e -> assertThat(((BadRequestException) e).status()).isEqualTo(431));
    }

    @Test
    void holdsAWholeTrailerSectionInOneReadToTheSameLimit() {
        // Its fields "X: a..." with their CRLF come to the limit; the empty line ending the section does not count.
        String atLimit = "0\r\nX: " + "a".repeat(ChunkedBodyDecoder.MAX_TRAILER_BYTES - 5) + "\r\n";
        var whole = new SequenceReader(BufferSequence.of(ascii(atLimit + "\r\n")));
        assertThat(new ChunkedBodyDecoder(10).decode(whole, new Collector())).as("complete, at the limit").isTrue();
        String over = "0\r\nX: " + "a".repeat(ChunkedBodyDecoder.MAX_TRAILER_BYTES - 4) + "\r\n\r\n";
        var overReader = new SequenceReader(BufferSequence.of(ascii(over)));
        assertThatThrownBy(() -> new ChunkedBodyDecoder(10).decode(overReader, new Collector()))
                .isInstanceOf(BadRequestException.class)
                .satisfies(e -> assertThat(((BadRequestException) e).status()).isEqualTo(431));
    }

    @Test
    void countsTrailersAgainstTheirLimit() {
        var reader = new SequenceReader(BufferSequence.of(ascii("0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n")));
        assertThatThrownBy(() -> new ChunkedBodyDecoder(2).decode(reader, new Collector()))
                .isInstanceOf(BadRequestException.class)
                .satisfies(e -> assertThat(((BadRequestException) e).status()).isEqualTo(431));
    }
}
