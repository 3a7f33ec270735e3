package io.windhover.tls;

import io.windhover.buffers.MemoryPool;
import io.windhover.tls.internal.ClientTrustManager;
import io.windhover.tls.internal.ScratchBuffers;
import io.windhover.tls.internal.SniKeyManager;
import io.windhover.tls.internal.TlsConnection;
import io.windhover.transport.ConnectionContext;
import io.windhover.transport.ConnectionDelegate;
import io.windhover.transport.ConnectionMiddleware;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS as a step of a connection pipeline: it runs the handshake on the transport's pipes, then
 * hands the rest of the pipeline a connection whose pipes carry plaintext, with a {@link TlsInfo}
 * among its features. Kestrel's {@code HttpsConnectionMiddleware}, on the JDK's {@link SSLEngine}.
 *
 * <pre>{@code
 * // a host that calls pipelines on the I/O loop (Scheduling.INLINE), as the HTTP engines want
 * var tls = new TlsConnectionMiddleware(TlsOptions.builder().certificate(certificate).build(), pool, true);
 * host.listen(endPoint, pipeline -> pipeline.use(tls), httpEngine);
 * heartbeat.register(tls::onHeartbeat);   // handshake timeouts and certificate reloads
 * }</pre>
 *
 * <p><b>Scheduling.</b> Inline ({@code inline = true}, what {@code WindhoverServer} uses), it returns
 * at once and starts the rest of the pipeline from the I/O loop when the handshake completes. With
 * a thread per connection ({@code inline = false}), for a host that runs each pipeline on a thread
 * of its own and a rest of the pipeline that blocks on its pipes until the connection ends, it waits
 * for the handshake on that thread, runs the rest there, and returns once the {@code close_notify}
 * is sent. The record work itself never blocks and runs
 * where the bytes arrive: unwrapping on the I/O loop, wrapping on the thread that flushes.
 *
 * <p><b>Failures</b> — a handshake that fails, times out, or is not TLS at all — end that
 * connection only, with a debug line ({@code info} for plain HTTP or other non-TLS bytes, a sign of
 * a misconfigured client): the pipeline after this step never sees it.
 *
 * <p>Thread-safe; one instance serves every connection of an end point.
 */
public final class TlsConnectionMiddleware implements ConnectionMiddleware {

    private static final Logger LOG = LoggerFactory.getLogger(TlsConnectionMiddleware.class);

    private final TlsOptions options;
    private final MemoryPool pool;
    private final boolean inline;
    private final SSLContext context;
    private final SniKeyManager keyManager;
    private final String[] protocols;
    private final String[] cipherSuites;
    private final ScratchBuffers scratch = new ScratchBuffers(2 * Runtime.getRuntime().availableProcessors() + 2);
    private final Set<TlsConnection> handshaking = ConcurrentHashMap.newKeySet();
    private volatile long nextReloadCheck;

