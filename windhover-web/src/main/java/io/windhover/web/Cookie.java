package io.windhover.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A cookie the response sets ({@code Set-Cookie}, RFC 6265 §4.1), with every attribute browsers
 * know today. Checked when built: the name must be a token, the path and domain must not contain
 * {@code ;} or control characters, and the rules browsers enforce are enforced here too, so that a
 * cookie a browser would drop fails in the code that made it. The value is never written as it is
 * when it holds a character a cookie value cannot (space, {@code "}, {@code ,}, {@code ;},
 * {@code \}, controls, non-ASCII) or {@code %}: those are percent-encoded as UTF-8, and
 * {@link WebContext#cookie(String)} decodes them, as ASP.NET Core does.
 *
 * <pre>{@code
 * context.cookie(Cookie.builder("session", token)
 *         .httpOnly(true).secure(true).sameSite(Cookie.SameSite.LAX)
 *         .maxAge(Duration.ofHours(8))
 *         .build());
 * context.deleteCookie("session");              // Max-Age=0 and an expiry in 1970, Path=/
 * }</pre>
 *
 * @param name a token (RFC 9110 §5.6.2)
 * @param value any text; encoded as above
 * @param path the {@code Path} attribute, or null for none (the browser then takes the request's folder)
 * @param domain the {@code Domain} attribute, or null for a host-only cookie
 * @param expires the {@code Expires} attribute, or null
 * @param maxAge the {@code Max-Age} attribute in whole seconds, or null; zero or less deletes the cookie
 * @param secure only sent over https
 * @param httpOnly hidden from the page's scripts
 * @param sameSite the {@code SameSite} attribute, or null for none (browsers then default to {@code Lax})
 * @param partitioned the {@code Partitioned} attribute (CHIPS): kept per top-level site
 */
public record Cookie(String name, String value, String path, String domain, Instant expires, Duration maxAge,
        boolean secure, boolean httpOnly, SameSite sameSite, boolean partitioned) {

    /** The {@code SameSite} attribute's values (RFC 6265bis §4.1.2.7). */
    public enum SameSite {
        STRICT("Strict"), LAX("Lax"), NONE("None");

        private final String attribute;

        SameSite(String attribute) {
            this.attribute = attribute;
        }
    }

    /**
     * @throws IllegalArgumentException for a name that is not a token, a path or domain with
     *     {@code ;} or a control character, and for what browsers refuse: {@code SameSite=None} or
     *     {@code Partitioned} without {@code Secure}, a {@code __Secure-} name without
     *     {@code Secure}, a {@code __Host-} name without {@code Secure}, with a {@code Domain} or
     *     with a path other than {@code /}
     */
    public Cookie {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!isToken(name)) {
            throw new IllegalArgumentException("a cookie name must be a token (letters, digits and !#$%&'*+-.^_`|~), not '"
                    + name + "'");
        }
        checkAttribute("Path", path);
        checkAttribute("Domain", domain);
        // RFC 6265bis §4.1.2.7 and browsers: SameSite=None without Secure is rejected.
        if (sameSite == SameSite.NONE && !secure) {
            throw new IllegalArgumentException("cookie '" + name + "': SameSite=None needs Secure; browsers drop it otherwise");
        }
        if (partitioned && !secure) {
            throw new IllegalArgumentException("cookie '" + name + "': Partitioned needs Secure; browsers drop it otherwise");
        }
        // RFC 6265bis §4.1.3: the name prefixes are promises browsers hold the cookie to.
        if (name.startsWith("__Secure-") && !secure) {
            throw new IllegalArgumentException("cookie '" + name + "': a __Secure- name needs Secure");
        }
        if (name.startsWith("__Host-") && (!secure || domain != null || !"/".equals(path))) {
            throw new IllegalArgumentException("cookie '" + name + "': a __Host- name needs Secure, Path=/ and no Domain");
        }
    }

    /** RFC 9110 §5.6.2: {@code token = 1*tchar}. */
    private static boolean isToken(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c < 0x7f && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0));
    }

    private static void checkAttribute(String attribute, String text) {
        if (text == null) {
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ';' || c < 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException("a cookie's " + attribute + " must be visible ASCII without ';', not '"
                        + text + "'");
            }
        }
    }

    /** A builder for cookie {@code name} holding {@code value}, with no attributes set. */
    public static Builder builder(String name, String value) {
        return new Builder(name, value);
    }

    /**
     * The cookie that deletes {@code name} as set with this path and domain: empty, {@code Max-Age=0}
     * and an expiry in 1970 (for clients older than {@code Max-Age}).
     */
    public Cookie deletion() {
        return new Cookie(name, "", path, domain, Instant.EPOCH, Duration.ZERO, secure, httpOnly, sameSite, partitioned);
    }

    /** The {@code Set-Cookie} field value: {@code session=abc; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax}. */
    public String toSetCookie() {
        var text = new StringBuilder(name.length() + value.length() + 64).append(name).append('=');
        appendEncoded(text, value);
        if (path != null) {
            text.append("; Path=").append(path);
        }
        if (domain != null) {
            text.append("; Domain=").append(domain);
        }
        if (expires != null) {
            text.append("; Expires=").append(HttpDate.format(expires));
        }
        if (maxAge != null) {
            text.append("; Max-Age=").append(Math.max(0, maxAge.toSeconds()));
        }
        if (secure) {
            text.append("; Secure");
        }
        if (httpOnly) {
            text.append("; HttpOnly");
        }
        if (sameSite != null) {
            text.append("; SameSite=").append(sameSite.attribute);
        }
        if (partitioned) {
            text.append("; Partitioned");
        }
        return text.toString();
    }

    /**
     * RFC 6265 §4.1.1 cookie-octet: {@code %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E}. Everything
     * else, and {@code %} so that decoding gives back what was set, is percent-encoded as UTF-8.
     */
    private static void appendEncoded(StringBuilder text, String value) {
        if (value.chars().allMatch(c -> isCookieOctet(c) && c != '%')) {
            text.append(value);
            return;
        }
        var bytes = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            i += Character.charCount(codePoint);
            if (isCookieOctet(codePoint) && codePoint != '%') {
                text.append((char) codePoint);
                continue;
            }
            bytes.reset();
            bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
            for (byte b : bytes.toByteArray()) {
                text.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    static boolean isCookieOctet(int c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x2b) || (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b)
                || (c >= 0x5d && c <= 0x7e);
    }

    /** Builds a {@link Cookie}; nothing is set until asked for. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final String value;
        private String path;
        private String domain;
        private Instant expires;
        private Duration maxAge;
        private boolean secure;
        private boolean httpOnly;
        private SameSite sameSite;
        private boolean partitioned;

        private Builder(String name, String value) {
            this.name = name;
            this.value = value;
        }

        public Builder path(String cookiePath) {
            this.path = cookiePath;
            return this;
        }

        public Builder domain(String cookieDomain) {
            this.domain = cookieDomain;
            return this;
        }

        public Builder expires(Instant when) {
            this.expires = when;
            return this;
        }

        public Builder maxAge(Duration age) {
            this.maxAge = age;
            return this;
        }

        public Builder secure(boolean on) {
            this.secure = on;
            return this;
        }

        public Builder httpOnly(boolean on) {
            this.httpOnly = on;
            return this;
        }

        public Builder sameSite(SameSite policy) {
            this.sameSite = policy;
            return this;
        }

        public Builder partitioned(boolean on) {
            this.partitioned = on;
            return this;
        }

        /** @throws IllegalArgumentException as {@link Cookie#Cookie} says */
        public Cookie build() {
            return new Cookie(name, value, path, domain, expires, maxAge, secure, httpOnly, sameSite, partitioned);
        }
    }
}
