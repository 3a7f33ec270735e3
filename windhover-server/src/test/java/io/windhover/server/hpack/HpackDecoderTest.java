package io.windhover.server.hpack;

import static io.windhover.server.hpack.RecordingHeaderHandler.decode;
import static io.windhover.server.hpack.RecordingHeaderHandler.entries;
import static io.windhover.server.hpack.RecordingHeaderHandler.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The decoder's rules and limits, each at its edge and one over. */
class HpackDecoderTest {

    /** RFC 7541 §5.1's pseudocode on a long, so that tests can write integers the encoder never would. */
    static byte[] integer(int flags, int prefixBits, long value) {
        var out = new ByteArrayOutputStream();
        long prefixMax = (1L << prefixBits) - 1;
        if (value < prefixMax) {
            out.write((int) (flags | value));
            return out.toByteArray();
        }
        out.write((int) (flags | prefixMax));
        long rest = value - prefixMax;
        while (rest >= 128) {
            out.write((int) (rest % 128 + 128));
            rest /= 128;
        }
        out.write((int) rest);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A literal with a new name and raw strings: {@code flags} and {@code prefixBits} pick its kind (§6.2). */
    static byte[] literal(int flags, int prefixBits, String name, String value) {
        var block = new HeaderBlockBuffer();
        block.writeInteger(flags, prefixBits, 0);
        block.writeString(name, false);
        block.writeString(value, false);
        return block.toByteArray();
    }

    static byte[] literalWithIndexing(String name, String value) {
        return literal(0x40, 6, name, value);
    }

    static byte[] literalWithoutIndexing(String name, String value) {
        return literal(0x00, 4, name, value);
    }

    static HpackDecoder decoder(int maxTableSize, int maxFieldSize, int maxListSize) {
        return new HpackDecoder(maxTableSize, maxFieldSize, maxListSize);
    }

    // §5.1 integers

    @Test
    void encodesAndDecodesTheIntegerExamplesOfAppendixC1() throws Exception {
        var block = new HeaderBlockBuffer();
        block.writeInteger(0x20, 5, 10);
        assertThat(hex(block.toByteArray())).isEqualTo("2a"); // C.1.1, as a size update: 001 01010
        block.reset();
        block.writeInteger(0x20, 5, 1337);
        assertThat(hex(block.toByteArray())).isEqualTo("3f9a0a"); // C.1.2
        block.reset();
        block.writeInteger(0, 8, 42);
        assertThat(hex(block.toByteArray())).isEqualTo("2a"); // C.1.3, on an octet boundary

        var decoder = new HpackDecoder();
        decoder.decode(hex("3f9a0a"), new RecordingHeaderHandler());
        assertThat(decoder.table().maxSize()).isEqualTo(1337);
        decoder.decode(hex("2a"), new RecordingHeaderHandler());
        assertThat(decoder.table().maxSize()).isEqualTo(10);
    }

    @Test
    void decodesAnIntegerOf2To31Minus1AndRefusesOneMore() throws Exception {
        byte[] largest = integer(0x80, 7, Integer.MAX_VALUE);
        assertThat(largest).hasSize(6);
        assertThatThrownBy(() -> decode(new HpackDecoder(), largest))
                .isInstanceOf(HpackDecodingException.class).hasMessageContaining("index 2147483647 is past both tables");
        assertThatThrownBy(() -> decode(new HpackDecoder(), integer(0x80, 7, Integer.MAX_VALUE + 1L)))
                .isInstanceOf(HpackDecodingException.class).hasMessageContaining("integer over 2^31 - 1");
        assertThatThrownBy(() -> decode(new HpackDecoder(), integer(0x80, 7, 1L << 40)))
                .isInstanceOf(HpackDecodingException.class).hasMessageContaining("integer over 2^31 - 1");
        assertThatThrownBy(() -> decode(new HpackDecoder(), concat(hex("00"), integer(0x00, 7, Integer.MAX_VALUE + 1L))))
                .as("a string length").isInstanceOf(HpackDecodingException.class).hasMessageContaining("integer over");
    }

    @Test
    void refusesAnIntegerPaddedWithZeroContinuationOctetsPastSixOctets() throws Exception {
        // 127 + 2 = index 129 written with needless zero groups: 7f|82 80 80 80 00 is six octets, allowed.
        assertThatThrownBy(() -> decode(new HpackDecoder(), hex("ff 82 80 80 80 00")))
                .isInstanceOf(HpackDecodingException.class).hasMessageContaining("index 129 is past");
        assertThatThrownBy(() -> decode(new HpackDecoder(), hex("ff 82 80 80 80 80 00")))
                .isInstanceOf(HpackDecodingException.class).hasMessageContaining("longer than six octets");
    }

    // §6.1, §2.3.3 indices

    @Test
    void refusesIndexZero() {
        assertThatThrownBy(() -> decode(new HpackDecoder(), hex("80")))
                .isInstanceOf(HpackDecodingException.class).hasMessageContaining("index 0");
    }

    @Test
    void acceptsTheLastIndexOfBothTablesAndRefusesOneMore() throws Exception {
        var decoder = new HpackDecoder();
        assertThat(decode(decoder, hex("bd"))).containsExactly("www-authenticate: "); // 61
        assertThatThrownBy(() -> decode(new HpackDecoder(), hex("be"))) // 62, the table empty
                .isInstanceOf(HpackDecodingException.class).hasMessageContaining("index 62 is past both tables (61 + 0");

        var withOne = new HpackDecoder();
        decode(withOne, literalWithIndexing("x", "y"));
        assertThat(decode(withOne, hex("be"))).containsExactly("x: y");
        assertThatThrownBy(() -> decode(withOne, hex("bf"))).isInstanceOf(HpackDecodingException.class);
        assertThatThrownBy(() -> decode(new HpackDecoder(), hex("7e 01 61")))
                .as("a literal naming index 62").isInstanceOf(HpackDecodingException.class).hasMessageContaining("index 62");
    }

    // §4 table management

    @Test
    void evictsTheOldestEntriesToMakeRoom() throws Exception {
        var decoder = decoder(100, 1000, 10_000);
        decode(decoder, literalWithIndexing("a", "1234567")); // 1 + 7 + 32 = 40
        decode(decoder, literalWithIndexing("b", "1234567")); // 80
        assertThat(entries(decoder.table())).containsExactly("(40) b: 1234567", "(40) a: 1234567");
        decode(decoder, literalWithIndexing("c", "12345678901234567890")); // 53: a goes
        assertThat(entries(decoder.table())).containsExactly("(53) c: 12345678901234567890", "(40) b: 1234567");
        assertThat(decoder.table().size()).isEqualTo(93);
        assertThat(decode(decoder, hex("be bf"))).containsExactly("c: 12345678901234567890", "b: 1234567");
    }

    @Test
    void holdsAsManySmallEntriesAsTheMaximumAllowsAndKeepsTheirOrderAsItGrowsAndWraps() throws Exception {
        var decoder = decoder(128 * 34, 1000, 1 << 20);
        var block = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 130; i++) {
            block.writeBytes(literalWithIndexing(Character.toString('a' + i / 26) + (char) ('a' + i % 26), "")); // 34
        }
        decode(decoder, block.toByteArray());
        var entries = entries(decoder.table());
        assertThat(entries).hasSize(128);
        assertThat(entries.getFirst()).isEqualTo("(34) ez: "); // the 130th
        assertThat(entries.getLast()).isEqualTo("(34) ac: "); // the 3rd: the first two were evicted
        assertThat(decode(decoder, concat(integer(0x80, 7, 62), integer(0x80, 7, 189)))).containsExactly("ez: ", "ac: ");
        assertThatThrownBy(() -> decode(decoder, integer(0x80, 7, 190))).isInstanceOf(HpackDecodingException.class);
    }

