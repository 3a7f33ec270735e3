package io.windhover.auth.antiforgery;

/**
 * An unsafe request whose token pair {@link Antiforgery#validate} refused, and why, in ASP.NET
 * Core's words (its {@code AntiforgeryValidationException}). The message is for logs and tests:
 * the client gets 400 and nothing more.
 */
public final class AntiforgeryValidationException extends Exception {

    private static final long serialVersionUID = 1L;

    AntiforgeryValidationException(String message) {
        super(message, null, false, false); // a refusal is input, not a bug: no stack trace
    }
}
