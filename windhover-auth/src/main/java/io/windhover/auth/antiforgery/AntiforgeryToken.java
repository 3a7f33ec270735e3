package io.windhover.auth.antiforgery;

import io.windhover.web.ClaimsPrincipal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * One token of the pair, before it is protected. ASP.NET Core's {@code AntiforgeryToken} and its
 * serializer, without the parts it keeps for old formats:
 *
 * <pre>
 *  0         1        2                  18        19
 *  +---------+--------+------------------+---------+-------------------------+
 *  | version | kind   | security token   | uid len | user id                 |
 *  | 0x01    | 1 / 0  | 16 random bytes  | 0 or 32 | SHA-256, request tokens |
 *  +---------+--------+------------------+---------+-------------------------+
 *  kind: 1 the cookie token, 0 the request token
 * </pre>
 *
 * <p>Both tokens carry the same security token; the request token also names the user it was issued
 * to (nobody for an anonymous page), so one user's token is refused for another.
 */
record AntiforgeryToken(byte[] securityToken, boolean cookieToken, byte[] userId) {

    private static final byte VERSION = 1;
    /** 128 bits, as ASP.NET Core's. */
    static final int SECURITY_TOKEN_BYTES = 16;
    private static final int USER_ID_BYTES = 32;
    private static final byte[] NOBODY = new byte[0];
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new cookie token with a fresh security token. */
    static AntiforgeryToken newCookieToken() {
        byte[] security = new byte[SECURITY_TOKEN_BYTES];
        RANDOM.nextBytes(security);
        return new AntiforgeryToken(security, true, NOBODY);
    }

    /** The request token that goes with this cookie token for {@code user}. */
    AntiforgeryToken requestTokenFor(ClaimsPrincipal user) {
        return new AntiforgeryToken(securityToken, false, userId(user));
    }

    byte[] write() {
        return ByteBuffer.allocate(3 + SECURITY_TOKEN_BYTES + userId.length).put(VERSION).put((byte) (cookieToken ? 1 : 0))
                .put(securityToken).put((byte) userId.length).put(userId).array();
    }

    /** The token these bytes hold, or null when they are not one of this version (refused like a forged token). */
    static AntiforgeryToken read(byte[] bytes) {
        if (bytes.length < 3 + SECURITY_TOKEN_BYTES || bytes[0] != VERSION || (bytes[1] & 0xfe) != 0) {
            return null;
        }
        int uidLength = bytes[2 + SECURITY_TOKEN_BYTES];
        if ((uidLength != 0 && uidLength != USER_ID_BYTES) || bytes.length != 3 + SECURITY_TOKEN_BYTES + uidLength) {
            return null;
        }
        byte[] security = java.util.Arrays.copyOfRange(bytes, 2, 2 + SECURITY_TOKEN_BYTES);
        byte[] uid = java.util.Arrays.copyOfRange(bytes, 3 + SECURITY_TOKEN_BYTES, bytes.length);
        return new AntiforgeryToken(security, bytes[1] == 1, uid);
    }

    /**
     * Who a request token is for: nobody when anonymous, else the SHA-256 of the user's {@code sub}
     * claim, or of its name when it has none (ASP.NET Core's claim uid, from the unique identifier
     * claims). The hash keeps the name out of the token's plaintext length and makes every id 32 bytes.
     *
     * @throws IllegalStateException for an authenticated user with neither, as ASP.NET Core refuses one
     */
    static byte[] userId(ClaimsPrincipal user) {
        if (!user.isAuthenticated()) {
            return NOBODY;
        }
        var subject = user.findFirst("sub");
        String id = subject != null ? "sub\0" + subject.value() : user.name() != null && !user.name().isEmpty() ? "name\0" + user.name() : null;
        if (id == null) {
            throw new IllegalStateException("the authenticated user has neither a 'sub' claim nor a name: an antiforgery token cannot be tied to it");
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }
}
