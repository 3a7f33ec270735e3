package io.windhover.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.auth.Authentication;
import io.windhover.auth.Authorization;
import io.windhover.auth.cookies.CookieAuthenticationHandler;
import io.windhover.auth.cookies.CookieAuthenticationOptions;
import io.windhover.auth.cookies.CookieSecurePolicy;
import io.windhover.auth.dataprotection.KeyRing;
import io.windhover.auth.dataprotection.KeyRingOptions;
import io.windhover.auth.jwt.MutableClock;
import io.windhover.web.Middleware;
import io.windhover.web.WebApplication;
import io.windhover.web.middleware.ExceptionHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenID Connect sign-in end to end against a real, certified OpenID provider — oidc-provider from
 * npm, run by node on loopback (see {@link OpenIdProviderProcess}) and requiring PKCE of every
 * client — with a JDK HttpClient and its cookie jar as the browser, following each redirect by hand
 * so that every hop is checked: the challenge's redirect and correlation cookie, the provider's
 * login, the callback's code exchange and ID token, the cookie scheme's sign-in, and the way back.
 * Then the refusals at the callback, each 400: a state changed, the callback in another browser (no
 * correlation cookie) or again (cookie gone), a code redeemed twice, a code with another sign-in's
 * PKCE verifier, the provider's error, another issuer's {@code iss}, a sign-in past its time limit.
 */
class OpenIdConnectIT {

    private static final String CLIENT_ID = "windhover-tests";
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");

    private static WebApplication app;
    private static String base;
    private static OpenIdProviderProcess provider;
    private static final AtomicReference<Middleware[]> security = new AtomicReference<>();
    private static final MutableClock clock = new MutableClock(Instant.now());

    private HttpClient browser;

