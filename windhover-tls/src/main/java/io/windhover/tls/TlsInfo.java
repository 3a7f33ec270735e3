package io.windhover.tls;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the handshake settled, as a connection feature: {@code connection.features().get(TlsInfo.class)},
 * null on a connection without TLS. Kestrel's {@code ITlsHandshakeFeature} and
 * {@code ITlsConnectionFeature} in one.
 *
 * @param protocol the TLS version, {@code TLSv1.3} or {@code TLSv1.2}
 * @param cipherSuite the IANA name of the cipher suite, {@code TLS_AES_128_GCM_SHA256}
 * @param applicationProtocol what ALPN chose ({@code http/1.1}, {@code h2}), or null when the
 *     client offered nothing
 * @param serverName the host name the client asked for by SNI, or null
 * @param clientCertificates the client's certificate chain, leaf first; empty when it sent none
 */
public record TlsInfo(String protocol, String cipherSuite, String applicationProtocol, String serverName,
        List<X509Certificate> clientCertificates) {

    public TlsInfo {
        clientCertificates = List.copyOf(clientCertificates);
    }
}
