package io.windhover.server.hpack;

import static io.windhover.server.hpack.HpackDecoderRfcExamplesTest.COOKIE;
import static io.windhover.server.hpack.HpackDecoderRfcExamplesTest.DATE_21;
import static io.windhover.server.hpack.HpackDecoderRfcExamplesTest.DATE_22;
import static io.windhover.server.hpack.RecordingHeaderHandler.decode;
import static io.windhover.server.hpack.RecordingHeaderHandler.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link HpackEncoder}: its bytes against RFC 7541 Appendix C, and its choice of representation. */
class HpackEncoderTest {

    private final HeaderBlockBuffer block = new HeaderBlockBuffer();

    private String response(HpackEncoder encoder, int status, String... namesAndValues) {
        block.reset();
        encoder.beginBlock(block);
        if (status != 0) {
            encoder.encodeStatus(status, block);
        }
        for (int i = 0; i < namesAndValues.length; i += 2) {
            encoder.encode(namesAndValues[i], namesAndValues[i + 1], block);
        }
        return hex(block.toByteArray());
    }

    private static String compact(String hex) {
        return hex.replace(" ", "");
    }

    /**
     * C.5 and C.6: the same bytes as the RFC's encoder, with one deliberate difference — the RFC
     * indexes {@code set-cookie} (77: literal with incremental indexing, name 55); we send it never
     * indexed (1f 28: 0001 and name 55 on a 4-bit prefix), so the third response leaves
     * {@code location} and {@code :status: 307} in the table where the RFC's has the cookie. And a
     * string whose Huffman code is no shorter goes raw: the RFC's C.6.2 Huffman-encodes "307" in as
     * many octets.
     */
    @ParameterizedTest(name = "huffman {0}")
    @CsvSource({"false", "true"})
    void encodesTheAppendixC5AndC6ResponsesButNeverIndexesSetCookie(boolean huffman) throws Exception {
        String[] rfc = huffman ? HpackDecoderRfcExamplesTest.C6_RESPONSES : HpackDecoderRfcExamplesTest.C5_RESPONSES;
        var encoder = new HpackEncoder(256, huffman);
        var decoder = new HpackDecoder(4096, 1000, 10_000);

        String first = response(encoder, 302, "cache-control", "private", "date", DATE_21, "location", "https://www.example.com");
        assertThat(first).as("the update to our 256-octet table, then C.x.1").isEqualTo("3fe101" + compact(rfc[0]));
        assertThat(decode(decoder, hex(first))).isEqualTo(HpackDecoderRfcExamplesTest.RESPONSE_1);

        String second = response(encoder, 307, "cache-control", "private", "date", DATE_21, "location", "https://www.example.com");
        // "307" Huffman-encoded (64 0e ff) is no shorter than raw (33 30 37): we send it raw, the RFC Huffman.
        assertThat(second).isEqualTo(compact(rfc[1]).replace("4883640eff", "4803333037"));
        assertThat(decode(decoder, hex(second))).isEqualTo(HpackDecoderRfcExamplesTest.RESPONSE_2);

        String third = response(encoder, 200, "cache-control", "private", "date", DATE_22, "location",
                "https://www.example.com", "content-encoding", "gzip", "set-cookie", COOKIE);
        String rfcThird = compact(rfc[2]);
        String setCookie = huffman ? "77ad" : "7738";
        assertThat(rfcThird).contains(setCookie);
        assertThat(third).isEqualTo(rfcThird.replace(setCookie, "1f28" + setCookie.substring(2)));
        assertThat(decode(decoder, hex(third))).isEqualTo(HpackDecoderRfcExamplesTest.RESPONSE_3);

        assertThat(encoder.table().length()).isEqualTo(4);
        assertThat(encoder.table().size()).isEqualTo(52 + 65 + 42 + 63).isEqualTo(decoder.table().size());
        assertThat(RecordingHeaderHandler.entries(decoder.table())).containsExactly("(52) content-encoding: gzip",
                "(65) date: " + DATE_22, "(42) :status: 307", "(63) location: https://www.example.com");
    }

