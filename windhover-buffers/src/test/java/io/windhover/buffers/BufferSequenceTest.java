package io.windhover.buffers;

import static io.windhover.buffers.TestSequences.ascii;
import static io.windhover.buffers.TestSequences.cut;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BufferSequenceTest {

    @Test
    void boundedSearchStopsAtItsEndAcrossSegments() {
        BufferSequence sequence = BufferSequence.of("abc".getBytes(StandardCharsets.US_ASCII), "de\nfg".getBytes(StandardCharsets.US_ASCII));
        assertThat(sequence.indexOf((byte) '\n', 0, 6)).isEqualTo(5);
        assertThat(sequence.indexOf((byte) '\n', 0, 5)).as("the bound is exclusive").isEqualTo(-1);
        assertThat(sequence.indexOf((byte) 'b', 1, 2)).isEqualTo(1);
        assertThat(sequence.indexOf((byte) 'a', 1, 8)).isEqualTo(-1);
        assertThat(sequence.indexOf((byte) 'f', 4, 4)).as("an empty range").isEqualTo(-1);
        assertThatThrownBy(() -> sequence.indexOf((byte) 'a', 0, 9)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void numbersBytesFromZeroAcrossSegments() {
        BufferSequence seq = cut(ascii("hello world"), 3, 3, 8);
        assertThat(seq.start()).isZero();
        assertThat(seq.end()).isEqualTo(11);
        assertThat(seq.length()).isEqualTo(11);
        assertThat(seq.segmentCount()).isEqualTo(4);
        assertThat(seq.isSingleSegment()).isFalse();
        assertThat(seq.get(0)).isEqualTo((byte) 'h');
        assertThat(seq.get(3)).isEqualTo((byte) 'l');
        assertThat(seq.get(10)).isEqualTo((byte) 'd');
        assertThat(seq.toString()).isEqualTo("hello world");
    }

    @Test
    void slicesByPositionWithoutCopying() {
        byte[] data = ascii("GET /index.html HTTP/1.1");
        BufferSequence seq = cut(data, 5, 12);
        BufferSequence target = seq.slice(4, 15);
        assertThat(target.toString()).isEqualTo("/index.html");
        assertThat(target.start()).isEqualTo(4);
        assertThat(target.slice(5, 10).toString()).isEqualTo("index");
        assertThat(seq.slice(16).toString()).isEqualTo("HTTP/1.1");
        assertThat(seq.slice(7, 7).isEmpty()).isTrue();
        BufferSequence view = BufferSequence.of(data).slice(4, 15);
        data[5] = 'X';
        assertThat(view.toString()).as("a view, not a copy").isEqualTo("/Xndex.html");
    }

    @Test
    void rejectsPositionsOutsideTheSequence() {
        BufferSequence seq = cut(ascii("abcdef"), 2).slice(1, 5);
        assertThatThrownBy(() -> seq.get(5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> seq.get(0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> seq.slice(0, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> seq.slice(3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> seq.slice(2, 6)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("range [2, 6) is outside the sequence [1, 5)");
    }

    @Test
    void findsTheFirstMatchingByteAtEverySplitAndEveryOffset() {
        // Long enough to exercise the 8-byte steps and the byte-by-byte tail.
        byte[] data = new byte[37];
        for (int at = 0; at < data.length; at++) {
            java.util.Arrays.fill(data, (byte) 'a');
            data[at] = '\n';
            if (at + 3 < data.length) {
                data[at + 3] = '\n';
            }
            final int expected = at;
            TestSequences.everySplit(data).forEach(seq -> {
                assertThat(seq.indexOf((byte) '\n')).isEqualTo(expected);
                assertThat(seq.indexOf((byte) 'z')).isEqualTo(-1);
                assertThat(seq.indexOf((byte) '\n', expected + 1))
                        .isEqualTo(expected + 3 < data.length ? expected + 3 : -1);
            });
        }
    }

    @Test
    void findsBytesWhoseValueHasTheHighBitSet() {
        byte[] data = new byte[20];
        java.util.Arrays.fill(data, (byte) 0x7F);
        data[13] = (byte) 0x80;
        data[17] = (byte) 0xFF;
        BufferSequence seq = BufferSequence.of(data);
        assertThat(seq.indexOf((byte) 0x80)).isEqualTo(13);
        assertThat(seq.indexOf((byte) 0xFF)).isEqualTo(17);
        assertThat(seq.indexOf((byte) 0x00)).isEqualTo(-1);
    }

    @Test
    void agreesWithANaiveSearchOnRandomData() {
        var random = new Random(42);
        for (int round = 0; round < 500; round++) {
            byte[] data = new byte[random.nextInt(64)];
            random.nextBytes(data);
            byte needle = (byte) random.nextInt(256);
            int naive = -1;
            for (int i = 0; i < data.length; i++) {
                if (data[i] == needle) {
                    naive = i;
                    break;
                }
            }
            int split = data.length == 0 ? 0 : random.nextInt(data.length);
            assertThat(cut(data, split).indexOf(needle)).isEqualTo(naive);
        }
    }

    @Test
    void copiesOutAnyRange() {
        byte[] data = ascii("0123456789");
        BufferSequence seq = TestSequences.bytewise(data);
        byte[] target = new byte[12];
        seq.copyTo(2, target, 1, 6);
        assertThat(new String(target, 1, 6, StandardCharsets.US_ASCII)).isEqualTo("234567");
        assertThat(seq.toArray()).isEqualTo(data);
        assertThat(seq.slice(3, 9).toString(StandardCharsets.US_ASCII)).isEqualTo("345678");
        assertThatThrownBy(() -> seq.copyTo(8, target, 0, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void copiesAnyRangeIntoAByteBufferAcrossSegments() {
        byte[] data = ascii("0123456789");
        BufferSequence seq = TestSequences.bytewise(data); // a segment per byte
        for (java.nio.ByteBuffer target : new java.nio.ByteBuffer[] {
                java.nio.ByteBuffer.allocate(12), java.nio.ByteBuffer.allocateDirect(12)}) {
            target.position(1);
            seq.copyTo(2, target, 6);
            assertThat(target.position()).as("moved past what was copied").isEqualTo(7);
            byte[] copied = new byte[6];
            target.get(1, copied);
            assertThat(new String(copied, StandardCharsets.US_ASCII)).isEqualTo("234567");
            assertThatThrownBy(() -> seq.copyTo(0, target, 6)).as("5 bytes of room left")
                    .isInstanceOf(java.nio.BufferOverflowException.class);
            assertThat(target.position()).as("nothing copied by the refused call").isEqualTo(7);
            assertThatThrownBy(() -> seq.copyTo(8, target, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void viewsASubArrayFromPositionZero() {
        byte[] data = ascii("xxHELLOyy");
        BufferSequence seq = BufferSequence.of(data, 2, 5);
        assertThat(seq.start()).isZero();
        assertThat(seq.toString()).isEqualTo("HELLO");
        assertThat(seq.indexOf((byte) 'y')).isEqualTo(-1);
        assertThat(seq.indexOf((byte) 'L')).isEqualTo(2);
        assertThatThrownBy(() -> BufferSequence.of(data, 5, 5)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void fillsBuffersForAGatheringWriteSkippingEmptySegments() {
        BufferSequence seq = cut(ascii("abcdefgh"), 0, 3, 3, 6).slice(1);
        ByteBuffer[] buffers = new ByteBuffer[4];
        int count = seq.toByteBuffers(buffers, 1);
        assertThat(count).isEqualTo(3);
        StringBuilder joined = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            joined.append(StandardCharsets.US_ASCII.decode(buffers[i].duplicate()));
        }
        assertThat(joined).hasToString("bcdefgh");
        assertThat(seq.toByteBuffers(new ByteBuffer[2], 0)).as("stops when the array is full").isEqualTo(2);
    }

    @Test
    void emptySequenceBehaves() {
        BufferSequence empty = BufferSequence.EMPTY;
        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.indexOf((byte) 0)).isEqualTo(-1);
        assertThat(empty.toArray()).isEmpty();
        assertThat(empty.slice(0, 0).isEmpty()).isTrue();
        assertThat(empty.toByteBuffers(new ByteBuffer[1], 0)).isZero();
        assertThat(BufferSequence.of().isEmpty()).isTrue();
    }
}
