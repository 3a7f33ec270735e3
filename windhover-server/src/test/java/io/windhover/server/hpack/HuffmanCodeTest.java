package io.windhover.server.hpack;

import static io.windhover.server.hpack.RecordingHeaderHandler.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RFC 7541 §5.2 and Appendix B: {@link HuffmanCode} and {@link HuffmanDecoder}. */
class HuffmanCodeTest {

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static byte[] encode(String text) {
        byte[] out = new byte[HuffmanCode.encodedLength(text)];
        assertThat(HuffmanCode.encode(text, out, 0)).isEqualTo(out.length);
        return out;
    }

    private static String decode(byte[] encoded, int maxLength) throws HpackDecodingException {
        byte[] out = new byte[maxLength];
        int length = HuffmanDecoder.decode(encoded, 0, encoded.length, out, maxLength);
        return latin1(Arrays.copyOf(out, length));
    }

    private static String decode(byte[] encoded) throws HpackDecodingException {
        return decode(encoded, HuffmanDecoder.maxDecodedLength(encoded.length));
    }

    @Test
    void theCodeIsACompletePrefixCode() {
        // Kraft: the sum of 2^-length over all 257 codes is exactly 1 for a complete prefix code.
        BigInteger sum = BigInteger.ZERO;
        for (int symbol = 0; symbol <= HuffmanCode.EOS; symbol++) {
            assertThat(HuffmanCode.length(symbol)).isBetween(5, 30);
            assertThat(HuffmanCode.code(symbol) >>> HuffmanCode.length(symbol)).isZero();
            sum = sum.add(BigInteger.ONE.shiftLeft(30 - HuffmanCode.length(symbol)));
        }
        assertThat(sum).isEqualTo(BigInteger.ONE.shiftLeft(30));
        assertThat(HuffmanCode.code(HuffmanCode.EOS)).isEqualTo(0x3fffffff);
    }

    @Test
    void encodesTheAppendixCStrings() {
        assertThat(hex(encode("www.example.com"))).isEqualTo("f1e3c2e5f23a6ba0ab90f4ff");
        assertThat(hex(encode("no-cache"))).isEqualTo("a8eb10649cbf");
        assertThat(hex(encode("custom-key"))).isEqualTo("25a849e95ba97d7f");
        assertThat(hex(encode("custom-value"))).isEqualTo("25a849e95bb8e8b4bf");
        assertThat(hex(encode("302"))).isEqualTo("6402");
        assertThat(hex(encode("https://www.example.com"))).isEqualTo("9d29ad171863c78f0b97c8e9ae82ae43d3");
    }

    @Test
    void roundTripsEveryOctetAloneAndAllTogether() throws Exception {
        byte[] all = new byte[256];
        for (int b = 0; b < 256; b++) {
            all[b] = (byte) b;
            String one = latin1(new byte[] {(byte) b});
            byte[] encoded = encode(one);
            assertThat(encoded).hasSize((HuffmanCode.length(b) + 7) / 8);
            assertThat(decode(encoded)).as("octet %d", b).isEqualTo(one);
        }
        String text = latin1(all);
        assertThat(decode(encode(text))).isEqualTo(text);
        String reversed = new StringBuilder(text).reverse().toString();
        assertThat(decode(encode(reversed))).isEqualTo(reversed);
    }

    @Test
    void decodesTheEmptyString() throws Exception {
        assertThat(decode(new byte[0])).isEmpty();
    }

    @Test
    void acceptsPaddingOfOneToSevenOnes() throws Exception {
        // '0' is 00000, 'a' 00011.
        assertThat(decode(new byte[] {0x07})).isEqualTo("0"); // 00000 111: three bits
        assertThat(decode(new byte[] {0x00, (byte) 0xFF})).isEqualTo("0a"); // 00000 00011 111111: six
        assertThat(decode(new byte[] {0x18, (byte) 0xC7})).isEqualTo("aaa"); // 00011 00011 00011 1: one
        assertThat(hex(encode("aaaaa"))).isEqualTo("18c631ff"); // 5 x 00011, then 1111111: seven
        assertThat(decode(hex("18c631ff"))).isEqualTo("aaaaa");
    }

    @Test
    void refusesPaddingOfEightBitsOrMore() {
        // '0' (00000) + 111 pads the first octet; a whole octet of ones more is 11 bits of padding.
        assertThatThrownBy(() -> decode(new byte[] {0x07, (byte) 0xFF}))
                .isInstanceOf(HpackDecodingException.class).hasMessageContaining("padding");
        // An octet of ones alone: 8 bits of padding and no symbol.
        assertThatThrownBy(() -> decode(new byte[] {(byte) 0xFF}))
                .isInstanceOf(HpackDecodingException.class).hasMessageContaining("padding");
    }

    @Test
    void refusesPaddingThatIsNotAllOnes() {
        // '0' (00000) then 000: not the most significant bits of EOS.
        assertThatThrownBy(() -> decode(new byte[] {0x00}))
                .isInstanceOf(HpackDecodingException.class).hasMessageContaining("padding");
        // '0' then 101.
        assertThatThrownBy(() -> decode(new byte[] {0x05}))
                .isInstanceOf(HpackDecodingException.class).hasMessageContaining("padding");
    }

    @Test
    void refusesEos() {
        // EOS: 30 ones, then 2 bits of padding.
        assertThatThrownBy(() -> decode(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}))
                .isInstanceOf(HpackDecodingException.class).hasMessageContaining("EOS");
        // 'a' (00011), then EOS, then padding: 00011 + 30 ones + 5 ones = 40 bits.
        assertThatThrownBy(() -> decode(new byte[] {0x1F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}))
                .isInstanceOf(HpackDecodingException.class).hasMessageContaining("EOS");
    }

    @Test
    void refusesOutputLongerThanTheLimitAtExactlyOneOver() throws Exception {
        byte[] encoded = encode("aaaa");
        assertThat(decode(encoded, 4)).isEqualTo("aaaa");
        assertThatThrownBy(() -> decode(encoded, 3))
                .isInstanceOf(HpackDecodingException.class).hasMessageContaining("longer than 3");
    }

    @Test
    void encodedLengthRefusesCharsThatAreNotOctets() {
        assertThatThrownBy(() -> HuffmanCode.encodedLength("caf\u00e9\u20ac")).isInstanceOf(IllegalArgumentException.class);
        assertThat(HuffmanCode.encodedLength("caf\u00e9")).isPositive();
    }
}
