package io.windhover.auth.jwt;

/**
 * Why a token was refused, in words fit for the client's {@code error_description} (ASP.NET
 * Core's where it has them). The message never carries a key or a secret; values taken from the
 * token are made safe for a quoted string by {@link JwtBearerHandler}.
 */
public final class TokenRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    TokenRefusedException(String description) {
        super(description, null, false, false);
    }

    TokenRefusedException(String description, Throwable cause) {
        super(description, cause, false, false);
    }
}