    @Test
    void anEntryOfExactlyTheMaximumFillsTheTableAndOneOctetMoreEmptiesIt() throws Exception {
        var decoder = decoder(100, 1000, 10_000);
        decode(decoder, literalWithIndexing("a", "x".repeat(67))); // 1 + 67 + 32 = 100
        assertThat(decoder.table().size()).isEqualTo(100);
        assertThat(decoder.table().length()).isEqualTo(1);
        assertThat(decode(decoder, literalWithIndexing("a", "x".repeat(68)))).hasSize(1); // 101: reported, not kept
        assertThat(decoder.table().length()).isZero();
        assertThat(decoder.table().size()).isZero();
    }

    @Test
    void aNewEntryMayNameTheEntryItsInsertionEvicts() throws Exception {
        var decoder = decoder(80, 1000, 10_000);
        decode(decoder, literalWithIndexing("name", "1234")); // 40
        decode(decoder, literalWithIndexing("othr", "1234")); // 80
        // 01 + index 63 (the older, "name"), value "abcd": adding it evicts "name" itself.
        assertThat(decode(decoder, concat(integer(0x40, 6, 63), hex("04 61626364")))).containsExactly("name: abcd");
        assertThat(entries(decoder.table())).containsExactly("(40) name: abcd", "(40) othr: 1234");
    }

