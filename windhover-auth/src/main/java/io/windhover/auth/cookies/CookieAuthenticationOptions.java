package io.windhover.auth.cookies;

import io.windhover.auth.dataprotection.KeyRing;
import io.windhover.web.Cookie;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How {@link CookieAuthenticationHandler} keeps a signed-in user: the cookie's name and attributes,
 * the ticket's lifetime, the pages a browser is sent to, and the key ring that protects the ticket.
 * ASP.NET Core's {@code CookieAuthenticationOptions}.
 *
 * <pre>{@code
 * CookieAuthenticationOptions.builder(KeyRing.inFolder(keys, KeyRingOptions.defaults()))
 *         .loginPath("/account/login")
 *         .expireTimeSpan(Duration.ofHours(8))
 *         .build();
 * }</pre>
 *
 * <p>Defaults, and where they come from: the cookie {@value #DEFAULT_COOKIE_NAME} on {@code Path=/},
 * {@code HttpOnly}, {@code SameSite=Lax} and {@code Secure} always (ASP.NET Core: same as the request;
 * issue 20 asks for {@code Secure}); a ticket lives 14 days and slides (ASP.NET Core's
 * {@code ExpireTimeSpan} and {@code SlidingExpiration}); login {@code /Account/Login}, logout
 * {@code /Account/Logout}, access denied {@code /Account/AccessDenied}, the return address in
 * {@code ReturnUrl} (ASP.NET Core's {@code CookieAuthenticationDefaults}).
 *
 * @param keyRing the keys that encrypt and authenticate the ticket
 * @param cookieName the cookie's name, a token
 * @param cookiePath its {@code Path}
 * @param cookieDomain its {@code Domain}, or null for a host-only cookie
 * @param httpOnly whether scripts are kept from it
 * @param securePolicy when it carries {@code Secure}
 * @param sameSite its {@code SameSite}
 * @param expireTimeSpan how long a ticket lives from its sign-in (or last renewal)
 * @param slidingExpiration whether a ticket past half its life is renewed for another full span on use
 * @param loginPath where a browser is sent when it must sign in
 * @param logoutPath where a sign-out redirects to the local {@code ReturnUrl}
 * @param accessDeniedPath where a browser is sent when its user may not
 * @param returnUrlParameter the query parameter that carries the address to come back to
 * @param clock the wall clock tickets are dated and checked by; tests give their own
 */
public record CookieAuthenticationOptions(KeyRing keyRing, String cookieName, String cookiePath, String cookieDomain, boolean httpOnly,
        CookieSecurePolicy securePolicy, Cookie.SameSite sameSite, Duration expireTimeSpan, boolean slidingExpiration, String loginPath,
        String logoutPath, String accessDeniedPath, String returnUrlParameter, InstantSource clock) {

    /** The scheme's usual name, ASP.NET Core's {@code CookieAuthenticationDefaults.AuthenticationScheme}. */
    public static final String SCHEME = "Cookies";
    /** {@value}: ASP.NET Core's {@code .AspNetCore.Cookies}, in Windhover's name. */
    public static final String DEFAULT_COOKIE_NAME = ".Windhover.Cookies";

    public CookieAuthenticationOptions {
        Objects.requireNonNull(keyRing, "keyRing");
        Objects.requireNonNull(securePolicy, "securePolicy");
        Objects.requireNonNull(clock, "clock");
        for (String path : new String[] {loginPath, logoutPath, accessDeniedPath}) {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("the login, logout and access-denied paths start with '/', not " + path);
            }
        }
        if (expireTimeSpan.isNegative() || expireTimeSpan.isZero()) {
            throw new IllegalArgumentException("a ticket lives longer than zero");
        }
        // Checks the name and attributes as a browser would, now rather than at the first sign-in.
        Cookie.builder(cookieName, "").path(cookiePath).domain(cookieDomain).secure(securePolicy == CookieSecurePolicy.ALWAYS)
                .sameSite(sameSite).build();
    }

    /** Options with the defaults above and {@code keyRing}. */
    public static Builder builder(KeyRing keyRing) {
        return new Builder(keyRing);
    }

    /** Builds options. Not thread-safe. */
    public static final class Builder {
        private final KeyRing keyRing;
        private String cookieName = DEFAULT_COOKIE_NAME;
        private String cookiePath = "/";
        private String cookieDomain;
        private boolean httpOnly = true;
        private CookieSecurePolicy securePolicy = CookieSecurePolicy.ALWAYS;
        private Cookie.SameSite sameSite = Cookie.SameSite.LAX;
        private Duration expireTimeSpan = Duration.ofDays(14);
        private boolean slidingExpiration = true;
        private String loginPath = "/Account/Login";
        private String logoutPath = "/Account/Logout";
        private String accessDeniedPath = "/Account/AccessDenied";
        private String returnUrlParameter = "ReturnUrl";
        private InstantSource clock = InstantSource.system();

        private Builder(KeyRing keyRing) {
            this.keyRing = keyRing;
        }

        public Builder cookieName(String name) {
            this.cookieName = name;
            return this;
        }

        public Builder cookiePath(String path) {
            this.cookiePath = path;
            return this;
        }

        public Builder cookieDomain(String domain) {
            this.cookieDomain = domain;
            return this;
        }

        public Builder httpOnly(boolean on) {
            this.httpOnly = on;
            return this;
        }

        public Builder securePolicy(CookieSecurePolicy policy) {
            this.securePolicy = policy;
            return this;
        }

        public Builder sameSite(Cookie.SameSite policy) {
            this.sameSite = policy;
            return this;
        }

        public Builder expireTimeSpan(Duration span) {
            this.expireTimeSpan = span;
            return this;
        }

        public Builder slidingExpiration(boolean on) {
            this.slidingExpiration = on;
            return this;
        }

        public Builder loginPath(String path) {
            this.loginPath = path;
            return this;
        }

        public Builder logoutPath(String path) {
            this.logoutPath = path;
            return this;
        }

        public Builder accessDeniedPath(String path) {
            this.accessDeniedPath = path;
            return this;
        }

        public Builder returnUrlParameter(String name) {
            this.returnUrlParameter = name;
            return this;
        }

        public Builder clock(InstantSource source) {
            this.clock = source;
            return this;
        }

        /** @throws IllegalArgumentException for a cookie a browser would refuse, or paths that are not absolute */
        public CookieAuthenticationOptions build() {
            return new CookieAuthenticationOptions(keyRing, cookieName, cookiePath, cookieDomain, httpOnly, securePolicy, sameSite,
                    expireTimeSpan, slidingExpiration, loginPath, logoutPath, accessDeniedPath, returnUrlParameter, clock);
        }
    }
}