    @BeforeAll
    static void start() throws Exception {
        // The provider needs the client's redirect URI, and the client the provider's issuer: the
        // application starts first, its security middleware set once the provider listens.
        app = WebApplication.create();
        app.urls("http://127.0.0.1:0");
        app.use(new ExceptionHandler(false));
        app.use((context, next) -> security.get()[0].invoke(context, inner -> security.get()[1].invoke(inner, next)));
        app.get("/secure", context -> "hello " + context.user().name() + " (" + context.user().findFirst("email").value() + ") at "
                + context.request().path() + context.request().query()).requireAuthorization();
        app.start();
        base = app.listeningUrls().getFirst();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String clientSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        provider = OpenIdProviderProcess.start(CLIENT_ID, clientSecret, base + OpenIdConnectOptions.DEFAULT_CALLBACK_PATH);

        KeyRing keys = KeyRing.inMemory(KeyRingOptions.defaults());
        var cookies = new CookieAuthenticationHandler(CookieAuthenticationOptions.SCHEME, CookieAuthenticationOptions.builder(keys)
                .securePolicy(CookieSecurePolicy.SAME_AS_REQUEST).build());
        var oidc = new OpenIdConnectHandler(OpenIdConnectOptions.SCHEME, OpenIdConnectOptions.builder(URI.create(provider.issuer()), CLIENT_ID, keys)
                .clientSecret(clientSecret).scopes("openid", "profile", "email").getClaimsFromUserInfoEndpoint(true)
                .requireHttpsMetadata(false) // loopback http: the provider's issuer is http://127.0.0.1:port
                .clock(clock).build());
        var authentication = Authentication.builder().addScheme(CookieAuthenticationOptions.SCHEME, cookies)
                .addScheme(OpenIdConnectOptions.SCHEME, oidc)
                .defaultScheme(CookieAuthenticationOptions.SCHEME).defaultChallengeScheme(OpenIdConnectOptions.SCHEME).build();
        security.set(new Middleware[] {authentication, Authorization.builder(authentication).build()});
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @BeforeEach
    void newBrowser() {
        browser = browser();
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String location(HttpResponse<String> response, String from) {
        assertThat(response.statusCode()).as("%s: %s", response.uri(), response.body()).isIn(302, 303);
        return URI.create(from).resolve(response.headers().firstValue("Location").orElseThrow()).toString();
    }

    private static Map<String, String> query(String url) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    /** The challenge for {@code path}: the provider's authorization URL it redirects to. */
    private String challenge(HttpClient client, String path) throws Exception {
        HttpResponse<String> challenged = get(client, base + path);
        return location(challenged, base + path);
    }

    /** Signs in at the provider as {@code login} from {@code authorizeUrl}; returns the callback URL it sends the browser to. */
    private String signInAtProvider(HttpClient client, String authorizeUrl, String login) throws Exception {
        String interaction = location(get(client, authorizeUrl), authorizeUrl);
        HttpResponse<String> page = get(client, interaction);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        Matcher action = FORM_ACTION.matcher(page.body());
        assertThat(action.find()).as("the provider's login form: %s", page.body()).isTrue();
        String submit = URI.create(interaction).resolve(action.group(1)).toString();
        HttpResponse<String> loggedIn = client.send(HttpRequest.newBuilder(URI.create(submit))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("prompt=login&login=" + login + "&password=any")).build(), HttpResponse.BodyHandlers.ofString());
        String resume = location(loggedIn, submit);
        String callback = location(get(client, resume), resume);
        assertThat(callback).startsWith(base + OpenIdConnectOptions.DEFAULT_CALLBACK_PATH + "?");
        return callback;
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().allValues("Set-Cookie")).noneMatch(cookie -> cookie.startsWith(".Windhover.Cookies="));
        assertThat(response.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void signsInWithTheCodeFlowAndPkceAndComesBackSignedInWithTheCookieScheme() throws Exception {
        HttpResponse<String> challenged = get(browser, base + "/secure?list=1");
        assertThat(challenged.statusCode()).isEqualTo(302);
        String authorize = location(challenged, base);
        assertThat(authorize).startsWith(provider.issuer() + "/auth?");
        Map<String, String> asked = query(authorize);
        assertThat(asked).containsEntry("client_id", CLIENT_ID).containsEntry("response_type", "code")
                .containsEntry("redirect_uri", base + "/signin-oidc").containsEntry("scope", "openid profile email")
                .containsEntry("code_challenge_method", "S256").containsKeys("state", "nonce", "code_challenge");
        assertThat(asked.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
        assertThat(asked.get("nonce")).matches("[A-Za-z0-9_-]{43}");
        assertThat(challenged.headers().allValues("Set-Cookie")).singleElement().asString()
                .matches("\\.Windhover\\.Correlation\\.[A-Za-z0-9_-]{43}=N; Path=/signin-oidc; Max-Age=900; HttpOnly; SameSite=Lax");

        String callback = signInAtProvider(browser, authorize, "ada");
        Map<String, String> answer = query(callback);
        assertThat(answer).containsEntry("state", asked.get("state")).containsEntry("iss", provider.issuer()).containsKey("code");

        HttpResponse<String> back = get(browser, callback);
        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        assertThat(back.headers().firstValue("Location")).hasValue("/secure?list=1");
        assertThat(back.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .matches("\\.Windhover\\.Cookies=[A-Za-z0-9_-]+; Path=/; HttpOnly; SameSite=Lax"));
        assertThat(back.headers().allValues("Set-Cookie")).as("the correlation cookie is spent").anySatisfy(cookie -> assertThat(cookie)
                .startsWith(".Windhover.Correlation.").contains("=; Path=/signin-oidc; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0"));

        HttpResponse<String> secure = get(browser, base + "/secure?list=1");
        assertThat(secure.statusCode()).isEqualTo(200);
        assertThat(secure.body()).as("the name and email from the user info endpoint").isEqualTo("hello Ada Lovelace (ada@example.test) at /secure?list=1");

        assertRefused(get(browser, callback)); // again: the correlation cookie is gone
    }

    @Test
    void theCallbackInAnotherBrowserIsRefused() throws Exception {
        String callback = signInAtProvider(browser, challenge(browser, "/secure"), "ada");
        assertRefused(get(browser(), callback));
        assertThat(get(browser, callback).statusCode()).as("still good in the browser that started it").isEqualTo(302);
    }

    @Test
    void aChangedStateIsRefused() throws Exception {
        String callback = signInAtProvider(browser, challenge(browser, "/secure"), "ada");
        String state = query(callback).get("state");
        int at = state.length() / 2;
        String changed = state.substring(0, at) + (state.charAt(at) == 'A' ? 'B' : 'A') + state.substring(at + 1);
        assertRefused(get(browser, callback.replace("state=" + URLEncoder.encode(state, StandardCharsets.UTF_8), "state=" + changed)));
    }

    @Test
    void aCodeRedeemedTwiceIsRefusedByTheProvider() throws Exception {
        HttpResponse<String> challenged = get(browser, base + "/secure");
        String setCookie = challenged.headers().firstValue("Set-Cookie").orElseThrow();
        String correlation = setCookie.substring(0, setCookie.indexOf(';'));
        String callback = signInAtProvider(browser, location(challenged, base), "ada");
        // Someone who holds the browser's cookies replays its callback: the first time goes through...
        HttpClient replaying = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest replay = HttpRequest.newBuilder(URI.create(callback)).header("Cookie", correlation).GET().build();
        assertThat(replaying.send(replay, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(302);
        // ...and the second, with the same correlation cookie, is refused: the provider has spent the code.
        assertRefused(replaying.send(replay, HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void aCodeWithAnotherSignInsVerifierIsRefusedByTheProvider() throws Exception {
        String first = signInAtProvider(browser, challenge(browser, "/secure"), "ada");
        String second = challenge(browser, "/secure"); // a second sign-in in the same browser: its own state, verifier and cookie
        String secondState = query(second).get("state");
        String mixed = base + "/signin-oidc?code=" + URLEncoder.encode(query(first).get("code"), StandardCharsets.UTF_8)
                + "&state=" + URLEncoder.encode(secondState, StandardCharsets.UTF_8)
                + "&iss=" + URLEncoder.encode(provider.issuer(), StandardCharsets.UTF_8);
        assertRefused(get(browser, mixed));
    }

    @Test
    void theProvidersErrorAndAnotherIssuerAreRefused() throws Exception {
        String state = query(challenge(browser, "/secure")).get("state");
        String encoded = URLEncoder.encode(state, StandardCharsets.UTF_8);
        assertRefused(get(browser, base + "/signin-oidc?error=access_denied&error_description=no&state=" + encoded));
        String other = query(challenge(browser, "/secure")).get("state");
        assertRefused(get(browser, base + "/signin-oidc?code=abc&iss=" + URLEncoder.encode("http://127.0.0.1:1", StandardCharsets.UTF_8)
                + "&state=" + URLEncoder.encode(other, StandardCharsets.UTF_8)));
        String third = query(challenge(browser, "/secure")).get("state");
        assertRefused(get(browser, base + "/signin-oidc?code=abc&state=" + URLEncoder.encode(third, StandardCharsets.UTF_8)));
    }

    @Test
    void aSignInPastItsTimeLimitIsRefused() throws Exception {
        String callback = signInAtProvider(browser, challenge(browser, "/secure"), "ada");
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        try {
            assertRefused(get(browser, callback));
        } finally {
            clock.advance(Duration.ofMinutes(-15).minusSeconds(1));
        }
    }
}
