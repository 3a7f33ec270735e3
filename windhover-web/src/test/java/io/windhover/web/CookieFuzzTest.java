package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the cookie parser ({@link RequestCookies}) and writer ({@link Cookie}) with the input,
 * read as UTF-8. Whatever the text, it checks that
 * <ul>
 *   <li>parsing it as a {@code Cookie} field never throws, and every name it gives is non-empty,
 *       without {@code ;} or {@code =}, and without spaces or tabs at either end;</li>
 *   <li>a cookie holding it as its value is written as visible ASCII alone (nothing a browser
 *       would read as another attribute or field), and read back as it was.</li>
 * </ul>
 *
 * <p>The seed corpus is in {@code CookieFuzzTestInputs/cookies}; {@code bin/fuzz cookies 120}
 * fuzzes for two minutes.
 */
class CookieFuzzTest {

    @FuzzTest
    void cookies(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        Map<String, String> parsed = RequestCookies.parse(List.of(text));
        for (String name : parsed.keySet()) {
            assertThat(name).isNotEmpty().doesNotContain(";").doesNotContain("=");
            assertThat(name).doesNotStartWith(" ").doesNotStartWith("\t").doesNotEndWith(" ").doesNotEndWith("\t");
        }
        String written = Cookie.builder("n", text).path("/").build().toSetCookie();
        assertThat(written.chars()).as(written).allMatch(c -> c >= 0x20 && c < 0x7f);
        assertThat(RequestCookies.parse(List.of(written.substring(0, written.indexOf("; Path=/")))))
                .as("read back %s", written).isEqualTo(Map.of("n", text));
    }
}
