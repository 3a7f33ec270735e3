package io.windhover.auth.antiforgery;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.auth.Authentication;
import io.windhover.auth.AuthenticationProperties;
import io.windhover.auth.Authorization;
import io.windhover.auth.RawResponse;
import io.windhover.auth.TestServer;
import io.windhover.auth.cookies.CookieAuthenticationHandler;
import io.windhover.auth.cookies.CookieAuthenticationOptions;
import io.windhover.auth.dataprotection.KeyRing;
import io.windhover.auth.dataprotection.KeyRingOptions;
import io.windhover.auth.jwt.HmacJwtIssuer;
import io.windhover.auth.jwt.JwtBearerHandler;
import io.windhover.auth.jwt.JwtBearerOptions;
import io.windhover.server.http.HttpExtendedConnectFeature;
import io.windhover.server.http.UpgradedConnection;
import io.windhover.web.Claim;
import io.windhover.web.ClaimsIdentity;
import io.windhover.web.ClaimsPrincipal;
import io.windhover.web.WebApplication;
import io.windhover.web.middleware.ExceptionHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Antiforgery over a loopback socket, on an application that signs users in with the cookie scheme
 * and also takes bearer tokens: a page's token pair lets its unsafe requests through, as a header or
 * as a form field; a missing cookie or request token, a token of another user, a changed token, the
 * tokens of two different pairs, swapped tokens and a token of another key ring are each answered
 * 400 with no body and the handler never runs; a request with a bearer token, safe methods and an
 * endpoint that disables the check are not asked.
 */
class AntiforgeryTest {

