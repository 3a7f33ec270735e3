package io.windhover.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.buffers.BufferSequence;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The header collection's lookups, which answer a well-known name that is absent from a bit per
 * name: whatever the spelling a field was added or asked for with, and after removals, the answer
 * must be the one a scan of every field gives.
 */
class HttpHeadersTest {

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void findsAKnownNameWhateverTheCaseOfTheFieldOrTheQuestion() {
        var headers = new HttpHeaders();
        headers.add("content-length", "5");
        headers.add(new String("X-Custom"), "a");
        assertThat(headers.get("Content-Length")).isEqualTo("5");
        assertThat(headers.get("CONTENT-LENGTH")).isEqualTo("5");
        assertThat(headers.get(new String("Content-Length"))).as("not the interned constant").isEqualTo("5");
        assertThat(headers.get("x-custom")).isEqualTo("a");
        assertThat(headers.contains("Transfer-Encoding")).isFalse();
        assertThat(headers.getAll("Host")).isEmpty();
    }

    @Test
    void findsParsedFieldsByTheirKnownNameInAnyCase() {
        byte[] block = latin1("hOsT: example.test\r\nACCEPT: */*\r\nX-Other: 1\r\n");
        var headers = new HttpHeaders();
        headers.addBytes(block, 0, 4, 6, 18);
        headers.addBytes(block, 20, 26, 28, 31);
        headers.addBytes(block, 33, 40, 42, 43);
        assertThat(headers.name(0)).as("the usual spelling of a known name").isEqualTo("Host");
        assertThat(headers.get("Host")).isEqualTo("example.test");
        assertThat(headers.get("accept")).isEqualTo("*/*");
        assertThat(headers.get("x-other")).isEqualTo("1");
        assertThat(headers.name(2)).isEqualTo("X-Other");
        assertThat(headers.contains("Connection")).isFalse();
    }

    @Test
    void aNameThatOnlyLooksKnownWithItsCaseBitsFlippedIsNotKnown() {
        // '-' is 0x2D and CR is 0x0D: a byte comparison that ignored bit 0x20 everywhere would
        // take "Content\rLength" for Content-Length.
        byte[] block = latin1("Content\rLength: 1");
        var headers = new HttpHeaders();
        headers.addBytes(block, 0, 14, 16, 17);
        assertThat(headers.contains("Content-Length")).isFalse();
    }

    @Test
    void removingEveryFieldOfANameForgetsItAndAddingItAgainFindsIt() {
        var headers = HttpHeaders.forResponse();
        headers.add("Vary", "Accept").add("vary", "Origin").add("Content-Type", "text/plain");
        assertThat(headers.getAll("VARY")).containsExactly("Accept", "Origin");
        assertThat(headers.remove("Vary")).isTrue();
        assertThat(headers.contains("vary")).isFalse();
        assertThat(headers.remove("Vary")).isFalse();
        assertThat(headers.size()).isEqualTo(1);
        headers.set("VARY", "Cookie");
        assertThat(headers.get("Vary")).isEqualTo("Cookie");
        headers.clear();
        assertThat(headers.contains("Vary")).isFalse();
        assertThat(headers.contains("Content-Type")).isFalse();
    }

    @Test
    void aSetReplacesEveryFieldOfTheName() {
        var headers = HttpHeaders.forResponse();
        headers.add("Set-Cookie", "a=1").add("Set-Cookie", "b=2").set("set-cookie", "c=3");
        assertThat(headers.getAll("Set-Cookie")).isEqualTo(List.of("c=3"));
        assertThat(headers.count("SET-COOKIE")).isEqualTo(1);
    }

    @Test
    void fieldsAddedFromASequenceAreFoundLikeThoseFromAnArray() {
        var parsed = BufferSequence.of(latin1("connection: close"));
        long at = parsed.start();
        var headers = new HttpHeaders();
        headers.addBytes(parsed, at, at + 10, at + 12, at + 17);
        assertThat(headers.containsToken("Connection", "close")).isTrue();
        assertThat(headers.contains("Upgrade")).isFalse();
    }

    @Test
    void aResponsesContentLengthIsADecimalNormalisedWhereItIsSet() {
        var headers = HttpHeaders.forResponse();
        headers.set("Content-Length", " 007 ");
        assertThat(headers.get("Content-Length")).isEqualTo("7");
        headers.set("content-length", "9223372036854775807");
        assertThat(headers.getAll("Content-Length")).containsExactly("9223372036854775807");
        for (String bad : new String[] {"-1", "-0", "+5", "1e3", "10, 10", "", "9223372036854775808", "\u00b2"}) {
            assertThatThrownBy(() -> headers.set("Content-Length", bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a length");
        }
        assertThat(headers.get("Content-Length")).as("a refused value changes nothing").isEqualTo("9223372036854775807");
    }

    @Test
    void aResponseTakesOneContentLength() {
        var headers = HttpHeaders.forResponse();
        headers.add("Content-Length", "10");
        assertThatThrownBy(() -> headers.add("CONTENT-LENGTH", "10"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a response carries one Content-Length; set(...) replaces it");
        assertThat(headers.getAll("Content-Length")).containsExactly("10");
    }

    @Test
    void requestFieldsAreTheParsersToJudgeNotTheCollections() {
        var headers = new HttpHeaders();
        headers.add("Content-Length", "10");
        headers.add("Content-Length", "-1");
        assertThat(headers.getAll("Content-Length")).containsExactly("10", "-1");
    }

    @Test
    void takesANameAndAValueFromDifferentArraysAsHpackHandsThem() {
        var headers = new HttpHeaders();
        byte[] table = latin1("..content-type..");
        byte[] decoded = latin1("xxtext/plainxx");
        headers.addBytes(table, 2, 12, decoded, 2, 10);
        headers.addBytes(latin1("x-custom"), 0, 8, latin1("\u00e9t\u00e9"), 0, 3);
        assertThat(headers.get("Content-Type")).isEqualTo("text/plain");
        assertThat(headers.contains("content-type")).as("a known name, found by its bit").isTrue();
        assertThat(headers.get("X-Custom")).isEqualTo("\u00e9t\u00e9");
        assertThat(headers.size()).isEqualTo(2);
        assertThatThrownBy(() -> headers.addBytes(table, 10, 10, decoded, 0, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
