package io.windhover.buffers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Builds sequences cut into segments at chosen places, for every-split tests. */
final class TestSequences {

    private TestSequences() {
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code data} in segments cut at the given indexes (ascending); empty segments allowed. */
    static BufferSequence cut(byte[] data, int... cuts) {
        byte[][] parts = new byte[cuts.length + 1][];
        int from = 0;
        for (int i = 0; i < cuts.length; i++) {
            parts[i] = Arrays.copyOfRange(data, from, cuts[i]);
            from = cuts[i];
        }
        parts[cuts.length] = Arrays.copyOfRange(data, from, data.length);
        return BufferSequence.of(parts);
    }

    /** {@code data} as one segment, then split in two at every index, then in three around every index. */
    static Stream<BufferSequence> everySplit(byte[] data) {
        Stream<BufferSequence> whole = Stream.of(BufferSequence.of(data));
        Stream<BufferSequence> two = IntStream.rangeClosed(0, data.length).mapToObj(i -> cut(data, i));
        Stream<BufferSequence> three = IntStream.range(0, data.length).mapToObj(i -> cut(data, i, i, i + 1));
        return Stream.of(whole, two, three).flatMap(s -> s);
    }

    /** Every byte in a segment of its own. */
    static BufferSequence bytewise(byte[] data) {
        return cut(data, IntStream.range(1, data.length).toArray());
    }
}
