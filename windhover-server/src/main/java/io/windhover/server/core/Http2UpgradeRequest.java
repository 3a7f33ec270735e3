package io.windhover.server.core;

import io.windhover.server.http.HttpHeaders;
import java.util.Objects;

/**
 * An HTTP/1.1 request that asked to continue in HTTP/2 over cleartext (RFC 7540 §3.2, {@code Upgrade:
 * h2c}) and was answered {@code 101 Switching Protocols}: the HTTP/1.1 engine leaves it on the
 * connection's features for the HTTP/2 engine, which serves it as stream 1. Engines never import
 * each other; this is what passes between them.
 *
 * @param method the request's method
 * @param target its origin-form target, {@code /path?query}
 * @param fields its header fields, the upgrade's own ({@code Connection}, {@code Upgrade},
 *     {@code HTTP2-Settings}) included; the HTTP/2 engine leaves those out
 * @param settings the decoded {@code HTTP2-Settings}: a SETTINGS frame's payload, six octets a setting
 */
public record Http2UpgradeRequest(String method, String target, HttpHeaders fields, byte[] settings) {

    public Http2UpgradeRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(fields, "fields");
        if (settings.length % 6 != 0) {
            throw new IllegalArgumentException("a SETTINGS payload is six octets a setting, was " + settings.length);
        }
    }
}
