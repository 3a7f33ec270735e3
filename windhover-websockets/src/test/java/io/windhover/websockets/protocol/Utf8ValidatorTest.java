package io.windhover.websockets.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8ValidatorTest {

    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }

    @Test
    void validTextIsValidWhereverItIsSplit() {
        byte[] text = "κόσμε ascii € 𝄞 \u0000 \uFFFD".getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= text.length; split++) {
            var validator = new Utf8Validator();
            assertThat(validator.feed(text, 0, split)).isTrue();
            assertThat(validator.feed(text, split, text.length - split)).isTrue();
            assertThat(validator.isComplete()).as("split at %d", split).isTrue();
        }
    }

    @Test
    void refusesWhatRfc3629Refuses() {
        assertThat(Utf8Validator.isValid(bytes(0xC0, 0xAF), 0, 2)).as("overlong").isFalse();
        assertThat(Utf8Validator.isValid(bytes(0xE0, 0x80, 0xAF), 0, 3)).as("overlong 3").isFalse();
        assertThat(Utf8Validator.isValid(bytes(0xED, 0xA0, 0x80), 0, 3)).as("surrogate").isFalse();
        assertThat(Utf8Validator.isValid(bytes(0xF4, 0x90, 0x80, 0x80), 0, 4)).as("past U+10FFFF").isFalse();
        assertThat(Utf8Validator.isValid(bytes(0xFF), 0, 1)).isFalse();
        assertThat(Utf8Validator.isValid(bytes(0x80), 0, 1)).as("lone continuation").isFalse();
        assertThat(Utf8Validator.isValid(bytes(0xE2, 0x82), 0, 2)).as("cut short").isFalse();
        assertThat(Utf8Validator.isValid(bytes(0xF4, 0x8F, 0xBF, 0xBF), 0, 4)).as("U+10FFFF").isTrue();
    }

    @Test
    void refusesAtTheFirstInvalidByte() {
        var validator = new Utf8Validator();
        assertThat(validator.feed(bytes('a', 0xCE), 0, 2)).isTrue();
        assertThat(validator.feed(bytes('b'), 0, 1)).isFalse();
    }
}
