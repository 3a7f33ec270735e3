package io.windhover.server.http1;

/**
 * A request the server refuses, with the reason that fixes its status code. Thrown by the parser;
 * the connection answers {@link RequestRejectionReason#status()} and closes.
 */
public final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RequestRejectionReason reason;

    private BadRequestException(RequestRejectionReason reason, String detail) {
        super(reason + ": " + detail, null, false, false); // no stack trace: a bad request is input, not a bug
        this.reason = reason;
    }

    public static BadRequestException of(RequestRejectionReason reason, String detail) {
        return new BadRequestException(reason, detail);
    }

    public RequestRejectionReason reason() {
        return reason;
    }

    public int status() {
        return reason.status();
    }
}
