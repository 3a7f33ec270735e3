package io.windhover.samples.todo;

import io.windhover.auth.jwt.JwtBearerOptions;
import io.windhover.web.Configuration;
import io.windhover.web.WebApplication;
import java.io.IOException;
import java.util.Base64;

/**
 * The {@code Authentication:Bearer} section: when {@code SigningKey} (base64url of at least 32
 * bytes, HS256), {@code Issuer} and {@code Audience} are all set, writes need a bearer token with
 * the {@code todos:write} scope. In Development with none of them set, the development key
 * ({@link DevelopmentSigningKey}) is made if missing and used. Otherwise writes stay open.
 *
 * @param signingKey the HS256 key
 * @param issuer the {@code iss} tokens must carry
 * @param audience the {@code aud} tokens must carry
 */
record BearerSettings(byte[] signingKey, String issuer, String audience) {

    static final String SECTION = "Authentication:Bearer";

    /**
     * The settings the application's configuration gives, or null when writes stay open.
     *
     * @throws IllegalArgumentException for a section set in part, or a key that is not base64url of 32 bytes or more, naming the key and its source
     */
    static BearerSettings read(WebApplication app) throws IOException {
        Configuration configuration = app.configuration();
        Configuration.Value key = configuration.find(SECTION + ":SigningKey");
        Configuration.Value issuer = configuration.find(SECTION + ":Issuer");
        Configuration.Value audience = configuration.find(SECTION + ":Audience");
        if (key == null && issuer == null && audience == null) {
            return app.isDevelopment() ? DevelopmentSigningKey.loadOrCreate(DevelopmentSigningKey.folder(configuration)) : null;
        }
        for (var setting : new String[][] {{"SigningKey", key == null ? null : ""}, {"Issuer", issuer == null ? null : ""}, {"Audience", audience == null ? null : ""}}) {
            if (setting[1] == null) {
                throw new IllegalArgumentException(SECTION + ":" + setting[0] + " is not set; set SigningKey, Issuer and Audience together");
            }
        }
        return new BearerSettings(decode(key), issuer.value(), audience.value());
    }

    private static byte[] decode(Configuration.Value key) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(key.value().strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SECTION + ":SigningKey (from " + key.source() + ") is not base64url: " + e.getMessage(), e);
        }
        if (bytes.length < JwtBearerOptions.MIN_HMAC_KEY_BYTES) {
            throw new IllegalArgumentException(SECTION + ":SigningKey (from " + key.source() + ") has " + bytes.length
                    + " bytes; HS256 needs at least " + JwtBearerOptions.MIN_HMAC_KEY_BYTES);
        }
        return bytes;
    }

    /** The bearer scheme's options for these settings. */
    JwtBearerOptions options() {
        return JwtBearerOptions.builder().issuer(issuer).audience(audience).hmacKey(signingKey).algorithms("HS256").build();
    }
}
