package io.windhover.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Decides whether a client's certificate chain is accepted: Kestrel's
 * {@code ClientCertificateValidation}. It sees the chain and the outcome of the standard PKIX
 * validation against the end point's trusted authorities, and may overrule it either way.
 *
 * <pre>{@code
 * ClientCertificateValidator pinned = (chain, failure) ->
 *         chain.getFirst().getSubjectX500Principal().getName().equals("CN=billing");
 * }</pre>
 *
 * <p>Called during the handshake, on the thread running it; must not block.
 */
@FunctionalInterface
public interface ClientCertificateValidator {

    /**
     * @param chain the client's chain, leaf first
     * @param failure why PKIX validation refused it, or null if it passed
     * @return whether to accept the client
     */
    boolean accept(List<X509Certificate> chain, CertificateException failure);
}
