package io.windhover.server.http1;

/** RFC 9112 §3.2: the four forms of a request target. */
public enum RequestTargetForm {
    /** {@code /path?query}: the usual form. */
    ORIGIN,
    /** {@code http://host/path}: to proxies, and accepted by servers. */
    ABSOLUTE,
    /** {@code host:port}: CONNECT only. */
    AUTHORITY,
    /** {@code *}: OPTIONS only. */
    ASTERISK
}
