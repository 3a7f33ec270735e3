package io.windhover.auth.cookies;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.auth.Authentication;
import io.windhover.auth.AuthenticationProperties;
import io.windhover.auth.Authorization;
import io.windhover.auth.RawResponse;
import io.windhover.auth.TestServer;
import io.windhover.auth.dataprotection.KeyRing;
import io.windhover.auth.dataprotection.KeyRingOptions;
import io.windhover.auth.jwt.MutableClock;
import io.windhover.web.AuthorizeData;
import io.windhover.web.Claim;
import io.windhover.web.ClaimsIdentity;
import io.windhover.web.ClaimsPrincipal;
import io.windhover.web.WebApplication;
import io.windhover.web.middleware.ExceptionHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cookie scheme over a loopback socket: sign-in sets an encrypted ticket cookie with
 * {@code HttpOnly}, {@code Secure} and {@code SameSite=Lax}; the cookie authenticates until the
 * ticket ends, sliding on use past half its life; a changed cookie, a cookie of another key ring and
 * one whose key has retired are refused; challenges redirect browsers and answer 401 to API calls;
 * sign-in and sign-out go back to a local {@code ReturnUrl} only. Time moves on the test's clock.
 */
class CookieAuthenticationTest {

    private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");
    private static final String NAME = CookieAuthenticationOptions.DEFAULT_COOKIE_NAME;
    private static final String HTML = "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private final MutableClock clock = new MutableClock(START);
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(KeyRing ring, CookieAuthenticationOptions.Builder configure) throws Exception {
        var cookies = new CookieAuthenticationHandler("Cookies", configure.clock(clock).build());
        var authentication = Authentication.builder().addScheme("Cookies", cookies).build();
        var app = WebApplication.create();
        app.use(new ExceptionHandler(false));
        app.use(authentication);
        app.use(Authorization.builder(authentication).build());
        app.post("/Account/Login", context -> {
            boolean persistent = "true".equals(context.query("persistent"));
            Instant expires = context.query("days") == null ? null : clock.instant().plus(Duration.ofDays(Long.parseLong(context.query("days"))));
            String role = context.query("role");
            var user = ClaimsPrincipal.of(new ClaimsIdentity("Cookies", role == null ? List.of(new Claim("name", "ada"))
                    : List.of(new Claim("name", "ada"), new Claim("role", role))));
            authentication.signIn(context, null, user, new AuthenticationProperties(null, java.util.Map.of(), null, expires, persistent));
            return null;
        });
        app.post("/anonymous-sign-in", context -> {
            authentication.signIn(context, null, ClaimsPrincipal.anonymous(), AuthenticationProperties.empty());
            return null;
        });
        app.post("/big-sign-in", context -> {
            List<Claim> claims = new java.util.ArrayList<>();
            for (int i = 0; i < Integer.parseInt(context.query("groups")); i++) {
                claims.add(new Claim("group", "a-rather-long-group-name-" + i));
            }
            authentication.signIn(context, null, ClaimsPrincipal.of(new ClaimsIdentity("Cookies", claims)), AuthenticationProperties.empty());
            return null;
        });
        app.post("/Account/Logout", context -> {
            authentication.signOut(context, null, AuthenticationProperties.empty());
            return null;
        });
        app.get("/me", context -> "hello " + context.user().name()).requireAuthorization();
        app.get("/admin", context -> "admin").requireAuthorization(AuthorizeData.roles("admin"));
        server = TestServer.start(app);
    }

    private void start() throws Exception {
        start(KeyRing.inMemory(KeyRingOptions.defaults().withClock(clock)), CookieAuthenticationOptions.builder(ring()));
    }

    private KeyRing ring;

    private KeyRing ring() {
        if (ring == null) {
            ring = KeyRing.inMemory(KeyRingOptions.defaults().withClock(clock));
        }
        return ring;
    }

    /** Signs ada in; returns the cookie's value. */
    private String signIn(String query) throws Exception {
        RawResponse response = server.request("POST", "/Account/Login" + query);
        assertThat(response.status()).as(response.raw()).isIn(200, 302);
        return cookieValue(response.header("Set-Cookie"));
    }

    private static String cookieValue(String setCookie) {
        assertThat(setCookie).startsWith(NAME + "=");
        return setCookie.substring(NAME.length() + 1, setCookie.indexOf(';'));
    }

    private RawResponse me(String cookie, String... headers) throws Exception {
        String[] all = new String[headers.length + 1];
        all[0] = "Cookie: " + NAME + "=" + cookie;
        System.arraycopy(headers, 0, all, 1, headers.length);
        return server.request("GET", "/me", all);
    }

    private static void assertChallengedAsApi(RawResponse response) {
        assertThat(response.status()).as(response.raw()).isEqualTo(401);
        assertThat(response.header("Location")).isEqualTo("/Account/Login?ReturnUrl=%2Fme");
        assertThat(response.headers("Set-Cookie")).isEmpty();
    }

