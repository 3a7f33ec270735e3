package io.windhover.auth.apikey;

import io.windhover.auth.AuthenticateResult;
import io.windhover.auth.AuthenticationHandler;
import io.windhover.auth.AuthenticationProperties;
import io.windhover.web.ClaimsPrincipal;
import io.windhover.web.WebContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The API key scheme for machine clients: a request's key in a header ({@value #DEFAULT_HEADER} by
 * default) names the user it was issued to. ASP.NET Core has no API key handler of its own; this one
 * answers as its other schemes do.
 *
 * <pre>{@code
 * var apiKeys = ApiKeyHandler.builder()
 *         .key(System.getenv("BILLING_API_KEY"), ClaimsPrincipal.of(new ClaimsIdentity("ApiKey", List.of(new Claim("name", "billing")))))
 *         .build();
 * Authentication.builder().addScheme(ApiKeyHandler.SCHEME, apiKeys);
 * }</pre>
 *
 * <p>Only the SHA-256 digest of each key is kept, and a presented key's digest is compared with
 * every kept digest in constant time ({@link MessageDigest#isEqual}), all of them each time, so
 * neither the comparison nor which key matched shows in the time taken. Answers: no header —
 * anonymous; a key not issued — a failure "Invalid API key"; a challenge — 401 with
 * {@code WWW-Authenticate: ApiKey header="X-API-Key"} (RFC 9110 §11.6.1 asks every 401 for one).
 *
 * <p>Thread-safe; immutable once built.
 */
public final class ApiKeyHandler implements AuthenticationHandler {

    /** The scheme's usual name. */
    public static final String SCHEME = "ApiKey";
    /** {@value}: the header most APIs use. */
    public static final String DEFAULT_HEADER = "X-API-Key";
    /** 16 characters: a key shorter than that can be guessed; generate 32 random bytes, base64url. */
    public static final int MIN_KEY_LENGTH = 16;

    private record Issued(byte[] digest, ClaimsPrincipal user) {
    }

    private final String header;
    private final List<Issued> keys;

    private ApiKeyHandler(Builder builder) {
        this.header = builder.header;
        this.keys = List.copyOf(builder.keys);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public AuthenticateResult authenticate(WebContext context) {
        String presented = context.header(header);
        if (presented == null || presented.isEmpty()) {
            return AuthenticateResult.noResult();
        }
        byte[] digest = sha256(presented);
        ClaimsPrincipal found = null;
        for (Issued issued : keys) {
            // Every key is compared, whatever matched: the time says nothing about which.
            if (MessageDigest.isEqual(digest, issued.digest()) & found == null) {
                found = issued.user();
            }
        }
        return found != null ? AuthenticateResult.success(found) : AuthenticateResult.fail("Invalid API key");
    }

    @Override
    public void challenge(WebContext context, AuthenticateResult result, AuthenticationProperties properties) {
        context.response().status(401);
        context.response().headers().add("WWW-Authenticate", SCHEME + " header=\"" + header + "\"");
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }

    /** Collects issued keys. Not thread-safe. */
    public static final class Builder {
        private String header = DEFAULT_HEADER;
        private final List<Issued> keys = new ArrayList<>();

        private Builder() {
        }

        /** The header the key comes in; default {@value #DEFAULT_HEADER}. */
        public Builder header(String name) {
            this.header = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Issues {@code key} to {@code user}, whose identity should be authenticated ({@code "ApiKey"}).
         *
         * @throws IllegalArgumentException for a key under {@value #MIN_KEY_LENGTH} characters, or an anonymous user
         */
        public Builder key(String key, ClaimsPrincipal user) {
            if (key == null || key.length() < MIN_KEY_LENGTH) {
                throw new IllegalArgumentException("an API key needs at least " + MIN_KEY_LENGTH + " characters");
            }
            if (!user.isAuthenticated()) {
                throw new IllegalArgumentException("an API key's user needs an authenticated identity (an authentication type such as 'ApiKey')");
            }
            keys.add(new Issued(sha256(key), user));
            return this;
        }

        public ApiKeyHandler build() {
            return new ApiKeyHandler(this);
        }
    }
}
