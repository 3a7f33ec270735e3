package io.windhover.server.http1;

/**
 * Request methods the parser recognises without allocating; any other token is {@link #CUSTOM}
 * and its bytes are reported by position.
 */
public enum HttpMethod {
    GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH, CUSTOM;

    /** The token as sent, for the recognised methods. */
    final byte[] token = name().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
}