    // §4.2, §6.3 size updates

    @Test
    void aSizeUpdateAtTheStartOfABlockEvicts() throws Exception {
        var decoder = new HpackDecoder();
        decode(decoder, hex(HpackDecoderRfcExamplesTest.C3_REQUESTS[0]));
        decode(decoder, hex(HpackDecoderRfcExamplesTest.C3_REQUESTS[1]));
        assertThat(decoder.table().length()).isEqualTo(2);
        assertThat(decode(decoder, concat(integer(0x20, 5, 60), hex("be")))).containsExactly("cache-control: no-cache");
        assertThat(entries(decoder.table())).containsExactly("(53) cache-control: no-cache");
        assertThat(decoder.table().maxSize()).isEqualTo(60);
    }

    @Test
    void twoSizeUpdatesInARowAreAllowed() throws Exception {
        var decoder = new HpackDecoder();
        decode(decoder, literalWithIndexing("a", "b"));
        assertThat(decode(decoder, concat(hex("20"), integer(0x20, 5, 4096), hex("82")))).containsExactly(":method: GET");
        assertThat(decoder.table().length()).as("emptied by the update to 0").isZero();
        assertThat(decoder.table().maxSize()).isEqualTo(4096);
    }

    @Test
    void aSizeUpdateInALaterFragmentIsStillAtTheStartIfNoFieldCameBefore() throws Exception {
        var decoder = new HpackDecoder();
        var handler = new RecordingHeaderHandler();
        decoder.decode(hex("20"), 0, 1, false, handler);
        decoder.decode(hex("3f e1 01 82"), 0, 4, true, handler);
        assertThat(handler.fields).containsExactly(":method: GET");
        assertThat(decoder.table().maxSize()).isEqualTo(256);
    }

    @Test
    void refusesASizeUpdateAfterAField() {
        assertThatThrownBy(() -> decode(new HpackDecoder(), hex("82 20")))
                .isInstanceOf(HpackDecodingException.class).hasMessageContaining("after the first field");
        var decoder = new HpackDecoder();
        assertThatThrownBy(() -> {
            decoder.decode(hex("82"), 0, 1, false, new RecordingHeaderHandler());
            decoder.decode(hex("20"), 0, 1, true, new RecordingHeaderHandler());
        }).as("in the next fragment").isInstanceOf(HpackDecodingException.class);
    }

    @Test
    void acceptsASizeUpdateToTheAllowedMaximumAndRefusesOneMore() throws Exception {
        var decoder = new HpackDecoder();
        decode(decoder, integer(0x20, 5, 4096));
        assertThat(decoder.table().maxSize()).isEqualTo(4096);
        assertThatThrownBy(() -> decode(new HpackDecoder(), integer(0x20, 5, 4097)))
                .isInstanceOf(HpackDecodingException.class).hasMessageContaining("over SETTINGS_HEADER_TABLE_SIZE 4096");
    }

    @Test
    void afterALoweredSettingTheNextBlockMustStartWithAnUpdateWithinIt() throws Exception {
        var decoder = new HpackDecoder();
        decode(decoder, literalWithIndexing("a", "b"));
        decoder.setMaxTableSize(1024);
        assertThatThrownBy(() -> decode(decoder, hex("82")))
                .isInstanceOf(HpackDecodingException.class).hasMessageContaining("does not start with the dynamic table size update");

        var obeying = new HpackDecoder();
        decode(obeying, literalWithIndexing("a", "b"));
        obeying.setMaxTableSize(1024);
        assertThatThrownBy(() -> decode(obeying, integer(0x20, 5, 1025))).isInstanceOf(HpackDecodingException.class);

        var shrunk = new HpackDecoder();
        decode(shrunk, literalWithIndexing("a", "b"));
        shrunk.setMaxTableSize(1024);
        assertThat(decode(shrunk, concat(integer(0x20, 5, 1024), hex("be")))).containsExactly("a: b");
        assertThat(decode(shrunk, hex("be"))).as("no update needed after that").containsExactly("a: b");
    }

