/**
 * TLS for Windhover's connections: a connection middleware on the JDK's {@code SSLEngine} that
 * turns the transport's ciphertext pipes into plaintext ones, with certificates from PKCS#12 or
 * PEM files chosen by SNI, ALPN, client certificates, handshake timeouts and certificate reloads.
 * Kestrel's {@code HttpsConnectionMiddleware}.
 *
 * <p>The only module that touches {@code javax.net.ssl}; {@code io.windhover.tls.internal} is not exported.
 */
module io.windhover.tls {
    requires transitive io.windhover.transport;
    requires org.slf4j;

    exports io.windhover.tls;
}
