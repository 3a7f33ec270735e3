package io.windhover.server.http1;

import io.windhover.server.http.RequestRejectedException;

/**
 * A request the server refuses, with the reason that fixes its status code. Thrown by the parser;
 * the connection answers {@link RequestRejectionReason#status()} and closes.
 */
public final class BadRequestException extends RequestRejectedException {

    private static final long serialVersionUID = 1L;

    private final RequestRejectionReason reason;
    private final String detail;

    private BadRequestException(RequestRejectionReason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
        this.detail = detail;
    }

    public static BadRequestException of(RequestRejectionReason reason, String detail) {
        return new BadRequestException(reason, detail);
    }

    public RequestRejectionReason reason() {
        return reason;
    }

    @Override
    public int status() {
        return reason.status();
    }

    @Override
    public String reasonName() {
        return reason.name();
    }

    @Override
    public String detail() {
        return detail;
    }
}