    @Test
    void aRaisedSettingAllowsALargerUpdateAndNeedsNone() throws Exception {
        var decoder = new HpackDecoder();
        decoder.setMaxTableSize(65_536);
        assertThat(decode(decoder, hex("82"))).containsExactly(":method: GET");
        decode(decoder, integer(0x20, 5, 65_536));
        assertThat(decoder.table().maxSize()).isEqualTo(65_536);
        decode(decoder, literalWithIndexing("big", "x".repeat(30_000)));
        decode(decoder, literalWithIndexing("big", "y".repeat(30_000)));
        assertThat(decoder.table().length()).isEqualTo(2);
        assertThat(decoder.table().size()).isEqualTo(2 * 30_035);
    }

    // string limits

    @Test
    void acceptsStringsOfExactlyTheFieldSizeLimitAndRefusesOneOctetMore() throws Exception {
        var decoder = decoder(4096, 100, 10_000);
        assertThat(decode(decoder, literalWithoutIndexing("n".repeat(100), "v".repeat(100)))).hasSize(1);
        assertThatThrownBy(() -> decode(decoder(4096, 100, 10_000), literalWithoutIndexing("n".repeat(101), "v")))
                .isInstanceOf(HpackDecodingException.class).hasMessageContaining("string literal of 101 octets");
        assertThatThrownBy(() -> decode(decoder(4096, 100, 10_000), literalWithoutIndexing("n", "v".repeat(101))))
                .isInstanceOf(HpackDecodingException.class).hasMessageContaining("string literal of 101 octets");
    }

    @Test
    void theFieldSizeLimitAppliesToHuffmanStringsAsSentAndAsDecoded() throws Exception {
        // "aaaa" is 20 bits, 3 octets; "aaaaa" 25 bits, 4 octets; "aaaaaaa" 35 bits, 5 octets.
        var block = new HeaderBlockBuffer();
        block.writeInteger(0x00, 4, 1);
        block.writeString("aaaa", true);
        assertThat(decode(decoder(4096, 4, 10_000), block.toByteArray())).containsExactly(":authority: aaaa");
        block.reset();
        block.writeInteger(0x00, 4, 1);
        block.writeString("aaaaa", true);
        assertThatThrownBy(() -> decode(decoder(4096, 4, 10_000), block.toByteArray()))
                .isInstanceOf(HpackDecodingException.class).hasMessageContaining("Huffman-decoded string is longer than 4");
        block.reset();
        block.writeInteger(0x00, 4, 1);
        block.writeString("aaaaaaa", true);
        assertThatThrownBy(() -> decode(decoder(4096, 4, 10_000), block.toByteArray()))
                .isInstanceOf(HpackDecodingException.class).hasMessageContaining("string literal of 5 octets");
    }

    // header list size

    @Test
    void reportsAListOfExactlyTheLimitAndDropsFromTheFieldThatPassesIt() throws Exception {
        // Each field "n: vvvvvvv" is 1 + 7 + 32 = 40 octets of list.
        byte[] field = literalWithoutIndexing("n", "vvvvvvv");
        var atLimit = decoder(4096, 1000, 120);
        assertThat(decode(atLimit, concat(field, field, field))).hasSize(3);
        assertThat(atLimit.headerListTooLarge()).isFalse();
        assertThat(atLimit.headerListSize()).isEqualTo(120);

        var overLimit = decoder(4096, 1000, 119);
        assertThat(decode(overLimit, concat(field, field, field, hex("82")))).hasSize(2);
        assertThat(overLimit.headerListTooLarge()).isTrue();
        assertThat(overLimit.headerListSize()).isEqualTo(120 + 42);
    }