    private static final String COOKIE = AntiforgeryOptions.DEFAULT_COOKIE_NAME;
    private static final byte[] SIGNING_KEY = "a-signing-key-of-at-least-32-bytes!!".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([A-Za-z0-9_-]+)\"");

    private final KeyRing ring = KeyRing.inMemory(KeyRingOptions.defaults());
    private final AtomicInteger writes = new AtomicInteger();
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(app(ring));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private WebApplication app(KeyRing keys) {
        var cookies = new CookieAuthenticationHandler(CookieAuthenticationOptions.SCHEME, CookieAuthenticationOptions.builder(keys).build());
        var bearer = new JwtBearerHandler(JwtBearerOptions.SCHEME, JwtBearerOptions.builder().hmacKey(SIGNING_KEY)
                .issuer("https://issuer.test/").audience("api://test").build());
        var authentication = Authentication.builder().addScheme(CookieAuthenticationOptions.SCHEME, cookies)
                .addScheme(JwtBearerOptions.SCHEME, bearer)
                .addPolicyScheme("BearerOrCookies", context -> context.header("Authorization") != null
                        ? JwtBearerOptions.SCHEME : CookieAuthenticationOptions.SCHEME)
                .defaultScheme("BearerOrCookies").build();
        var antiforgery = new Antiforgery(AntiforgeryOptions.builder(keys).build());
        var app = WebApplication.create();
        app.use(new ExceptionHandler(false));
        app.use(authentication);
        app.use(Authorization.builder(authentication).build());
        // What the HTTP/2 engine offers a WebSocket handshake (RFC 8441's extended CONNECT), stood in for here.
        app.use((context, next) -> {
            if (context.request().path().equals("/socket")) {
                context.http().features().set(HttpExtendedConnectFeature.class, new HttpExtendedConnectFeature() {
                    @Override
                    public boolean isExtendedConnect() {
                        return true;
                    }

                    @Override
                    public String protocol() {
                        return "websocket";
                    }

                    @Override
                    public UpgradedConnection accept() {
                        throw new UnsupportedOperationException("not in this test");
                    }
                });
            }
            next.handle(context);
        });
        app.use(antiforgery);
        app.post("/socket", context -> "tunnel #" + writes.incrementAndGet());
        app.post("/webhook-not-exempt", context -> "asked #" + writes.incrementAndGet());
        app.get("/page", context -> Map.of("token", antiforgery.tokens(context).requestToken()));
        app.post("/login", context -> {
            String name = context.form().value("name");
            authentication.signIn(context, CookieAuthenticationOptions.SCHEME, ClaimsPrincipal.of(new ClaimsIdentity(
                    CookieAuthenticationOptions.SCHEME, List.of(new Claim("name", name), new Claim("sub", name + "-id")))), AuthenticationProperties.empty());
            return "signed in " + name;
        });
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            app.map(method, "/items", context -> "written by " + context.user().name() + " #" + writes.incrementAndGet()).requireAuthorization();
        }
        app.post("/webhook", context -> "hook #" + writes.incrementAndGet()).withMetadata(AntiforgeryMetadata.DISABLED);
        return app;
    }

    /** A page's token pair: the antiforgery cookie ("name=value") and the request token, for whoever {@code cookies} say. */
    private record Pair(String cookie, String requestToken) {
    }

    private Pair page(String... cookies) throws Exception {
        RawResponse page = server.request("GET", "/page", cookies.length == 0 ? new String[0] : new String[] {"Cookie: " + String.join("; ", cookies)});
        assertThat(page.status()).as(page.raw()).isEqualTo(200);
        Matcher token = TOKEN.matcher(page.body());
        assertThat(token.find()).as(page.body()).isTrue();
        String setCookie = page.header("Set-Cookie");
        String cookie = setCookie != null ? setCookie.substring(0, setCookie.indexOf(';'))
                : List.of(cookies).stream().filter(c -> c.startsWith(COOKIE + "=")).findFirst().orElseThrow();
        return new Pair(cookie, token.group(1));
    }

    /** Signs {@code name} in with {@code pair} (a form post, itself checked); returns the authentication cookie. */
    private String signIn(String name, Pair pair) throws Exception {
        RawResponse signedIn = post("/login", "application/x-www-form-urlencoded", "name=" + name + "&" + AntiforgeryOptions.DEFAULT_FORM_FIELD_NAME
                + "=" + pair.requestToken(), "Cookie: " + pair.cookie());
        assertThat(signedIn.status()).as(signedIn.raw()).isEqualTo(200);
        String setCookie = signedIn.headers("Set-Cookie").stream().filter(c -> c.startsWith(CookieAuthenticationOptions.DEFAULT_COOKIE_NAME + "="))
                .findFirst().orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private RawResponse post(String path, String contentType, String body, String... headers) throws Exception {
        return send("POST", path, contentType, body, headers);
    }

    private RawResponse send(String method, String path, String contentType, String body, String... headers) throws Exception {
        var request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        if (contentType != null) {
            request.append("Content-Type: ").append(contentType).append("\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        request.append("Content-Length: ").append(bytes.length).append("\r\n\r\n").append(body);
        return server.send(request.toString());
    }

    /** ada signed in, with a page issued to her after the sign-in. */
    private record SignedIn(String authCookie, Pair pair) {
        String cookies() {
            return "Cookie: " + authCookie + "; " + pair.cookie();
        }
    }

    private SignedIn ada() throws Exception {
        Pair anonymous = page();
        String auth = signIn("ada", anonymous);
        return new SignedIn(auth, page(auth, anonymous.cookie()));
    }

    private void assertRefused(RawResponse response) {
        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.headerLines()).as(response.raw()).filteredOn(line -> !line.startsWith("Date:"))
                .containsExactly("Content-Length: 0", "Server: Windhover", "Connection: close");
        assertThat(response.body()).isEmpty();
        assertThat(writes).as("the handler never ran").hasValue(0);
    }

    @Test
    void aPageIsIssuedAnHttpOnlyStrictCookieTokenAndAResponseThatIsNotCachedNorFramed() throws Exception {
        RawResponse page = server.request("GET", "/page");
        assertThat(page.header("Set-Cookie")).matches(Pattern.quote(COOKIE) + "=[A-Za-z0-9_-]{80,}; Path=/; HttpOnly; SameSite=Strict");
        assertThat(page.header("Cache-Control")).isEqualTo("no-cache, no-store");
        assertThat(page.header("Pragma")).isEqualTo("no-cache");
        assertThat(page.header("X-Frame-Options")).isEqualTo("SAMEORIGIN");
        String cookie = page.header("Set-Cookie").substring(0, page.header("Set-Cookie").indexOf(';'));
        RawResponse again = server.request("GET", "/page", "Cookie: " + cookie);
        assertThat(again.headers("Set-Cookie")).as("a valid cookie token is kept").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
    void everyUnsafeMethodWithThePagesPairInTheHeaderIsLetThrough(String method) throws Exception {
        SignedIn ada = ada();
        RawResponse written = send(method, "/items", "text/plain", "x", ada.cookies(), "RequestVerificationToken: " + ada.pair().requestToken());
        assertThat(written.status()).as(written.raw()).isEqualTo(200);
        assertThat(written.body()).isEqualTo("written by ada #1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
    void everyUnsafeMethodWithoutARequestTokenIs400(String method) throws Exception {
        SignedIn ada = ada();
        assertRefused(send(method, "/items", "text/plain", "x", ada.cookies()));
    }

    @Test
    void theRequestTokenIsTakenFromAUrlEncodedFormField() throws Exception {
        SignedIn ada = ada();
        RawResponse written = post("/items", "application/x-www-form-urlencoded", "title=milk&__RequestVerificationToken="
                + URLEncoder.encode(ada.pair().requestToken(), StandardCharsets.UTF_8), ada.cookies());
        assertThat(written.status()).as(written.raw()).isEqualTo(200);
        assertThat(written.body()).isEqualTo("written by ada #1");
    }

    @Test
    void aMissingCookieTokenIs400() throws Exception {
        SignedIn ada = ada();
        assertRefused(post("/items", "text/plain", "x", "Cookie: " + ada.authCookie(), "RequestVerificationToken: " + ada.pair().requestToken()));
    }

    @Test
    void aTokenIssuedToAnotherUserIs400() throws Exception {
        SignedIn ada = ada();
        Pair anonymous = page();
        String bob = signIn("bob", anonymous);
        // Bob's request, his own session, carrying the pair issued to ada's page: same browser, or a stolen page.
        assertRefused(post("/items", "text/plain", "x", "Cookie: " + bob + "; " + ada.pair().cookie(),
                "RequestVerificationToken: " + ada.pair().requestToken()));
    }

    @Test
    void theAnonymousPagesTokenIsRefusedOnceSignedIn() throws Exception {
        Pair anonymous = page();
        String auth = signIn("ada", anonymous);
        assertRefused(post("/items", "text/plain", "x", "Cookie: " + auth + "; " + anonymous.cookie(),
                "RequestVerificationToken: " + anonymous.requestToken()));
    }

    @Test
    void aTamperedRequestTokenOrCookieTokenIs400() throws Exception {
        SignedIn ada = ada();
        String token = ada.pair().requestToken();
        int at = token.length() / 2;
        String tampered = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
        assertRefused(post("/items", "text/plain", "x", ada.cookies(), "RequestVerificationToken: " + tampered));
        String cookie = ada.pair().cookie();
        int c = cookie.length() - 5;
        String tamperedCookie = cookie.substring(0, c) + (cookie.charAt(c) == 'A' ? 'B' : 'A') + cookie.substring(c + 1);
        assertRefused(post("/items", "text/plain", "x", "Cookie: " + ada.authCookie() + "; " + tamperedCookie,
                "RequestVerificationToken: " + token));
    }

    @Test
    void theTokensOfTwoDifferentPairsAre400() throws Exception {
        SignedIn ada = ada();
        // A second browser of ada's: its own cookie token, its own request token.
        Pair other = page(ada.authCookie());
        assertThat(other.cookie()).isNotEqualTo(ada.pair().cookie());
        assertRefused(post("/items", "text/plain", "x", ada.cookies(), "RequestVerificationToken: " + other.requestToken()));
    }

    @Test
    void swappedTokensAre400() throws Exception {
        SignedIn ada = ada();
        String cookieValue = ada.pair().cookie().substring(COOKIE.length() + 1);
        assertRefused(post("/items", "text/plain", "x", "Cookie: " + ada.authCookie() + "; " + COOKIE + "=" + ada.pair().requestToken(),
                "RequestVerificationToken: " + cookieValue));
    }

    @Test
    void aPairFromAnotherKeyRingIs400() throws Exception {
        SignedIn ada = ada();
        try (TestServer other = TestServer.start(app(KeyRing.inMemory(KeyRingOptions.defaults())))) {
            RawResponse page = other.request("GET", "/page");
            Matcher token = TOKEN.matcher(page.body());
            assertThat(token.find()).isTrue();
            String foreignCookie = page.header("Set-Cookie").substring(0, page.header("Set-Cookie").indexOf(';'));
            assertRefused(post("/items", "text/plain", "x", "Cookie: " + ada.authCookie() + "; " + foreignCookie,
                    "RequestVerificationToken: " + token.group(1)));
        }
    }

    @Test
    void aWebSocketHandshakeOverHttp2IsNotAskedLikeTheGetItReplaces() throws Exception {
        assertRefused(post("/webhook-not-exempt", "text/plain", "")); // the same request, not a handshake: asked
        RawResponse tunnel = post("/socket", "text/plain", "");
        assertThat(tunnel.status()).as(tunnel.raw()).isEqualTo(200);
        assertThat(tunnel.body()).isEqualTo("tunnel #1");
    }

    @Test
    void anApiCalledWithABearerTokenIsNotAsked() throws Exception {
        String token = new HmacJwtIssuer(SIGNING_KEY, "https://issuer.test/", "api://test", Clock.systemUTC())
                .issue("robot", List.of(), List.of(), Duration.ofMinutes(5));
        RawResponse written = post("/items", "application/json", "{}", "Authorization: Bearer " + token);
        assertThat(written.status()).as(written.raw()).isEqualTo(200);
        assertThat(written.body()).isEqualTo("written by robot #1");
        assertThat(written.headers("Set-Cookie")).isEmpty();
    }

    @Test
    void anEndpointThatDisablesTheCheckAndSafeMethodsAreNotAsked() throws Exception {
        RawResponse hook = post("/webhook", "application/json", "{}");
        assertThat(hook.status()).as(hook.raw()).isEqualTo(200);
        assertThat(hook.body()).isEqualTo("hook #1");
        assertThat(server.request("GET", "/page").status()).isEqualTo(200);
    }

    @Test
    void anAnonymousFormPostNeedsThePairToo() throws Exception {
        // Login CSRF: another site must not sign the browser in as the attacker.
        RawResponse forged = post("/login", "application/x-www-form-urlencoded", "name=mallory");
        assertRefused(forged);
        assertThat(forged.headers("Set-Cookie")).isEmpty();
    }

    @Test
    void theUserIdOfATokenIsAHashOfSubElseName() {
        var withSub = ClaimsPrincipal.of(new ClaimsIdentity("Cookies", List.of(new Claim("name", "ada"), new Claim("sub", "1"))));
        var sameSubOtherName = ClaimsPrincipal.of(new ClaimsIdentity("Cookies", List.of(new Claim("name", "ada lovelace"), new Claim("sub", "1"))));
        var nameOnly = ClaimsPrincipal.of(new ClaimsIdentity("Cookies", List.of(new Claim("name", "ada"))));
        assertThat(AntiforgeryToken.userId(withSub)).hasSize(32).isEqualTo(AntiforgeryToken.userId(sameSubOtherName));
        assertThat(AntiforgeryToken.userId(nameOnly)).hasSize(32).isNotEqualTo(AntiforgeryToken.userId(withSub));
        assertThat(AntiforgeryToken.userId(ClaimsPrincipal.anonymous())).isEmpty();
        var cookieToken = AntiforgeryToken.newCookieToken();
        var read = AntiforgeryToken.read(cookieToken.requestTokenFor(withSub).write());
        assertThat(read.cookieToken()).isFalse();
        assertThat(read.securityToken()).isEqualTo(cookieToken.securityToken());
        assertThat(read.userId()).isEqualTo(AntiforgeryToken.userId(withSub));
        List<byte[]> malformed = new ArrayList<>(List.of(new byte[0], new byte[19]));
        byte[] wrongVersion = cookieToken.write();
        wrongVersion[0] = 2;
        malformed.add(wrongVersion);
        assertThat(malformed).allSatisfy(bytes -> assertThat(AntiforgeryToken.read(bytes)).isNull());
    }
}
