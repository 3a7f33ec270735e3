package io.windhover.auth;

import io.windhover.web.ClaimsPrincipal;
import java.util.Objects;

/**
 * What a scheme found in a request: a user ({@link Success}), nothing of its kind
 * ({@link NoResult}: no token, no cookie), or credentials it refuses ({@link Failure}: a bad
 * signature, an expired token, a tampered cookie). ASP.NET Core's {@code AuthenticateResult}. A
 * failure leaves the request anonymous; its message is what the scheme's challenge may tell the
 * client ({@code error_description} for bearer tokens).
 *
 * <pre>{@code
 * switch (authentication.authenticate(context, "Bearer")) {
 *     case AuthenticateResult.Success(var user, var properties) -> ...
 *     case AuthenticateResult.NoResult() -> ...
 *     case AuthenticateResult.Failure(var message, var cause) -> ...
 * }
 * }</pre>
 */
public sealed interface AuthenticateResult {

    /** The scheme authenticated {@code principal}. */
    record Success(ClaimsPrincipal principal, AuthenticationProperties properties) implements AuthenticateResult {
        public Success {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(properties, "properties");
        }
    }

    /** The request carried nothing this scheme reads. */
    record NoResult() implements AuthenticateResult {
    }

    /**
     * The request carried credentials this scheme refuses.
     *
     * @param message why, fit to show the client (it names no secret)
     * @param cause the library's exception, for the log, or null
     */
    record Failure(String message, Throwable cause) implements AuthenticateResult {
        public Failure {
            Objects.requireNonNull(message, "message");
        }
    }

    /** A success with no properties. */
    static AuthenticateResult success(ClaimsPrincipal principal) {
        return new Success(principal, AuthenticationProperties.empty());
    }

    /** Nothing found. */
    static AuthenticateResult noResult() {
        return new NoResult();
    }

    /** A refusal, with a message for the client. */
    static AuthenticateResult fail(String message) {
        return new Failure(message, null);
    }

    /** Whether a user was authenticated. */
    default boolean succeeded() {
        return this instanceof Success;
    }
}
