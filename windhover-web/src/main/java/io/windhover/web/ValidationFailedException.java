package io.windhover.web;

import java.util.List;
import java.util.Map;

/**
 * A bound value broke its constraints: answered {@code 400} with problem details in ASP.NET Core's
 * {@code ValidationProblemDetails} shape, the messages by the JSON path of what broke them.
 *
 * <pre>{@code
 * {"type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
 *  "title": "One or more validation errors occurred.", "status": 400,
 *  "errors": {"title": ["must not be blank"], "tags[1]": ["size must be between 1 and 20"]}}
 * }</pre>
 */
public final class ValidationFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** RFC 9110 §15.5.1, 400 Bad Request: the type ASP.NET Core gives its validation problems. */
    public static final String TYPE = "https://tools.ietf.org/html/rfc9110#section-15.5.1";
    public static final String TITLE = "One or more validation errors occurred.";

    private final transient Map<String, List<String>> errors;

    /** @param errors the messages by property path, in the order they are to be shown */
    public ValidationFailedException(Map<String, List<String>> errors) {
        super(TITLE + " " + errors, null, false, false); // input, not a bug: no stack trace
        this.errors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(errors));
    }

    /** The messages by property path, in order. */
    public Map<String, List<String>> errors() {
        return errors;
    }

    /** The answer: 400 problem details with the errors. */
    public ProblemDetails problem() {
        return new ProblemDetails(TYPE, TITLE, 400, null, Map.of("errors", errors));
    }
}
