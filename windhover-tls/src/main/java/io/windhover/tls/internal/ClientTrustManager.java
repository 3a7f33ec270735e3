package io.windhover.tls.internal;

import io.windhover.tls.ClientCertificateValidator;
import java.net.Socket;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.KeyStoreException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Validates client certificates: PKIX against the trusted authorities, then the application's
 * {@link ClientCertificateValidator}, which may overrule the outcome either way.
 *
 * <p>Thread-safe.
 */
public final class ClientTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager pkix;
    private final ClientCertificateValidator validator;
    /** What the CertificateRequest names as acceptable issuers; empty means any (RFC 8446 §4.2.4). */
    private final X509Certificate[] acceptedIssuers;

    /**
     * @param authorities who may issue client certificates; null for the JDK's default trust store
     * @param validator the application's decision, or null for PKIX alone
     */
    public ClientTrustManager(KeyStore authorities, ClientCertificateValidator validator) {
        this.pkix = pkix(authorities);
        this.validator = validator;
        // With the application deciding and no authorities named, clients pick their certificate by
        // the issuers we list: list none, or a self-signed or private-CA client would send nothing.
        this.acceptedIssuers = authorities == null && validator != null ? new X509Certificate[0] : pkix.getAcceptedIssuers();
    }

    private static X509ExtendedTrustManager pkix(KeyStore authorities) {
        try {
            var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(authorities);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
            throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
        } catch (NoSuchAlgorithmException | KeyStoreException e) {
            throw new IllegalStateException("cannot set up client certificate validation: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        decide(chain, () -> pkix.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        decide(chain, () -> pkix.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        decide(chain, () -> pkix.checkClientTrusted(chain, authType));
    }

    /** One of PKIX's checks, run for its outcome. */
    @FunctionalInterface
    private interface PkixCheck {
        void run() throws CertificateException;
    }

    /** Runs the PKIX check, then lets the validator, if any, decide on its outcome. */
    private void decide(X509Certificate[] chain, PkixCheck pkixCheck) throws CertificateException {
        CertificateException failure = null;
        try {
            pkixCheck.run();
        } catch (CertificateException e) {
            failure = e;
        }
        if (validator == null) {
            if (failure != null) {
                throw failure;
            }
            return;
        }
        if (!validator.accept(List.of(chain), failure)) {
            throw failure != null ? failure : new CertificateException("client certificate refused by the application's validator");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("a server's trust manager does not validate servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a server's trust manager does not validate servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a server's trust manager does not validate servers");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return acceptedIssuers.clone();
    }
}