    /**
     * @param inline whether the pipeline runs inline on the I/O loops (the host's inline scheduling)
     * @throws CertificateException if the certificates cannot serve TLS
     * @throws IllegalArgumentException if none of the protocols or cipher suites is supported
     */
    public TlsConnectionMiddleware(TlsOptions options, MemoryPool pool, boolean inline) {
        this.options = options;
        this.pool = pool;
        this.inline = inline;
        this.keyManager = new SniKeyManager(options.certificates());
        try {
            this.context = SSLContext.getInstance("TLS");
            TrustManager[] trust = options.clientCertificateMode() == ClientCertificateMode.NO_CERTIFICATE ? null
                    : new TrustManager[] {new ClientTrustManager(options.trustedClientAuthorities(), options.clientCertificateValidator())};
            context.init(new KeyManager[] {keyManager}, trust, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
        SSLParameters supported = context.getSupportedSSLParameters();
        this.protocols = supportedOnly(options.protocols(), supported.getProtocols(), "TLS protocol");
        this.cipherSuites = supportedOnly(options.cipherSuites(), supported.getCipherSuites(), "cipher suite");
        this.nextReloadCheck = System.nanoTime()
                + (options.certificateReloadInterval() == null ? 0 : options.certificateReloadInterval().toNanos());
    }

    private static String[] supportedOnly(List<String> wanted, String[] supported, String what) {
        List<String> known = Arrays.asList(supported);
        String[] usable = wanted.stream().filter(known::contains).toArray(String[]::new);
        if (usable.length == 0) {
            throw new IllegalArgumentException("none of the " + what + "s " + wanted + " is supported by this JDK");
        }
        return usable;
    }

    public TlsOptions options() {
        return options;
    }

    @Override
    public void invoke(ConnectionContext connection, ConnectionDelegate next) throws Exception {
        SSLEngine engine = newEngine(connection);
        long deadline = System.nanoTime() + options.handshakeTimeout().toNanos();
        if (inline) {
            var tls = new TlsConnection(connection, engine, pool, scratch, deadline, new TlsConnection.Listener() {
                @Override
                public void handshakeCompleted(TlsConnection tls) {
                    handshaking.remove(tls);
                    runInline(tls, next);
                }

                @Override
                public void handshakeFailed(TlsConnection tls) {
                    handshaking.remove(tls);
                }
            });
            handshaking.add(tls);
            tls.start();
            return;
        }
        var outcome = new CompletableFuture<Boolean>();
        var tls = new TlsConnection(connection, engine, pool, scratch, deadline, new TlsConnection.Listener() {
            @Override
            public void handshakeCompleted(TlsConnection tls) {
                outcome.complete(true);
            }

            @Override
            public void handshakeFailed(TlsConnection tls) {
                outcome.complete(false);
            }
        });
        handshaking.add(tls);
        try {
            tls.start();
            if (!outcome.join()) {
                return;
            }
        } finally {
            handshaking.remove(tls);
        }
        connection.features().set(TlsInfo.class, infoOf(engine));
        try {
            next.execute(tls);
        } finally {
            tls.input().complete();
            tls.output().complete();
            // The transport's pipes are the pump's until it has sent close_notify: wait for it.
            tls.finished().toCompletableFuture().join();
        }
    }

    private void runInline(TlsConnection tls, ConnectionDelegate next) {
        tls.features().set(TlsInfo.class, infoOf(tls.engine()));
        try {
            next.execute(tls);
        } catch (Exception | Error e) {
            LOG.error("connection {}: unhandled exception in its inline pipeline after TLS; the connection is aborted", tls.id(), e);
            tls.abort("unhandled exception in the connection pipeline");
        }
    }

    private SSLEngine newEngine(ConnectionContext connection) throws SSLException {
        SSLEngine engine = connection.remoteAddress() instanceof InetSocketAddress peer
                ? context.createSSLEngine(peer.getHostString(), peer.getPort()) : context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(protocols);
        parameters.setCipherSuites(cipherSuites);
        parameters.setUseCipherSuitesOrder(true);
        switch (options.clientCertificateMode()) {
            case NO_CERTIFICATE -> parameters.setNeedClientAuth(false);
            case ALLOW_CERTIFICATE -> parameters.setWantClientAuth(true);
            case REQUIRE_CERTIFICATE -> parameters.setNeedClientAuth(true);
        }
        engine.setSSLParameters(parameters);
        engine.setHandshakeApplicationProtocolSelector(this::chooseApplicationProtocol);
        return engine;
    }

    /**
     * RFC 7301 §3.2: the server picks one of the client's protocols; with none in common it
     * "SHALL respond with a fatal no_application_protocol alert" — which null asks the JDK for.
     * A client that offers nothing gets no ALPN answer ("").
     */
    private String chooseApplicationProtocol(SSLEngine engine, List<String> offered) {
        if (offered.isEmpty()) {
            return "";
        }
        if (options.applicationProtocolSelector() != null) {
            return options.applicationProtocolSelector().select(offered,
                    SniKeyManager.requestedHostName(engine.getHandshakeSession()));
        }
        for (String protocol : options.applicationProtocols()) {
            if (offered.contains(protocol)) {
                return protocol;
            }
        }
        LOG.debug("TLS handshake from {}: none of the offered protocols {} is served ({})", engine.getPeerHost(),
                offered, options.applicationProtocols());
        return null;
    }

    private static TlsInfo infoOf(SSLEngine engine) {
        SSLSession session = engine.getSession();
        List<X509Certificate> clientChain = new ArrayList<>();
        try {
            for (Certificate certificate : session.getPeerCertificates()) {
                clientChain.add((X509Certificate) certificate);
            }
        } catch (SSLPeerUnverifiedException e) {
            // the client sent no certificate
        }
        String alpn = engine.getApplicationProtocol();
        return new TlsInfo(session.getProtocol(), session.getCipherSuite(), alpn == null || alpn.isEmpty() ? null : alpn,
                SniKeyManager.requestedHostName(session), clientChain);
    }

    /**
     * The heartbeat's work: aborts handshakes past their timeout and, every
     * {@link TlsOptions#certificateReloadInterval()}, reloads certificate files that changed.
     */
    public void onHeartbeat(long nowNanos) {
        for (TlsConnection tls : handshaking) {
            if (nowNanos - tls.handshakeDeadline() >= 0) {
                handshaking.remove(tls);
                if (tls.isHandshaking()) {
                    LOG.debug("connection {}: TLS handshake not complete within {} ms; aborted", tls.id(),
                            options.handshakeTimeout().toMillis());
                    tls.abort("TLS handshake timed out");
                }
            }
        }
        if (options.certificateReloadInterval() != null && nowNanos - nextReloadCheck >= 0) {
            nextReloadCheck = nowNanos + options.certificateReloadInterval().toNanos();
            keyManager.reloadChanged();
        }
    }
}
