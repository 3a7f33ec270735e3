package io.windhover.server.hpack;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Fuzzes {@link HpackDecoder} the way the HTTP/2 engine drives it: the input is one header block,
 * decoded twice on the same connection (so that the second reads the table the first built), under
 * the default limits and under small ones (a 256-octet table, 64-octet strings, a 512-octet list,
 * so that short inputs reach every limit). Whatever the bytes, it checks that
 * <ul>
 *   <li>the decoder succeeds or throws {@link HpackDecodingException}, never another exception;</li>
 *   <li>the outcome — the fields, the table, the error — is the same whether the block comes whole,
 *       in two fragments cut at an input-derived point, or one octet per fragment;</li>
 *   <li>what is reported keeps the limits: no string over the field limit, no list over the list
 *       limit, a table within its maximum and the maximum within the allowed one;</li>
 *   <li>the fields decoded, encoded again by {@link HpackEncoder}, decode to the same fields.</li>
 * </ul>
 *
 * <p>The seed corpus is in {@code HpackDecoderFuzzTestInputs/headerBlock}, one raw block per file.
 * {@code ./mvnw test} runs it (and every finding kept there) in Jazzer's regression mode; fuzz it
 * with {@code JAZZER_FUZZ=1} like the other targets (see {@code bin/fuzz}).
 */
class HpackDecoderFuzzTest {

    private record Limits(int table, int field, int list) {
    }

    private static final List<Limits> LIMITS = List.of(
            new Limits(HpackDecoder.DEFAULT_HEADER_TABLE_SIZE, HpackDecoder.DEFAULT_MAX_HEADER_FIELD_SIZE,
                    HpackDecoder.DEFAULT_MAX_HEADER_LIST_SIZE),
            new Limits(256, 64, 512));

    /** What decoding the input twice came to. */
    private record Outcome(List<Field> fields, List<String> table, boolean tooLarge, String error) {
    }

    private record Field(String name, String value) {
    }

    @DictionaryFile(resourcePath = "/fuzz-dictionaries/hpack.dict")
    @FuzzTest
    void headerBlock(byte[] data) throws Exception {
        int cut = data.length == 0 ? 0 : Math.floorMod(Arrays.hashCode(data), data.length + 1);
        int[] everyOctet = new int[Math.max(0, data.length - 1)];
        Arrays.setAll(everyOctet, i -> i + 1);
        for (Limits limits : LIMITS) {
            Outcome whole = decodeTwice(data, limits);
            assertThat(decodeTwice(data, limits, cut)).as("cut at %d", cut).isEqualTo(whole);
            assertThat(decodeTwice(data, limits, everyOctet)).as("one octet per fragment").isEqualTo(whole);
            if (whole.error() == null && !whole.tooLarge()) {
                assertReencodes(whole.fields());
            }
        }
    }

    private static Outcome decodeTwice(byte[] data, Limits limits, int... cuts) {
        var decoder = new HpackDecoder(limits.table(), limits.field(), limits.list());
        var handler = new LimitCheckingHandler(limits);
        boolean tooLarge = false;
        try {
            for (int round = 0; round < 2; round++) {
                handler.startBlock();
                int from = 0;
                for (int cut : cuts) {
                    decoder.decode(data, from, cut - from, false, handler);
                    from = cut;
                }
                decoder.decode(data, from, data.length - from, true, handler);
                tooLarge |= decoder.headerListTooLarge();
                assertThat(decoder.table().size()).isLessThanOrEqualTo(decoder.table().maxSize());
                assertThat(decoder.table().maxSize()).isLessThanOrEqualTo(limits.table());
            }
            return new Outcome(handler.fields, RecordingHeaderHandler.entries(decoder.table()), tooLarge, null);
        } catch (HpackDecodingException e) {
            return new Outcome(handler.fields, List.of(), tooLarge, e.getMessage());
        }
    }

    /** Records the fields and fails on any that breaks the limits. */
    private static final class LimitCheckingHandler implements HpackHeaderHandler {
        final Limits limits;
        final List<Field> fields = new ArrayList<>();
        long listSize;

        LimitCheckingHandler(Limits limits) {
            this.limits = limits;
        }

        void startBlock() {
            listSize = 0;
        }

        @Override
        public void onHeader(int nameId, byte[] name, int nameOffset, int nameLength, byte[] value, int valueOffset,
                int valueLength) {
            assertThat(nameLength).isLessThanOrEqualTo(Math.max(limits.field(), 27)); // static names are short
            assertThat(valueLength).isLessThanOrEqualTo(limits.field());
            listSize += nameLength + valueLength + 32;
            assertThat(listSize).isLessThanOrEqualTo(limits.list());
            int id = HpackStaticTable.nameId(name, nameOffset, nameLength);
            assertThat(nameId).as("the name id matches the name").isEqualTo(id);
            fields.add(new Field(RecordingHeaderHandler.latin1(name, nameOffset, nameLength),
                    RecordingHeaderHandler.latin1(value, valueOffset, valueLength)));
        }
    }

    /** Our encoder's block for the fields decodes to them again (names are sent lower-cased, so those only). */
    private static void assertReencodes(List<Field> fields) throws HpackDecodingException {
        var encoder = new HpackEncoder();
        var block = new HeaderBlockBuffer();
        encoder.beginBlock(block);
        List<String> expected = new ArrayList<>();
        for (Field field : fields) {
            if (!field.name().equals(field.name().toLowerCase(Locale.ROOT))) {
                continue;
            }
            encoder.encode(field.name(), field.value(), block);
            expected.add(field.name() + ": " + field.value());
        }
        var handler = new RecordingHeaderHandler();
        new HpackDecoder(4_096, Integer.MAX_VALUE, Integer.MAX_VALUE).decode(block.toByteArray(), handler);
        assertThat(handler.fields).isEqualTo(expected);
    }
}
