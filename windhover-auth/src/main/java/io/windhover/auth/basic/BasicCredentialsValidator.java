package io.windhover.auth.basic;

import io.windhover.web.ClaimsPrincipal;

/**
 * Checks a user name and password from HTTP Basic credentials: the user they prove, or null. The
 * application's own store decides; compare password hashes in constant time
 * ({@link java.security.MessageDigest#isEqual}) and hash with a slow function (PBKDF2 from the JDK's
 * {@code SecretKeyFactory "PBKDF2WithHmacSHA256"}, as ASP.NET Core Identity does).
 *
 * <pre>{@code
 * BasicCredentialsValidator validator = (name, password) -> users.verify(name, password)
 *         ? ClaimsPrincipal.of(new ClaimsIdentity("Basic", List.of(new Claim("name", name))))
 *         : null;
 * }</pre>
 *
 * <p>Called on request threads at once: it must be thread-safe.
 */
@FunctionalInterface
public interface BasicCredentialsValidator {

    /** The user {@code userName} and {@code password} prove, or null when they prove none. */
    ClaimsPrincipal validate(String userName, String password) throws Exception;
}
