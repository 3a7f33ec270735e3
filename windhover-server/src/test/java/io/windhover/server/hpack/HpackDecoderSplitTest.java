package io.windhover.server.hpack;

import static io.windhover.server.hpack.RecordingHeaderHandler.entries;
import static io.windhover.server.hpack.RecordingHeaderHandler.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every split: each block of a sequence decoded in two fragments cut at every index (and in three
 * at every pair of indices, and one octet per fragment) gives the same fields, table and error as
 * decoded whole, the blocks before it decoded whole.
 */
class HpackDecoderSplitTest {

    static Stream<Arguments> sequences() {
        return Stream.of(
                Arguments.of("C.3 requests", List.of(HpackDecoderRfcExamplesTest.C3_REQUESTS)),
                Arguments.of("C.4 requests, Huffman", List.of(HpackDecoderRfcExamplesTest.C4_REQUESTS)),
                Arguments.of("C.5 responses", List.of(HpackDecoderRfcExamplesTest.C5_RESPONSES)),
                Arguments.of("C.6 responses, Huffman", List.of(HpackDecoderRfcExamplesTest.C6_RESPONSES)),
                Arguments.of("size updates then fields", List.of("3fe101 20 3fe101 82 4003 6b65 7903 7661 6c", "be")),
                Arguments.of("a long value", List.of(hex(HpackDecoderTest.literalWithIndexing("k", "v".repeat(200))), "be")),
                Arguments.of("error: EOS in Huffman", List.of("82 0085 f2b2 4a84 ff87 4951 ffff fffa 7f")),
                Arguments.of("error: size update after a field", List.of("82 3fe101")),
                Arguments.of("error: index past the tables", List.of("82 c0")),
                Arguments.of("error: integer overflow", List.of("82 ff ff ff ff ff 0f")),
                Arguments.of("error: ends inside a field", List.of("82 4003 6b65")));
    }

    /** Decodes the blocks in order, the last one cut at {@code cuts}; records fields, table and error. */
    private static String outcome(List<String> blocks, int last, int... cuts) {
        var decoder = new HpackDecoder(256, 1000, 1000);
        var handler = new RecordingHeaderHandler();
        try {
            for (int b = 0; b < last; b++) {
                decoder.decode(hex(blocks.get(b)), handler);
            }
            byte[] block = hex(blocks.get(last));
            int from = 0;
            for (int cut : cuts) {
                decoder.decode(block, from, cut - from, false, handler);
                from = cut;
            }
            decoder.decode(block, from, block.length - from, true, handler);
            return handler.fields + " " + entries(decoder.table()) + " too large: " + decoder.headerListTooLarge();
        } catch (HpackDecodingException e) {
            return handler.fields + " error: " + e.getMessage();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void everySplitDecodesAsTheWholeBlock(String name, List<String> blocks) {
        String end = outcome(blocks, blocks.size() - 1);
        assertThat(end.contains("error: ")).as(end).isEqualTo(name.startsWith("error: "));
        assertThat(end).as("the good blocks decode to fields").doesNotStartWith("[] ");
        for (int last = 0; last < blocks.size(); last++) {
            String whole = outcome(blocks, last);
            int length = hex(blocks.get(last)).length;
            for (int cut = 0; cut <= length; cut++) {
                assertThat(outcome(blocks, last, cut)).as("block %d cut at %d", last, cut).isEqualTo(whole);
            }
            for (int first = 0; first <= length && length <= 64; first++) {
                for (int second = first; second <= length; second++) {
                    assertThat(outcome(blocks, last, first, second))
                            .as("block %d cut at %d and %d", last, first, second).isEqualTo(whole);
                }
            }
            List<Integer> everyOctet = new ArrayList<>();
            for (int cut = 1; cut < length; cut++) {
                everyOctet.add(cut);
            }
            assertThat(outcome(blocks, last, everyOctet.stream().mapToInt(Integer::intValue).toArray()))
                    .as("block %d one octet per fragment", last).isEqualTo(whole);
        }
    }
}