    @Test
    void signInSetsAnEncryptedHttpOnlySecureLaxCookieThatAuthenticates() throws Exception {
        start();
        RawResponse signedIn = server.request("POST", "/Account/Login");
        assertThat(signedIn.status()).isEqualTo(200);
        String setCookie = signedIn.header("Set-Cookie");
        assertThat(setCookie).matches(NAME.replace(".", "\\.") + "=[A-Za-z0-9_-]{100,}; Path=/; Secure; HttpOnly; SameSite=Lax");
        String value = cookieValue(setCookie);
        assertThat(new String(java.util.Base64.getUrlDecoder().decode(value), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("ada");
        RawResponse me = me(value);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body()).isEqualTo("hello ada");
        assertThat(me.headers("Set-Cookie")).as("nothing to renew yet").isEmpty();
    }

    @Test
    void aPersistentSignInGivesTheCookieTheTicketsEnd() throws Exception {
        start();
        String setCookie = server.request("POST", "/Account/Login?persistent=true").header("Set-Cookie");
        assertThat(setCookie).contains("; Expires=Sun, 15 Mar 2026 08:00:00 GMT; Secure; HttpOnly; SameSite=Lax");
    }

    @Test
    void noCookieIsChallengedWithARedirectForABrowserAnd401ForAnApiCall() throws Exception {
        start();
        RawResponse browser = server.request("GET", "/me?tab=1", HTML);
        assertThat(browser.status()).isEqualTo(302);
        assertThat(browser.header("Location")).isEqualTo("/Account/Login?ReturnUrl=%2Fme%3Ftab%3D1");
        RawResponse api = server.request("GET", "/me", "Accept: application/json");
        assertChallengedAsApi(api);
        assertChallengedAsApi(server.request("GET", "/me"));
        assertChallengedAsApi(server.request("GET", "/me", HTML, "X-Requested-With: XMLHttpRequest"));
        RawResponse ajaxQuery = server.request("GET", "/me?X-Requested-With=XMLHttpRequest", HTML);
        assertThat(ajaxQuery.status()).isEqualTo(401);
    }

    @Test
    void everyTamperedCookieIsRefused() throws Exception {
        start();
        String cookie = signIn("");
        assertThat(me(cookie).status()).isEqualTo(200);
        for (int i = 0; i < cookie.length(); i += 7) {
            char changed = cookie.charAt(i) == 'A' ? 'B' : 'A';
            String tampered = cookie.substring(0, i) + changed + cookie.substring(i + 1);
            assertChallengedAsApi(me(tampered));
        }
        assertChallengedAsApi(me(cookie.substring(0, cookie.length() - 1)));
        assertChallengedAsApi(me(cookie + "AA"));
        assertChallengedAsApi(me("not-a-ticket"));
    }

    @Test
    void aCookieOfAnotherKeyRingOrSchemeIsRefused() throws Exception {
        KeyRing other = KeyRing.inMemory(KeyRingOptions.defaults().withClock(clock));
        String foreign = other.protector("Windhover.Authentication.Cookies", "Cookies", "v1")
                .protectToString(TicketSerializer.write(ClaimsPrincipal.of(new ClaimsIdentity("Cookies", List.of(new Claim("name", "eve")))),
                        AuthenticationProperties.empty()));
        String otherScheme = ring().protector("Windhover.Authentication.Cookies", "Other", "v1")
                .protectToString(TicketSerializer.write(ClaimsPrincipal.of(new ClaimsIdentity("Cookies", List.of(new Claim("name", "eve")))),
                        AuthenticationProperties.empty()));
        start();
        assertChallengedAsApi(me(foreign));
        assertChallengedAsApi(me(otherScheme));
    }

    @Test
    void aTicketEndsAtItsExpiryOnTheClock() throws Exception {
        start(ring(), CookieAuthenticationOptions.builder(ring()).slidingExpiration(false));
        String cookie = signIn("");
        clock.advance(Duration.ofDays(14).minusSeconds(1));
        assertThat(me(cookie).status()).isEqualTo(200);
        assertThat(me(cookie).headers("Set-Cookie")).as("not sliding").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertChallengedAsApi(me(cookie));
    }

    @Test
    void aTicketUsedPastHalfItsLifeIsRenewedForAnotherFullSpan() throws Exception {
        start();
        String cookie = signIn("");
        clock.advance(Duration.ofDays(7));
        RawResponse atHalf = me(cookie);
        assertThat(atHalf.status()).isEqualTo(200);
        assertThat(atHalf.headers("Set-Cookie")).as("exactly half: not yet").isEmpty();

        clock.advance(Duration.ofSeconds(1));
        RawResponse pastHalf = me(cookie);
        assertThat(pastHalf.status()).isEqualTo(200);
        assertThat(pastHalf.header("Set-Cookie")).endsWith("; Path=/; Secure; HttpOnly; SameSite=Lax");
        String renewed = cookieValue(pastHalf.header("Set-Cookie"));
        assertThat(renewed).isNotEqualTo(cookie);

        clock.advance(Duration.ofDays(7)); // 14 days and 1 s after the sign-in
        assertChallengedAsApi(me(cookie));
        RawResponse stillIn = me(renewed);
        assertThat(stillIn.status()).as("renewed 7 days and 1 s in, for 14 days").isEqualTo(200);
        clock.advance(Duration.ofDays(7).minusSeconds(1)); // 14 days after the renewal, less a second
        assertThat(me(renewed).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertChallengedAsApi(me(renewed));
    }

    @Test
    void aCookieWhoseKeyHasRetiredIsRefusedEvenWhenItsTicketHasNotEnded() throws Exception {
        start(ring(), CookieAuthenticationOptions.builder(ring()).slidingExpiration(false));
        String cookie = signIn("?days=365&persistent=true");
        // The key expires after 90 days and retires 90 days later; until then the ticket reads.
        clock.advance(Duration.ofDays(180).minusSeconds(1));
        assertThat(me(cookie).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertChallengedAsApi(me(cookie));
        assertThat(me(signIn("")).status()).as("a new sign-in uses the current key").isEqualTo(200);
    }

    @Test
    void aUserWithoutTheRoleIsSentToAccessDeniedOrGets403() throws Exception {
        start();
        String cookie = signIn("");
        RawResponse browser = server.request("GET", "/admin", "Cookie: " + NAME + "=" + cookie, HTML);
        assertThat(browser.status()).isEqualTo(302);
        assertThat(browser.header("Location")).isEqualTo("/Account/AccessDenied?ReturnUrl=%2Fadmin");
        RawResponse api = server.request("GET", "/admin", "Cookie: " + NAME + "=" + cookie, "Accept: application/json");
        assertThat(api.status()).isEqualTo(403);
        assertThat(api.header("Location")).isEqualTo("/Account/AccessDenied?ReturnUrl=%2Fadmin");
        String admin = signIn("?role=admin");
        assertThat(server.request("GET", "/admin", "Cookie: " + NAME + "=" + admin).status()).isEqualTo(200);
    }

    @Test
    void signInAndSignOutGoBackOnlyToALocalReturnUrl() throws Exception {
        start();
        RawResponse local = server.request("POST", "/Account/Login?ReturnUrl=%2Ftodos%3Fdone%3Dtrue");
        assertThat(local.status()).isEqualTo(302);
        assertThat(local.header("Location")).isEqualTo("/todos?done=true");
        for (String evil : List.of("%2F%2Fevil.example", "%2F%5Cevil.example", "https%3A%2F%2Fevil.example", "%2F%09%2Fevil.example",
                "evil.example", "")) {
            RawResponse refused = server.request("POST", "/Account/Login?ReturnUrl=" + evil);
            assertThat(refused.status()).as(evil).isEqualTo(200);
            assertThat(refused.header("Location")).as(evil).isNull();
            assertThat(refused.header("Set-Cookie")).as("signed in all the same").startsWith(NAME + "=");
        }
        RawResponse out = server.request("POST", "/Account/Logout?ReturnUrl=%2F");
        assertThat(out.status()).isEqualTo(302);
        assertThat(out.header("Location")).isEqualTo("/");
        assertThat(out.header("Set-Cookie")).isEqualTo(NAME + "=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; HttpOnly; SameSite=Lax");
        assertThat(server.request("POST", "/Account/Logout?ReturnUrl=%2F%2Fevil.example").header("Location")).isNull();
    }

    @Test
    void theSecurePolicyCanFollowTheRequestForDevelopmentOverPlainHttp() throws Exception {
        start(ring(), CookieAuthenticationOptions.builder(ring()).securePolicy(CookieSecurePolicy.SAME_AS_REQUEST));
        assertThat(server.request("POST", "/Account/Login").header("Set-Cookie")).endsWith("; Path=/; HttpOnly; SameSite=Lax");
    }

    @Test
    void signingInAnAnonymousUserIsAnError() throws Exception {
        start();
        RawResponse response = server.request("POST", "/anonymous-sign-in");
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.headers("Set-Cookie")).isEmpty();
    }

    @Test
    void aTicketTooLargeForOneCookieIsRefusedAtSignIn() throws Exception {
        start();
        RawResponse fits = server.request("POST", "/big-sign-in?groups=10");
        assertThat(fits.status()).isEqualTo(200);
        RawResponse tooLarge = server.request("POST", "/big-sign-in?groups=100");
        assertThat(tooLarge.status()).as("an IllegalStateException: over the 4096 bytes browsers are sure to keep").isEqualTo(500);
        assertThat(tooLarge.headers("Set-Cookie")).isEmpty();
    }
}
