package io.windhover.samples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.web.WebApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page's sign-in in Development: the development user's cookie lets a browser write, while the
 * bearer contract holds for everyone else (no credentials: 401 {@code Bearer}; a token: the bearer
 * scheme decides, cookie or not). The sign-in and every cookie-authenticated write carry the
 * antiforgery pair {@code /account/me} issues, or are answered 400. Outside Development there is no
 * sign-in.
 */
class TodoSignInTest {

    private static final String COOKIE = ".Windhover.Cookies";
    private static final String ANTIFORGERY = ".Windhover.Antiforgery";

    @TempDir
    Path folder;
    private WebApplication app;
    private String base;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private void start(String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--urls", "http://127.0.0.1:0", "--content-root", Path.of("").toAbsolutePath().toString(),
                "--ConnectionStrings:Todos=jdbc:sqlite::memory:", "--Todo:AttachmentsPath=" + folder.resolve("attachments"),
                "--Authentication:Bearer:DevelopmentKeyFolder=" + folder.resolve("user-jwts")));
        args.addAll(List.of(more));
        app = TodoApp.create(args.toArray(String[]::new));
        app.start();
        base = app.listeningUrls().getFirst();
    }

    @AfterEach
    void stop() {
        client.close();
        if (app != null) {
            app.close();
        }
    }

    /** {@code headers} are name, value pairs; the pseudo-header {@code #body} sends its value as the body. */
    private HttpResponse<String> send(String method, String path, String json, String... headers) throws Exception {
        String body = json;
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equals("#body")) {
                body = headers[i + 1];
            }
        }
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            if (!headers[i].equals("#body")) {
                request.header(headers[i], headers[i + 1]);
            }
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What the page holds: the antiforgery cookie ("name=value") and the request token /account/me issued, for whoever {@code cookie} is. */
    private record Page(String antiforgeryCookie, String token) {
    }

    private Page page(String... cookies) throws Exception {
        var me = cookies.length == 0 ? send("GET", "/account/me", null) : send("GET", "/account/me", null, "Cookie", String.join("; ", cookies));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.headers().firstValue("Cache-Control")).hasValue("no-cache, no-store");
        var token = java.util.regex.Pattern.compile("\"antiforgeryToken\":\"([A-Za-z0-9_-]+)\"").matcher(me.body());
        assertThat(token.find()).as(me.body()).isTrue();
        String cookie = me.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(ANTIFORGERY + "=")).findFirst()
                .map(c -> c.substring(0, c.indexOf(';')))
                .orElseGet(() -> List.of(cookies).stream().filter(c -> c.startsWith(ANTIFORGERY + "=")).findFirst().orElseThrow());
        return new Page(cookie, token.group(1));
    }

    /** Signs in as the page does (a form post with the token field); returns the authentication cookie. */
    private String signIn(Page page) throws Exception {
        var signedIn = send("POST", "/account/login", null, "Cookie", page.antiforgeryCookie(),
                "Content-Type", "application/x-www-form-urlencoded", "#body", "__RequestVerificationToken=" + page.token());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/");
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        // Plain HTTP in development: no Secure, or the browser would not send it back.
        assertThat(setCookie).matches("\\.Windhover\\.Cookies=[A-Za-z0-9_-]+; Path=/; HttpOnly; SameSite=Lax");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private String signIn() throws Exception {
        return signIn(page());
    }

    @Test
    void theDevelopmentUserSignsInWithACookieAndMayWrite() throws Exception {
        start("--environment", "Development");
        assertThat(send("GET", "/account/me", null).body()).contains("\"authenticated\":false").contains("\"canSignIn\":true");
        var anonymous = send("POST", "/todos", "{\"title\":\"milk\"}");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().allValues("WWW-Authenticate")).as("the bearer contract, unchanged").containsExactly("Bearer");
        assertThat(anonymous.headers().firstValue("Location")).isEmpty();

        Page anonymousPage = page();
        String cookie = signIn(anonymousPage);
        Page page = page(cookie, anonymousPage.antiforgeryCookie());
        assertThat(page.antiforgeryCookie()).as("the cookie token stays").isEqualTo(anonymousPage.antiforgeryCookie());
        String cookies = cookie + "; " + page.antiforgeryCookie();
        assertThat(send("GET", "/account/me", null, "Cookie", cookie).body()).contains("\"name\":\"developer\"")
                .contains("\"authenticated\":true");
        var created = send("POST", "/todos", "{\"title\":\"milk\"}", "Cookie", cookies, "X-Requested-With", "XMLHttpRequest",
                "RequestVerificationToken", page.token());
        assertThat(created.statusCode()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(send("PUT", location, "{\"title\":\"oat milk\",\"done\":true}", "Cookie", cookies, "RequestVerificationToken", page.token())
                .statusCode()).isEqualTo(200);
        assertThat(send("DELETE", location, null, "Cookie", cookies, "RequestVerificationToken", page.token()).statusCode()).isEqualTo(204);

        var signedOut = send("POST", "/account/logout", null, "Cookie", cookies, "Content-Type", "application/x-www-form-urlencoded",
                "#body", "__RequestVerificationToken=" + page.token());
        assertThat(signedOut.statusCode()).isEqualTo(302);
        assertThat(signedOut.headers().firstValue("Set-Cookie")).hasValueSatisfying(deletion ->
                assertThat(deletion).startsWith(COOKIE + "=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0"));
    }

    @Test
    void aCookieAuthenticatedWriteWithoutTheAntiforgeryTokenOrWithTheAnonymousPagesIs400() throws Exception {
        start("--environment", "Development");
        Page anonymousPage = page();
        String cookies = signIn(anonymousPage) + "; " + anonymousPage.antiforgeryCookie();
        var missing = send("POST", "/todos", "{\"title\":\"milk\"}", "Cookie", cookies, "X-Requested-With", "XMLHttpRequest");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.headers().firstValue("Content-Length")).hasValue("0");
        var stale = send("DELETE", "/todos/1", null, "Cookie", cookies, "RequestVerificationToken", anonymousPage.token());
        assertThat(stale.statusCode()).as("a token issued before the sign-in is another user's").isEqualTo(400);
        assertThat(send("GET", "/todos", null, "Cookie", cookies).body()).as("nothing was written").isEqualTo("[]");
    }

    @Test
    void aSignInPostedWithoutTheTokenIs400AndSignsNobodyIn() throws Exception {
        start("--environment", "Development");
        var forged = send("POST", "/account/login", null, "Content-Type", "application/x-www-form-urlencoded", "#body", "");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void aRequestWithATokenIsTheBearerSchemesEvenWithTheCookie() throws Exception {
        start("--environment", "Development");
        String cookie = signIn();
        var badToken = send("POST", "/todos", "{\"title\":\"milk\"}", "Cookie", cookie, "Authorization", "Bearer not.a.token");
        assertThat(badToken.statusCode()).isEqualTo(401);
        assertThat(badToken.headers().allValues("WWW-Authenticate"))
                .containsExactly("Bearer error=\"invalid_token\", error_description=\"The token is malformed\"");
    }

    @Test
    void aTamperedCookieIsAnonymousAndItsWriteIs401WithTheCookieSchemesLoginAddress() throws Exception {
        start("--environment", "Development");
        String cookie = signIn();
        String tampered = cookie.substring(0, cookie.length() - 10) + (cookie.charAt(cookie.length() - 10) == 'A' ? 'B' : 'A')
                + cookie.substring(cookie.length() - 9);
        var refused = send("POST", "/todos", "{\"title\":\"milk\"}", "Cookie", tampered, "X-Requested-With", "XMLHttpRequest");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Location")).hasValue("/account/login?ReturnUrl=%2Ftodos");
        assertThat(send("GET", "/todos", null, "Cookie", tampered).statusCode()).as("reads stay open").isEqualTo(200);
    }

    @Test
    void theCookiesKeysAreKeptOwnerOnlyBesideTheDevelopmentKey() throws Exception {
        start("--environment", "Development");
        signIn();
        Path keys = folder.resolve("user-jwts/data-protection");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(keys)) {
            assertThat(files.toList()).singleElement().satisfies(file ->
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------"));
        }
    }

    @Test
    void outsideDevelopmentThereIsNoSignIn() throws Exception {
        start();
        assertThat(send("GET", "/account/me", null).body()).contains("\"canSignIn\":false");
        assertThat(send("POST", "/account/login", null).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/todos", "{\"title\":\"milk\"}").statusCode()).as("writes open without the setting").isEqualTo(201);
    }
}
