package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Response cookies as {@code Set-Cookie} values, and the cookies browsers would refuse refused when built. */
class CookieTest {

    @Test
    void writesEveryAttributeInOrder() {
        var cookie = Cookie.builder("session", "abc123").path("/app").domain("example.com")
                .expires(Instant.parse("2030-01-02T03:04:05Z")).maxAge(Duration.ofHours(1)).secure(true)
                .httpOnly(true).sameSite(Cookie.SameSite.NONE).partitioned(true).build();
        assertThat(cookie.toSetCookie()).isEqualTo("session=abc123; Path=/app; Domain=example.com;"
                + " Expires=Wed, 02 Jan 2030 03:04:05 GMT; Max-Age=3600; Secure; HttpOnly; SameSite=None; Partitioned");
    }

    @Test
    void writesOnlyWhatIsSet() {
        assertThat(Cookie.builder("a", "b").build().toSetCookie()).isEqualTo("a=b");
        assertThat(Cookie.builder("a", "").sameSite(Cookie.SameSite.LAX).build().toSetCookie()).isEqualTo("a=; SameSite=Lax");
        assertThat(Cookie.builder("a", "b").sameSite(Cookie.SameSite.STRICT).build().toSetCookie()).isEqualTo("a=b; SameSite=Strict");
    }

    @Test
    void keepsBase64AndJwtValuesAsTheyAre() {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlKy8=";
        assertThat(Cookie.builder("t", jwt).build().toSetCookie()).isEqualTo("t=" + jwt);
    }

    @Test
    void percentEncodesWhatACookieValueCannotHoldAndReadsItBack() {
        String value = "a b;c,d\"e\\f%g\u00e9\u20ac\ud83d\ude00\u0001";
        String written = Cookie.builder("v", value).build().toSetCookie();
        assertThat(written).isEqualTo("v=a%20b%3Bc%2Cd%22e%5Cf%25g%C3%A9%E2%82%AC%F0%9F%98%80%01");
        assertThat(RequestCookies.parse(List.of(written))).containsEntry("v", value);
    }

    @Test
    void deletionIsEmptyWithMaxAgeZeroAndAnExpiryIn1970KeepingPathAndDomain() {
        var cookie = Cookie.builder("s", "x").path("/p").domain("example.com").maxAge(Duration.ofDays(1)).build();
        assertThat(cookie.deletion().toSetCookie())
                .isEqualTo("s=; Path=/p; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0");
    }

    @Test
    void negativeMaxAgeIsWrittenAsZero() {
        assertThat(Cookie.builder("a", "b").maxAge(Duration.ofSeconds(-5)).build().toSetCookie()).isEqualTo("a=b; Max-Age=0");
    }

    @Test
    void refusesNamesThatAreNotTokens() {
        for (String name : List.of("", "a b", "a;b", "a=b", "a,b", "a\"b", "(a)", "a\u00e9", "a\tb", "a/b")) {
            assertThatThrownBy(() -> Cookie.builder(name, "v").build()).as(name)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cookie name must be a token");
        }
        assertThat(Cookie.builder("!#$%&'*+-.^_`|~09azAZ", "v").build().name()).isEqualTo("!#$%&'*+-.^_`|~09azAZ");
    }

    @Test
    void refusesPathsAndDomainsThatWouldAddAttributes() {
        assertThatThrownBy(() -> Cookie.builder("a", "b").path("/; Domain=evil.com").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Path must be visible ASCII without ';'");
        assertThatThrownBy(() -> Cookie.builder("a", "b").domain("example.com\r\nX: y").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Domain must be");
    }

    @Test
    void refusesWhatBrowsersDrop() {
        assertThatThrownBy(() -> Cookie.builder("a", "b").sameSite(Cookie.SameSite.NONE).build())
                .hasMessageContaining("SameSite=None needs Secure");
        assertThatThrownBy(() -> Cookie.builder("a", "b").partitioned(true).build()).hasMessageContaining("Partitioned needs Secure");
        assertThatThrownBy(() -> Cookie.builder("__Secure-a", "b").build()).hasMessageContaining("__Secure- name needs Secure");
        assertThatThrownBy(() -> Cookie.builder("__Host-a", "b").secure(true).build()).hasMessageContaining("__Host-");
        assertThatThrownBy(() -> Cookie.builder("__Host-a", "b").secure(true).path("/").domain("example.com").build())
                .hasMessageContaining("__Host-");
        assertThat(Cookie.builder("__Host-a", "b").secure(true).path("/").build().toSetCookie()).isEqualTo("__Host-a=b; Path=/; Secure");
    }
}