    @Test
    void keepsTheTableInSyncPastTheListLimitAndResetsTheCountForTheNextBlock() throws Exception {
        var decoder = decoder(4096, 1000, 100);
        byte[] big = literalWithoutIndexing("n", "v".repeat(60)); // 93
        var handler = new RecordingHeaderHandler();
        decoder.decode(concat(big, literalWithIndexing("kept", "in the table"), hex("82")), handler);
        assertThat(handler.fields).containsExactly("n: " + "v".repeat(60));
        assertThat(decoder.headerListTooLarge()).isTrue();
        assertThat(entries(decoder.table())).containsExactly("(48) kept: in the table");

        assertThat(decode(decoder, hex("be"))).containsExactly("kept: in the table");
        assertThat(decoder.headerListTooLarge()).isFalse();
        assertThat(decoder.headerListSize()).isEqualTo(48);
    }

    // blocks and fragments

    @Test
    void refusesABlockThatEndsInsideARepresentation() throws Exception {
        byte[] field = literalWithIndexing("name", "value");
        for (int cut = 1; cut < field.length; cut++) {
            var decoder = new HpackDecoder();
            int at = cut;
            assertThatThrownBy(() -> decoder.decode(field, 0, at, true, new RecordingHeaderHandler()))
                    .as("cut at %d", cut).isInstanceOf(HpackDecodingException.class).hasMessageContaining("ends inside");
        }
        var decoder = new HpackDecoder();
        var handler = new RecordingHeaderHandler();
        decoder.decode(field, 0, 3, false, handler);
        assertThat(handler.fields).isEmpty();
        decoder.decode(field, 3, field.length - 3, true, handler);
        assertThat(handler.fields).containsExactly("name: value");
    }

    @Test
    void anEmptyBlockDecodesToNothing() throws Exception {
        var decoder = new HpackDecoder();
        assertThat(decode(decoder, new byte[0])).isEmpty();
        assertThat(decoder.headerListSize()).isZero();
    }

    @Test
    void isUnusableAfterADecodingError() {
        var decoder = new HpackDecoder();
        assertThatThrownBy(() -> decode(decoder, hex("80"))).isInstanceOf(HpackDecodingException.class);
        assertThatThrownBy(() -> decode(decoder, hex("82")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("connection must end");
    }

    @Test
    void isUnusableAfterTheHandlerThrows() {
        var decoder = new HpackDecoder();
        HpackHeaderHandler failing = (id, n, no, nl, v, vo, vl) -> {
            throw new IllegalArgumentException("handler bug");
        };
        assertThatThrownBy(() -> decoder.decode(literalWithIndexing("a", "b"), failing))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decode(decoder, hex("82"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void decodesHeapAndDirectByteBuffersFromTheirPosition() throws Exception {
        byte[] block = hex(HpackDecoderRfcExamplesTest.C4_REQUESTS[0]);
        var heap = ByteBuffer.wrap(concat(hex("ffff"), block, hex("ff")), 2, block.length).slice();
        var handler = new RecordingHeaderHandler();
        new HpackDecoder().decode(heap, true, handler);
        assertThat(handler.fields).isEqualTo(HpackDecoderRfcExamplesTest.REQUEST_1);
        assertThat(heap.hasRemaining()).isFalse();

        var direct = ByteBuffer.allocateDirect(block.length + 1).put((byte) 0xff).put(block).flip().position(1);
        var directHandler = new RecordingHeaderHandler();
        new HpackDecoder().decode(direct, true, directHandler);
        assertThat(directHandler.fields).isEqualTo(HpackDecoderRfcExamplesTest.REQUEST_1);
        assertThat(direct.position()).isEqualTo(direct.limit());
    }

    // name ids

    @Test
    void givesIdsToTheNamesTheEngineChecksAndNoneToOthers() throws Exception {
        var handler = new RecordingHeaderHandler();
        new HpackDecoder().decode(concat(literalWithoutIndexing(":protocol", "websocket"),
                literalWithoutIndexing("te", "trailers"), literalWithoutIndexing("connection", "close"),
                literalWithoutIndexing("host", "h"), literalWithoutIndexing("Host", "h"),
                literalWithoutIndexing("x-custom", "1"), literalWithoutIndexing("set-cookie", "a=b")), handler);
        assertThat(handler.nameIds).containsExactly(HpackStaticTable.PROTOCOL, HpackStaticTable.TE,
                HpackStaticTable.CONNECTION, HpackStaticTable.HOST, HpackStaticTable.UNKNOWN_NAME,
                HpackStaticTable.UNKNOWN_NAME, HpackStaticTable.SET_COOKIE);
    }
}
