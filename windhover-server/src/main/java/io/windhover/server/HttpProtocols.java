package io.windhover.server;

import java.util.List;

/**
 * The HTTP versions a listen end point speaks: Kestrel's {@code HttpProtocols}. Over TLS the set is
 * what ALPN offers (RFC 7301), in the server's order of preference; in cleartext, a connection
 * that opens with the HTTP/2 preface (RFC 9113 §3.4, "prior knowledge") is HTTP/2 where the set
 * has it, and every other connection is HTTP/1.1.
 *
 * <pre>{@code
 * WindhoverServer.builder().protocols(HttpProtocols.HTTP1)  // every end point: HTTP/1.1 only
 * }</pre>
 *
 * <p>In configuration the names are Kestrel's: {@code Http1}, {@code Http2}, {@code Http1AndHttp2}
 * ({@link #parse}).
 */
public enum HttpProtocols {
    /** HTTP/1.1 (and 1.0) only. A client that opens with the HTTP/2 preface is told so (GOAWAY HTTP_1_1_REQUIRED). */
    HTTP1("Http1", List.of("http/1.1")),
    /** HTTP/2 only: over TLS a client must choose {@code h2} by ALPN; in cleartext it must open with the preface. */
    HTTP2("Http2", List.of("h2")),
    /** Both, HTTP/2 preferred by ALPN; in cleartext by the preface. */
    HTTP1_AND_HTTP2("Http1AndHttp2", List.of("h2", "http/1.1"));

    private final String configurationName;
    private final List<String> alpn;

    HttpProtocols(String configurationName, List<String> alpn) {
        this.configurationName = configurationName;
        this.alpn = alpn;
    }

    public boolean http1() {
        return this != HTTP2;
    }

    public boolean http2() {
        return this != HTTP1;
    }

    /** The ALPN protocol ids to offer, most preferred first: {@code h2}, {@code http/1.1}. */
    public List<String> alpnIds() {
        return alpn;
    }

    /** The name configuration files use: {@code Http1AndHttp2}. */
    public String configurationName() {
        return configurationName;
    }

    /**
     * Reads a configuration value, ignoring case: {@code Http1}, {@code Http2}, {@code Http1AndHttp2}
     * (and this enum's own names).
     *
     * @throws IllegalArgumentException naming the values allowed
     */
    public static HttpProtocols parse(String value) {
        String wanted = value.strip();
        for (HttpProtocols protocols : values()) {
            if (protocols.configurationName.equalsIgnoreCase(wanted) || protocols.name().equalsIgnoreCase(wanted)) {
                return protocols;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a protocol set; use Http1, Http2 or Http1AndHttp2");
    }
}
