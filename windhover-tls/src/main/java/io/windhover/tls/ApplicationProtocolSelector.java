package io.windhover.tls;

import java.util.List;

/**
 * Chooses the application protocol of a connection from what the client offers by ALPN
 * (RFC 7301): the hook behind {@link TlsOptions.Builder#applicationProtocolSelector}.
 *
 * <pre>{@code
 * ApplicationProtocolSelector onlyHttp11 = (offered, serverName) ->
 *         offered.contains("http/1.1") ? "http/1.1" : null;
 * }</pre>
 *
 * <p>Called during the handshake; must not block.
 */
@FunctionalInterface
public interface ApplicationProtocolSelector {

    /**
     * @param offered the protocols the client offered, in its order of preference
     * @param serverName the host name the client asked for by SNI, or null
     * @return one of {@code offered}; null to refuse the connection with the
     *     {@code no_application_protocol} alert
     */
    String select(List<String> offered, String serverName);
}
