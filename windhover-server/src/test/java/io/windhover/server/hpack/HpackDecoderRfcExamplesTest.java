package io.windhover.server.hpack;

import static io.windhover.server.hpack.RecordingHeaderHandler.decode;
import static io.windhover.server.hpack.RecordingHeaderHandler.entries;
import static io.windhover.server.hpack.RecordingHeaderHandler.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 7541 Appendix C, every example: the header list each block decodes to and the dynamic table
 * after it (entries newest first with their sizes, and the table size), raw and Huffman-encoded.
 */
class HpackDecoderRfcExamplesTest {

    /** C.2.1: literal header field with indexing, new name. */
    @Test
    void c21LiteralWithIndexingAddsTheFieldToTheTable() throws Exception {
        var decoder = new HpackDecoder();
        assertThat(decode(decoder, hex("400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572")))
                .containsExactly("custom-key: custom-header");
        assertThat(entries(decoder.table())).containsExactly("(55) custom-key: custom-header");
        assertThat(decoder.table().size()).isEqualTo(55);
    }

    /** C.2.2: literal header field without indexing, indexed name. */
    @Test
    void c22LiteralWithoutIndexingLeavesTheTableEmpty() throws Exception {
        var decoder = new HpackDecoder();
        assertThat(decode(decoder, hex("040c 2f73 616d 706c 652f 7061 7468"))).containsExactly(":path: /sample/path");
        assertThat(decoder.table().length()).isZero();
    }

    /** C.2.3: literal header field never indexed, new name. */
    @Test
    void c23NeverIndexedLeavesTheTableEmpty() throws Exception {
        var decoder = new HpackDecoder();
        assertThat(decode(decoder, hex("1008 7061 7373 776f 7264 0673 6563 7265 74"))).containsExactly("password: secret");
        assertThat(decoder.table().length()).isZero();
    }

    /** C.2.4: indexed header field. */
    @Test
    void c24IndexedFieldFromTheStaticTable() throws Exception {
        var decoder = new HpackDecoder();
        assertThat(decode(decoder, hex("82"))).containsExactly(":method: GET");
        assertThat(decoder.table().length()).isZero();
    }

    static final List<String> REQUEST_1 = List.of(":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com");
    static final List<String> REQUEST_2 = List.of(
            ":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com", "cache-control: no-cache");
    static final List<String> REQUEST_3 = List.of(
            ":method: GET", ":scheme: https", ":path: /index.html", ":authority: www.example.com", "custom-key: custom-value");

    static final String[] C3_REQUESTS = {
        "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
        "8286 84be 5808 6e6f 2d63 6163 6865",
        "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65",
    };
    static final String[] C4_REQUESTS = {
        "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
        "8286 84be 5886 a8eb 1064 9cbf",
        "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf",
    };

    @Test
    void c3RequestsWithoutHuffman() throws Exception {
        assertRequests(C3_REQUESTS);
    }

    @Test
    void c4RequestsWithHuffman() throws Exception {
        assertRequests(C4_REQUESTS);
    }

    private static void assertRequests(String[] blocks) throws Exception {
        var decoder = new HpackDecoder();
        assertThat(decode(decoder, hex(blocks[0]))).isEqualTo(REQUEST_1);
        assertThat(entries(decoder.table())).containsExactly("(57) :authority: www.example.com");
        assertThat(decoder.table().size()).isEqualTo(57);

        assertThat(decode(decoder, hex(blocks[1]))).isEqualTo(REQUEST_2);
        assertThat(entries(decoder.table())).containsExactly(
                "(53) cache-control: no-cache", "(57) :authority: www.example.com");
        assertThat(decoder.table().size()).isEqualTo(110);

        assertThat(decode(decoder, hex(blocks[2]))).isEqualTo(REQUEST_3);
        assertThat(entries(decoder.table())).containsExactly(
                "(54) custom-key: custom-value", "(53) cache-control: no-cache", "(57) :authority: www.example.com");
        assertThat(decoder.table().size()).isEqualTo(164);
    }

    static final String DATE_21 = "Mon, 21 Oct 2013 20:13:21 GMT";
    static final String DATE_22 = "Mon, 21 Oct 2013 20:13:22 GMT";
    static final String COOKIE = "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";
    static final List<String> RESPONSE_1 = List.of(
            ":status: 302", "cache-control: private", "date: " + DATE_21, "location: https://www.example.com");
    static final List<String> RESPONSE_2 = List.of(
            ":status: 307", "cache-control: private", "date: " + DATE_21, "location: https://www.example.com");
    static final List<String> RESPONSE_3 = List.of(":status: 200", "cache-control: private", "date: " + DATE_22,
            "location: https://www.example.com", "content-encoding: gzip", "set-cookie: " + COOKIE);

    static final String[] C5_RESPONSES = {
        "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3120"
                + "474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
        "4803 3330 37c1 c0bf",
        "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970 7738"
                + "666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61 6765"
                + "3d33 3630 303b 2076 6572 7369 6f6e 3d31",
    };
    static final String[] C6_RESPONSES = {
        "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718"
                + "63c7 8f0b 97c8 e9ae 82ae 43d3",
        "4883 640e ffc1 c0bf",
        "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7"
                + "b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07",
    };

    @Test
    void c5ResponsesWithoutHuffmanEvictFromA256OctetTable() throws Exception {
        assertResponses(C5_RESPONSES);
    }

    @Test
    void c6ResponsesWithHuffmanEvictFromA256OctetTable() throws Exception {
        assertResponses(C6_RESPONSES);
    }

    private static void assertResponses(String[] blocks) throws Exception {
        var decoder = new HpackDecoder(256, HpackDecoder.DEFAULT_MAX_HEADER_FIELD_SIZE, HpackDecoder.DEFAULT_MAX_HEADER_LIST_SIZE);
        assertThat(decode(decoder, hex(blocks[0]))).isEqualTo(RESPONSE_1);
        assertThat(entries(decoder.table())).containsExactly("(63) location: https://www.example.com",
                "(65) date: " + DATE_21, "(52) cache-control: private", "(42) :status: 302");
        assertThat(decoder.table().size()).isEqualTo(222);

        assertThat(decode(decoder, hex(blocks[1]))).isEqualTo(RESPONSE_2);
        assertThat(entries(decoder.table())).containsExactly("(42) :status: 307",
                "(63) location: https://www.example.com", "(65) date: " + DATE_21, "(52) cache-control: private");
        assertThat(decoder.table().size()).isEqualTo(222);

        assertThat(decode(decoder, hex(blocks[2]))).isEqualTo(RESPONSE_3);
        assertThat(entries(decoder.table())).containsExactly(
                "(98) set-cookie: " + COOKIE, "(52) content-encoding: gzip", "(65) date: " + DATE_22);
        assertThat(decoder.table().size()).isEqualTo(215);
    }

    @Test
    void reportsTheStaticNameIdHoweverTheNameWasSent() throws Exception {
        var decoder = new HpackDecoder();
        var handler = new RecordingHeaderHandler();
        decoder.decode(hex(C3_REQUESTS[0]), handler); // :authority by literal with an indexed name, into the table
        decoder.decode(hex(C3_REQUESTS[1]), handler); // :authority from the dynamic table
        assertThat(handler.nameIds).containsExactly(
                HpackStaticTable.METHOD, HpackStaticTable.SCHEME, HpackStaticTable.PATH, HpackStaticTable.AUTHORITY,
                HpackStaticTable.METHOD, HpackStaticTable.SCHEME, HpackStaticTable.PATH, HpackStaticTable.AUTHORITY, 24);
    }
}
