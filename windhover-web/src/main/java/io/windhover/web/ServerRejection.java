package io.windhover.web;

import java.util.Map;

/**
 * Recognises the server's request rejection, {@code io.windhover.server.http1.BadRequestException},
 * which the server raises inside the {@link java.io.IOException} a body read fails with. That type
 * lives in a package the server does not export, so the web layer can neither catch it nor call its
 * {@code status()}: it knows it by its class name and its message, {@code REASON: detail}, whose
 * reason names the server's {@code RequestRejectionReason}. Only the reasons a body read can raise
 * are listed; another reason from that type is answered 400.
 *
 * <p>TODO(server): once the server throws a public exception from {@code io.windhover.server.http}
 * that carries the status, catch that instead and remove this class.
 */
final class ServerRejection {

    private static final String SERVER_TYPE = "io.windhover.server.http1.BadRequestException";

    /** The body-read reasons of the server's {@code RequestRejectionReason}, with their statuses. */
    private static final Map<String, Integer> STATUS_BY_REASON = Map.of(
            "REQUEST_BODY_TOO_LARGE", 413,
            "INVALID_CHUNK", 400,
            "REQUEST_BODY_TIMEOUT", 408,
            "UNEXPECTED_END_OF_REQUEST", 400);

    private ServerRejection() {
    }

    /** {@code error} as a {@link BadHttpRequestException} if it is the server's rejection, else null. */
    static BadHttpRequestException of(Throwable error) {
        if (!error.getClass().getName().equals(SERVER_TYPE)) {
            return null;
        }
        String message = error.getMessage() == null ? "" : error.getMessage();
        int colon = message.indexOf(": ");
        String reason = colon < 0 ? message : message.substring(0, colon);
        String detail = colon < 0 ? "the request is malformed" : message.substring(colon + 2);
        return new BadHttpRequestException(STATUS_BY_REASON.getOrDefault(reason, 400), detail, error);
    }
}
