package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code Cookie} field read as browsers write it, and as leniently as they must be read. */
class RequestCookiesTest {

    private static Map<String, String> parse(String... fields) {
        return RequestCookies.parse(List.of(fields));
    }

    @Test
    void readsPairsInOrder() {
        assertThat(parse("a=1; b=2; c=3")).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"), Map.entry("c", "3"));
    }

    @Test
    void dropsSpacesAndTabsAroundNamesAndValues() {
        assertThat(parse(" a = 1 ;\tb\t=\t2\t;c=3 ")).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"), Map.entry("c", "3"));
    }

    @Test
    void keepsTheFirstOfTwoCookiesWithOneNameTheMostSpecificPath() {
        assertThat(parse("id=deep; id=shallow")).containsExactly(Map.entry("id", "deep"));
    }

    @Test
    void skipsPairsWithoutANameOrWithoutAnEqualsSignAndReadsTheRest() {
        assertThat(parse("flag; =orphan; ; ;; a=1;b")).containsExactly(Map.entry("a", "1"));
        assertThat(parse("")).isEmpty();
        assertThat(parse(";")).isEmpty();
    }

    @Test
    void valuesMayHoldEqualsSignsAndBeEmpty() {
        assertThat(parse("t=YWJj==; e=")).containsExactly(Map.entry("t", "YWJj=="), Map.entry("e", ""));
    }

    @Test
    void removesOnePairOfDoubleQuotes() {
        assertThat(parse("q=\"quoted\"; lone=\"; two=\"\"x\"\"")).containsExactly(Map.entry("q", "quoted"),
                Map.entry("lone", "\""), Map.entry("two", "\"x\""));
    }

    @Test
    void decodesValidEscapesAndKeepsStrayPercentSigns() {
        assertThat(parse("a=caf%C3%A9; b=100%; c=%zz; d=%4; e=%e2%82%ac")).containsExactly(Map.entry("a", "caf\u00e9"),
                Map.entry("b", "100%"), Map.entry("c", "%zz"), Map.entry("d", "%4"), Map.entry("e", "\u20ac"));
        assertThat(parse("bad=%FF")).containsEntry("bad", "\ufffd");
    }

    @Test
    void keepsCharactersBrowsersSendThoughTheGrammarForbidsThem() {
        assertThat(parse("a=b c, d\u00e9\ud83d\ude00")).containsEntry("a", "b c, d\u00e9\ud83d\ude00");
    }

    @Test
    void readsSeveralCookieFieldsAsOne() {
        assertThat(parse("a=1; b=2", "c=3", "a=ignored")).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"),
                Map.entry("c", "3"));
    }

    @Test
    void dropsTheAttributesOfRfc2965ThatTheJdkClientSends() {
        assertThat(parse("$Version=1; theme=dark; $Path=\"/\"; $Domain=127.0.0.1; $Port=\"80\"; $other=x"))
                .containsExactly(Map.entry("theme", "dark"), Map.entry("$other", "x"));
    }
}
