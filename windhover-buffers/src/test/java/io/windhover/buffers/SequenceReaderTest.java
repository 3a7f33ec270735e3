package io.windhover.buffers;

import static io.windhover.buffers.TestSequences.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SequenceReaderTest {

    private static final byte[] CRLF = {'\r', '\n'};

    @Test
    void readsLinesEndingInCrlfAtEverySplit() {
        byte[] data = ascii("GET / HTTP/1.1\r\nHost: a\r\n\r\nrest");
        TestSequences.everySplit(data).forEach(seq -> {
            var reader = new SequenceReader(seq);
            assertThat(readLine(reader)).isEqualTo("GET / HTTP/1.1");
            assertThat(readLine(reader)).isEqualTo("Host: a");
            assertThat(readLine(reader)).isEqualTo("");
            assertThat(reader.position()).isEqualTo(27);
            long before = reader.position();
            assertThat(reader.tryReadTo(CRLF, true)).as("no CRLF left").isEqualTo(-1);
            assertThat(reader.position()).as("nothing consumed when not found").isEqualTo(before);
            assertThat(reader.unreadSequence().toString()).isEqualTo("rest");
        });
    }

    @Test
    void findsNoDelimiterInAnyPrefixThatLacksIt() {
        byte[] data = ascii("Header: value\r\n");
        for (int length = 0; length < data.length; length++) {
            var reader = new SequenceReader(TestSequences.bytewise(java.util.Arrays.copyOf(data, length)));
            assertThat(reader.tryReadTo(CRLF, true)).as("prefix of %d bytes", length).isEqualTo(-1);
            assertThat(reader.consumed()).isZero();
        }
    }

    @Test
    void doesNotMistakeAPartialDelimiterForAWholeOne() {
        byte[] data = ascii("a\rb\r\rc\r\nd");
        TestSequences.everySplit(data).forEach(seq -> {
            var reader = new SequenceReader(seq);
            assertThat(reader.tryReadTo(CRLF, false)).isEqualTo(6);
            assertThat(reader.peek()).isEqualTo('\r');
            assertThat(reader.isNext(CRLF, true)).isTrue();
            assertThat(reader.read()).isEqualTo('d');
            assertThat(reader.isAtEnd()).isTrue();
        });
    }

    @Test
    void readsToASingleByteDelimiter() {
        TestSequences.everySplit(ascii("key=value;next")).forEach(seq -> {
            var reader = new SequenceReader(seq);
            long start = reader.position();
            long length = reader.tryReadTo((byte) '=', true);
            assertThat(seq.slice(start, start + length).toString()).isEqualTo("key");
            assertThat(reader.tryReadTo((byte) ';', false)).isEqualTo(5);
            assertThat(reader.read()).isEqualTo(';');
            assertThat(reader.tryReadTo((byte) ';', true)).isEqualTo(-1);
            assertThat(reader.remaining()).isEqualTo(4);
        });
    }

    @Test
    void peeksReadsAdvancesAndRewindsAcrossSegments() {
        TestSequences.everySplit(ascii("abcdef")).forEach(seq -> {
            var reader = new SequenceReader(seq);
            assertThat(reader.peek()).isEqualTo('a');
            assertThat(reader.peek(5)).isEqualTo('f');
            assertThat(reader.peek(6)).isEqualTo(-1);
            assertThat(reader.read()).isEqualTo('a');
            reader.advance(3);
            assertThat(reader.read()).isEqualTo('e');
            reader.rewind(4);
            assertThat(reader.read()).isEqualTo('b');
            reader.advance(4);
            assertThat(reader.isAtEnd()).isTrue();
            assertThat(reader.peek()).isEqualTo(-1);
            assertThat(reader.read()).isEqualTo(-1);
        });
    }

    @Test
    void rejectsMovesPastEitherEnd() {
        var reader = new SequenceReader(TestSequences.cut(ascii("abc"), 1));
        assertThatThrownBy(() -> reader.advance(4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot advance 4 bytes with 3 remaining");
        assertThat(reader.consumed()).isZero();
        reader.advance(2);
        assertThatThrownBy(() -> reader.rewind(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reader.advance(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reader.peek(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reader.tryReadTo(new byte[0], true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void skipsRunsOfAByte() {
        TestSequences.everySplit(ascii("   \tx  ")).forEach(seq -> {
            var reader = new SequenceReader(seq);
            assertThat(reader.advancePast((byte) ' ')).isEqualTo(3);
            assertThat(reader.isNext((byte) '\t', true)).isTrue();
            assertThat(reader.advancePast((byte) ' ')).isZero();
            assertThat(reader.isNext((byte) 'y', true)).isFalse();
            assertThat(reader.read()).isEqualTo('x');
            assertThat(reader.advancePast((byte) ' ')).isEqualTo(2);
            assertThat(reader.isAtEnd()).isTrue();
        });
    }

    @Test
    void isNextConsumesNothingOnAMismatchOrShortInput() {
        var reader = new SequenceReader(TestSequences.bytewise(ascii("HTTP/1.")));
        assertThat(reader.isNext(ascii("HTTP/1.1"), true)).isFalse();
        assertThat(reader.isNext(ascii("HTTX"), true)).isFalse();
        assertThat(reader.consumed()).isZero();
        assertThat(reader.isNext(ascii("HTTP/"), true)).isTrue();
        assertThat(reader.position()).isEqualTo(5);
    }

    @Test
    void startsAtTheSequencesOwnStartPosition() {
        BufferSequence seq = TestSequences.cut(ascii("xxxxabc\ndef"), 5).slice(4);
        var reader = new SequenceReader(seq);
        assertThat(reader.position()).isEqualTo(4);
        assertThat(reader.tryReadTo((byte) '\n', true)).isEqualTo(3);
        assertThat(reader.position()).isEqualTo(8);
        assertThat(reader.consumed()).isEqualTo(4);
        reader.reset(seq);
        assertThat(reader.consumed()).isZero();
    }

    @Test
    void handlesTheEmptySequence() {
        var reader = new SequenceReader(BufferSequence.EMPTY);
        assertThat(reader.isAtEnd()).isTrue();
        assertThat(reader.peek()).isEqualTo(-1);
        assertThat(reader.read()).isEqualTo(-1);
        assertThat(reader.tryReadTo((byte) 'a', true)).isEqualTo(-1);
        assertThat(reader.advancePast((byte) 'a')).isZero();
    }

    private static String readLine(SequenceReader reader) {
        long start = reader.position();
        long length = reader.tryReadTo(CRLF, true);
        assertThat(length).isNotNegative();
        return reader.sequence().slice(start, start + length).toString();
    }
}
