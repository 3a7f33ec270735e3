package io.windhover.samples.todo;

import io.windhover.auth.Authentication;
import io.windhover.auth.AuthenticationProperties;
import io.windhover.auth.antiforgery.Antiforgery;
import io.windhover.auth.antiforgery.AntiforgeryOptions;
import io.windhover.auth.cookies.CookieAuthenticationHandler;
import io.windhover.auth.cookies.CookieAuthenticationOptions;
import io.windhover.auth.cookies.CookieSecurePolicy;
import io.windhover.auth.dataprotection.KeyRing;
import io.windhover.auth.dataprotection.KeyRingOptions;
import io.windhover.web.Claim;
import io.windhover.web.ClaimsIdentity;
import io.windhover.web.ClaimsPrincipal;
import io.windhover.web.Results;
import io.windhover.web.WebApplication;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The page's sign-in in Development: one button signs the browser in as a development user who may
 * write ({@code todos:write}), kept in the cookie scheme, so the page can add and change todos
 * without a bearer token. The cookie's keys are kept beside the development signing key
 * ({@code data-protection/} in its folder, owner-only). Never in Production: there, writes need a
 * bearer token and sign-in is for a real identity provider.
 *
 * <pre>
 * POST /account/login     signs the development user in; back to a local ReturnUrl, else to /
 * POST /account/logout    signs out; back to /
 * GET  /account/me        {"name": "developer", "authenticated": true, "canSignIn": true, "antiforgeryToken": "..."}
 * </pre>
 *
 * <p>The cookie authenticates whatever the browser sends, so the sign-in and every write the page
 * makes carry the antiforgery token pair ({@link Antiforgery}, the same keys): the cookie token set
 * by {@code /account/me}, and its request token in the form field {@code __RequestVerificationToken}
 * or the header {@code RequestVerificationToken}.
 *
 * <pre>
 * </pre>
 */
final class DevelopmentSignIn {

    static final String USER = "developer";
    static final String LOGIN_PATH = "/account/login";
    static final String LOGOUT_PATH = "/account/logout";

    private DevelopmentSignIn() {
    }

    /** The key ring of the cookie and the antiforgery tokens: {@code data-protection} beside the development signing key. */
    static KeyRing keyRing(WebApplication app) throws IOException {
        return KeyRing.inFolder(keyFolder(app), KeyRingOptions.defaults());
    }

    /** The cookie scheme with {@code keys}, over plain HTTP in development (Secure only on https requests). */
    static CookieAuthenticationHandler cookies(KeyRing keys) {
        return new CookieAuthenticationHandler(CookieAuthenticationOptions.SCHEME, CookieAuthenticationOptions.builder(keys)
                .loginPath(LOGIN_PATH).logoutPath(LOGOUT_PATH)
                // bin/todo serves http://localhost:8080 by default; the cookie is Secure whenever the page came over https.
                .securePolicy(CookieSecurePolicy.SAME_AS_REQUEST)
                .build());
    }

    /** Antiforgery for the page's cookie-authenticated writes and its sign-in, with {@code keys}; Secure only on https requests. */
    static Antiforgery antiforgery(KeyRing keys) {
        return new Antiforgery(AntiforgeryOptions.builder(keys).securePolicy(CookieSecurePolicy.SAME_AS_REQUEST).build());
    }

    /** The folder of the cookie's keys: {@code data-protection} beside the development signing key. */
    static Path keyFolder(WebApplication app) {
        return DevelopmentSigningKey.folder(app.configuration()).resolve("data-protection");
    }

    /**
     * Maps the sign-in, sign-out and who-am-I endpoints; {@code authentication} and
     * {@code antiforgery} are null when writes are open. Who-am-I issues the page its antiforgery
     * tokens, for the user it reports: the page asks again after signing in. They are the page's
     * own, not the todo API, so the OpenAPI document leaves them out.
     */
    static void map(WebApplication app, Authentication authentication, Antiforgery antiforgery) {
        boolean canSignIn = authentication != null;
        app.get("/account/me", context -> {
            Map<String, Object> me = new LinkedHashMap<>();
            me.put("name", context.user().isAuthenticated() ? context.user().name() : "");
            me.put("authenticated", context.user().isAuthenticated());
            me.put("canSignIn", canSignIn);
            if (antiforgery != null) {
                me.put("antiforgeryToken", antiforgery.tokens(context).requestToken());
            }
            return me;
        }).excludeFromDescription();
        if (!canSignIn) {
            return;
        }
        app.post(LOGIN_PATH, context -> {
            var user = ClaimsPrincipal.of(new ClaimsIdentity(CookieAuthenticationOptions.SCHEME,
                    List.of(new Claim("name", USER), new Claim("sub", USER), new Claim("scope", "todos:write"))));
            authentication.signIn(context, CookieAuthenticationOptions.SCHEME, user, AuthenticationProperties.empty());
            return context.response().headers().get("Location") != null ? null : Results.redirect("/");
        }).excludeFromDescription();
        app.post(LOGOUT_PATH, context -> {
            authentication.signOut(context, CookieAuthenticationOptions.SCHEME, AuthenticationProperties.empty());
            return context.response().headers().get("Location") != null ? null : Results.redirect("/");
        }).excludeFromDescription();
    }
}