    /**
     * Sensitive fields go never indexed (0001), long cookies and values that change per response
     * without indexing (0000): neither enters the table, however often it is sent.
     */
    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "authorization       | Bearer abc | never",
        "proxy-authorization | Basic dXNlcjpwYXNz | never",
        "set-cookie          | id=a3fWa; Max-Age=2592000 | never",
        "cookie              | id=a3fWa | never",
        "cookie              | 1234567890123456789 | never",
        "x-auth-token        | x | never",
        "x-api-key           | k | never",
        "x-csrf-token        | t | never",
        "x-session           | s | never",
        "x-request-id        | 5f2b8c0e9a7d4e31b6c1a2f3e4d5c6b7 | never",
        "etag                | 0123456789abcdef | never",
        "x-jwt               | eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.sig-nature_0 | never",
        "cookie              | 12345678901234567890 | without",
        "content-length      | 13 | without",
        "content-range       | bytes 0-99/1000 | without",
        "etag                | \"33a64df551425fcc55e4d42a148795d9f25f89d4\" | without",
        "last-modified       | Wed, 25 Nov 2026 14:00:00 GMT | without",
        "age                 | 30 | without",
    })
    void keepsSensitiveAndChangingFieldsOutOfTheTable(String name, String value, String representation) throws Exception {
        int expected = representation.equals("never") ? 0x10 : 0x00;
        var encoder = new HpackEncoder();
        var decoder = new HpackDecoder();
        for (int round = 0; round < 2; round++) {
            byte[] encoded = hex(response(encoder, 0, name, value));
            assertThat(encoded[0] & 0xF0).as("%s indexed, round %d", representation, round).isEqualTo(expected);
            assertThat(decode(decoder, encoded)).containsExactly(name + ": " + value);
        }
        assertThat(encoder.table().length()).isZero();
        assertThat(decoder.table().length()).isZero();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "content-type              | application/json; charset=utf-8",
        "strict-transport-security | max-age=31536000; includeSubDomains",
        "server                    | windhover/0.1.0",
        "cache-control             | max-age=31536000",
        "x-powered-by              | windhover",
        "vary                      | accept-encoding",
        "date                      | Mon, 07 Dec 2026 13:20:00 GMT",
    })
    void indexesOrdinaryFieldsAndSendsThemAsOneOctetNextTime(String name, String value) throws Exception {
        var encoder = new HpackEncoder();
        var decoder = new HpackDecoder();
        byte[] first = hex(response(encoder, 0, name, value));
        assertThat(first[0] & 0xC0).as("01: incremental indexing").isEqualTo(0x40);
        assertThat(decode(decoder, first)).containsExactly(name + ": " + value);
        assertThat(response(encoder, 0, name, value)).isEqualTo("be");
        assertThat(decode(decoder, hex("be"))).containsExactly(name + ": " + value);
    }

    @Test
    void aTokenIsSixteenToSixtyFourOctetsOfLettersAndDigitsWithPaddingOnlyAtTheEnd() {
        assertThat(HpackEncoder.looksLikeToken("abcdefghijklmn12")).isTrue();
        assertThat(HpackEncoder.looksLikeToken("abcdefghijklm12")).as("15 octets").isFalse();
        assertThat(HpackEncoder.looksLikeToken("a1".repeat(32))).isTrue();
        assertThat(HpackEncoder.looksLikeToken("a1".repeat(32) + "b")).as("65 octets").isFalse();
        assertThat(HpackEncoder.looksLikeToken("YWJjZGVmZ2hpamtsbW5vcDEy==")).isTrue();
        assertThat(HpackEncoder.looksLikeToken("max-age=31536000")).as("an inner =").isFalse();
        assertThat(HpackEncoder.looksLikeToken("abcdefghijklmnopqrstuvwxyz")).as("no digit").isFalse();
        assertThat(HpackEncoder.looksLikeToken("12345678901234567890")).as("no letter").isFalse();
        assertThat(HpackEncoder.looksLikeToken("Bearer abcdef1234567890")).as("a space").isFalse();
    }

    @Test
    void namesByStaticIndexThenDynamicIndexThenLiteral() {
        var encoder = new HpackEncoder(4096, false);
        assertThat(response(encoder, 0, "content-type", "a")).isEqualTo("5f 01 61".replace(" ", "")); // 01 and 31
        assertThat(response(encoder, 0, "x-a", "b")).isEqualTo("40 03 782d61 01 62".replace(" ", ""));
        assertThat(response(encoder, 0, "x-a", "c")).as("name 62: the x-a entry").isEqualTo("7e 01 63".replace(" ", ""));
    }

    @Test
    void usesTheStaticTableForExactMatches() {
        var encoder = new HpackEncoder();
        assertThat(response(encoder, 200)).isEqualTo("88");
        assertThat(response(encoder, 404)).isEqualTo("8d");
        assertThat(response(encoder, 0, ":method", "POST", ":path", "/", ":scheme", "https", "accept-encoding", "gzip, deflate"))
                .isEqualTo("83 84 87 90".replace(" ", ""));
        assertThat(response(encoder, 0, "host", "", "www-authenticate", "")).as("38 and 61, without values").isEqualTo("a6bd");
        assertThat(encoder.table().length()).isZero();
    }

    @Test
    void indexesStatusCodesOutsideTheStaticTable() throws Exception {
        var encoder = new HpackEncoder(4096, false);
        assertThat(response(encoder, 302)).isEqualTo("4803333032");
        assertThat(response(encoder, 302)).isEqualTo("be");
        assertThatThrownBy(() -> encoder.encodeStatus(99, block)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.encodeStatus(600, block)).isInstanceOf(IllegalArgumentException.class);
        assertThat(response(encoder, 599)).isEqualTo("4803353939");
    }

    @Test
    void lowerCasesNames() throws Exception {
        var encoder = new HpackEncoder();
        assertThat(decode(new HpackDecoder(), hex(response(encoder, 0, "Content-Type", "text/plain", "X-Custom", "A"))))
                .containsExactly("content-type: text/plain", "x-custom: A");
    }

    @Test
    void usesHuffmanOnlyWhenShorter() {
        var encoder = new HpackEncoder(0, true);
        // "\0\0": two 13-bit codes, 4 octets against 2 raw.
        assertThat(response(encoder, 0, "x-a", "\0\0")).endsWith("020000");
        // "aaaa": 20 bits, 3 octets against 4 raw.
        assertThat(response(encoder, 0, "x-a", "aaaa")).endsWith("8318c63f");
    }

    @Test
    void sendsAFieldOfMoreThanThreeQuartersOfTheTableWithoutIndexing() {
        var encoder = new HpackEncoder(400, false);
        response(encoder, 0); // the update to 400
        String fits = "v".repeat(300 - 32 - 3); // x-a: exactly 300 = 3/4 of 400
        response(encoder, 0, "x-a", fits);
        assertThat(encoder.table().size()).isEqualTo(300);
        byte[] over = hex(response(encoder, 0, "x-b", fits + "v"));
        assertThat(over[0] & 0xF0).isZero();
        assertThat(encoder.table().size()).isEqualTo(300);
    }

    @Test
    void refusesCharsThatAreNotOctetsBeforeWritingOrIndexingAnything() throws Exception {
        for (boolean huffman : new boolean[] {true, false}) {
            var encoder = new HpackEncoder(4096, huffman);
            block.reset();
            encoder.beginBlock(block);
            encoder.encode("x-a", "1", block);
            int written = block.length();
            assertThatThrownBy(() -> encoder.encode("x-a", "\u20ac", block)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> encoder.encode("x-\u20ac", "b", block)).isInstanceOf(IllegalArgumentException.class);
            assertThat(block.length()).isEqualTo(written);
            assertThat(encoder.table().length()).isEqualTo(1);
            encoder.encode("x-b", "caf\u00e9", block);
            assertThat(decode(new HpackDecoder(), block.toByteArray())).containsExactly("x-a: 1", "x-b: caf\u00e9");
        }
    }

    // §4.2 table size updates

    @Test
    void signalsNothingWhileThePeersSettingLeavesTheTableAsItIs() {
        var encoder = new HpackEncoder();
        assertThat(response(encoder, 200)).isEqualTo("88");
        encoder.setPeerMaxTableSize(4096);
        assertThat(response(encoder, 200)).isEqualTo("88");
        encoder.setPeerMaxTableSize(65_536);
        assertThat(response(encoder, 200)).as("capped at our 4,096").isEqualTo("88");
    }

    @Test
    void signalsALoweredSizeAtTheStartOfTheNextBlockAndEvicts() throws Exception {
        var encoder = new HpackEncoder();
        var decoder = new HpackDecoder();
        decode(decoder, hex(response(encoder, 0, "x-a", "b")));
        encoder.setPeerMaxTableSize(1000);
        decoder.setMaxTableSize(1000);
        String next = response(encoder, 200);
        assertThat(next).isEqualTo("3fc907" + "88");
        decode(decoder, hex(next));
        assertThat(encoder.table().maxSize()).isEqualTo(1000).isEqualTo(decoder.table().maxSize());

        encoder.setPeerMaxTableSize(0);
        decoder.setMaxTableSize(0);
        assertThat(response(encoder, 0, "x-a", "b")).startsWith("20").doesNotContain("be");
        assertThat(encoder.table().length()).isZero();
    }

    @Test
    void signalsTheSmallestThenTheFinalSizeWhenBothChangedBetweenBlocks() {
        var encoder = new HpackEncoder();
        response(encoder, 0, "x-a", "b");
        encoder.setPeerMaxTableSize(0);
        encoder.setPeerMaxTableSize(4096);
        assertThat(response(encoder, 0, "x-a", "b")).as("0, then 4,096, then x-a as a new literal")
                .startsWith("20" + "3fe11f" + "40");
        assertThat(encoder.table().length()).isEqualTo(1);
        encoder.setPeerMaxTableSize(100);
        encoder.setPeerMaxTableSize(2000);
        assertThat(response(encoder, 200)).as("100, then 2,000").isEqualTo("3f45" + "3fb10f" + "88");
    }
}
