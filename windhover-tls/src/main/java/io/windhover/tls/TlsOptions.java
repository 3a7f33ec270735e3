package io.windhover.tls;

import java.security.KeyStore;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How an end point speaks TLS: Kestrel's {@code HttpsConnectionAdapterOptions}.
 *
 * <pre>{@code
 * TlsOptions tls = TlsOptions.builder()
 *         .certificate(ServerCertificate.fromPem(Path.of("cert.pem"), Path.of("key.pem"), null))
 *         .certificate("api.example.com", ServerCertificate.fromPkcs12(Path.of("api.p12"), "secret"))
 *         .build();
 * }</pre>
 *
 * @param certificates each certificate with the host name it serves by SNI (null: the names in
 *     the certificate); the first is the default for clients that send no name or an unknown one
 * @param protocols TLS versions, default {@code TLSv1.3} and {@code TLSv1.2}
 * @param cipherSuites TLS 1.2 and 1.3 cipher suites in order of preference; the default is
 *     {@link #MODERN_CIPHER_SUITES}: AEAD ciphers with forward secrecy only
 * @param applicationProtocols what ALPN offers, in the server's order of preference; default
 *     {@code http/1.1}; a Windhover server replaces it with what the end point serves (its
 *     {@code HttpProtocols}), so that what is offered is what is served
 * @param applicationProtocolSelector the hook that overrides the choice above; null for none
 * @param handshakeTimeout how long a handshake may take; default 10 s, Kestrel's
 *     {@code HandshakeTimeout}
 * @param clientCertificateMode whether clients are asked for a certificate
 * @param trustedClientAuthorities who may issue client certificates; null for the JDK's
 *     default trust store
 * @param clientCertificateValidator the hook that decides on a client's chain; null for plain
 *     PKIX validation
 * @param certificateReloadInterval how often certificate files are checked for changes; null
 *     for never
 */
public record TlsOptions(
        List<Map.Entry<String, ServerCertificate>> certificates,
        List<String> protocols,
        List<String> cipherSuites,
        List<String> applicationProtocols,
        ApplicationProtocolSelector applicationProtocolSelector,
        Duration handshakeTimeout,
        ClientCertificateMode clientCertificateMode,
        KeyStore trustedClientAuthorities,
        ClientCertificateValidator clientCertificateValidator,
        Duration certificateReloadInterval) {

    /** Default 10 s, as Kestrel's {@code HttpsConnectionAdapterOptions.HandshakeTimeout}. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Default 5 s: a renewed certificate is served within seconds, for one file check per 5 s. */
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(5);
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /**
     * TLS 1.3's three suites, then TLS 1.2's ECDHE suites with AES-GCM or ChaCha20-Poly1305 (the
     * Mozilla "intermediate" list): forward secrecy and AEAD only, no CBC, no RSA key exchange.
     */
    public static final List<String> MODERN_CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    public TlsOptions {
        certificates = List.copyOf(certificates);
        if (certificates.isEmpty()) {
            throw new CertificateException("a TLS end point needs a certificate: TlsOptions.builder().certificate(...)");
        }
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
        applicationProtocols = List.copyOf(applicationProtocols);
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(clientCertificateMode, "clientCertificateMode");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** These options with {@code protocols} offered by ALPN instead. */
    public TlsOptions withApplicationProtocols(List<String> protocols) {
        return new TlsOptions(certificates, this.protocols, cipherSuites, protocols, applicationProtocolSelector,
                handshakeTimeout, clientCertificateMode, trustedClientAuthorities, clientCertificateValidator,
                certificateReloadInterval);
    }

    /** Builds {@link TlsOptions}; every setting but the certificate has its default. */
    public static final class Builder {
        private final List<Map.Entry<String, ServerCertificate>> certificates = new ArrayList<>();
        private List<String> protocols = DEFAULT_PROTOCOLS;
        private List<String> cipherSuites = MODERN_CIPHER_SUITES;
        private List<String> applicationProtocols = List.of("http/1.1");
        private ApplicationProtocolSelector applicationProtocolSelector;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private ClientCertificateMode clientCertificateMode = ClientCertificateMode.NO_CERTIFICATE;
        private KeyStore trustedClientAuthorities;
        private ClientCertificateValidator clientCertificateValidator;
        private Duration certificateReloadInterval = DEFAULT_RELOAD_INTERVAL;

        private Builder() {
        }

        /** Adds a certificate for the host names in it; the first added is the default. */
        public Builder certificate(ServerCertificate certificate) {
            certificates.add(new AbstractMap.SimpleImmutableEntry<>(null, Objects.requireNonNull(certificate, "certificate")));
            return this;
        }

        /** Adds a certificate for {@code hostName} ({@code api.example.com}, {@code *.example.com}) by SNI. */
        public Builder certificate(String hostName, ServerCertificate certificate) {
            certificates.add(new AbstractMap.SimpleImmutableEntry<>(Objects.requireNonNull(hostName, "hostName"),
                    Objects.requireNonNull(certificate, "certificate")));
            return this;
        }

        public Builder protocols(String... protocols) {
            this.protocols = List.of(protocols);
            return this;
        }

        public Builder cipherSuites(String... suites) {
            this.cipherSuites = List.of(suites);
            return this;
        }

        public Builder applicationProtocols(String... protocols) {
            this.applicationProtocols = List.of(protocols);
            return this;
        }

        public Builder applicationProtocolSelector(ApplicationProtocolSelector selector) {
            this.applicationProtocolSelector = selector;
            return this;
        }

        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder clientCertificateMode(ClientCertificateMode mode) {
            this.clientCertificateMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder trustedClientAuthorities(KeyStore authorities) {
            this.trustedClientAuthorities = authorities;
            return this;
        }

        public Builder clientCertificateValidator(ClientCertificateValidator validator) {
            this.clientCertificateValidator = validator;
            return this;
        }

        /** Null turns reloading off. */
        public Builder certificateReloadInterval(Duration interval) {
            this.certificateReloadInterval = interval;
            return this;
        }

        public TlsOptions build() {
            return new TlsOptions(certificates, protocols, cipherSuites, applicationProtocols,
                    applicationProtocolSelector, handshakeTimeout, clientCertificateMode, trustedClientAuthorities,
                    clientCertificateValidator, certificateReloadInterval);
        }
    }
}
