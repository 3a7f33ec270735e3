package io.windhover.web;

/**
 * A request value could not become what the endpoint asked for: answered {@code 400} with problem
 * details naming the parameter and why.
 */
public final class BindingException extends RuntimeException {

    private final String parameter;

    public BindingException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public BindingException(String parameter, String message, Throwable cause) {
        super(message, cause);
        this.parameter = parameter;
    }

    /** The parameter that failed, such as {@code id} or {@code body}. */
    public String parameter() {
        return parameter;
    }
}
