package io.windhover.tls.internal;

import io.windhover.tls.CertificateException;
import io.windhover.tls.ServerCertificate;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the server certificate of each handshake by the host name the client sent (SNI,
 * RFC 6066 §3): an exact name first, then a wildcard ({@code *.example.com} covers one label,
 * RFC 6125 §6.4.3), then the default — the first certificate configured. Among certificates for
 * the same name it takes one whose key the client's signature schemes allow (an EC and an RSA
 * certificate may serve one name).
 *
 * <p>Certificates read from files are reloaded when the files change ({@link #reloadChanged()}):
 * handshakes after that use the new one; a file that no longer loads is logged and the old
 * certificate kept.
 *
 * <p>Thread-safe: the JDK calls it from every handshake at once.
 */
public final class SniKeyManager extends X509ExtendedKeyManager {

    private static final Logger LOG = LoggerFactory.getLogger(SniKeyManager.class);
    private static final AtomicLong ALIASES = new AtomicLong();

    /** One certificate under the names it serves, with the alias the JDK knows it by. */
    record Entry(List<String> names, ServerCertificate certificate, String alias) {
    }

    private volatile List<Entry> entries;
    /** Alias to certificate, for the JDK's lookups after {@code choose...}; the current and previous generation. */
    private final Map<String, ServerCertificate> byAlias = new ConcurrentHashMap<>();

    /**
     * @param certificates each certificate with the names it should serve (null: the names in it);
     *     the first is the default
     */
    public SniKeyManager(List<Map.Entry<String, ServerCertificate>> certificates) {
        if (certificates.isEmpty()) {
            throw new CertificateException("a TLS end point needs a certificate");
        }
        List<Entry> built = new ArrayList<>();
        for (Map.Entry<String, ServerCertificate> configured : certificates) {
            built.add(entry(configured.getKey(), configured.getValue()));
        }
        this.entries = List.copyOf(built);
    }

    private Entry entry(String name, ServerCertificate certificate) {
        List<String> names = name == null ? certificate.hostNames() : List.of(name.toLowerCase(Locale.ROOT));
        String alias = "windhover-" + ALIASES.incrementAndGet();
        byAlias.put(alias, certificate);
        return new Entry(names, certificate, alias);
    }

    /** The certificate a handshake for {@code serverName} (null: none sent) with a key of {@code keyType} gets, or null. */
    ServerCertificate select(String serverName, String keyType) {
        Entry entry = choose(serverName, keyType);
        return entry == null ? null : entry.certificate();
    }

    private Entry choose(String serverName, String keyType) {
        List<Entry> current = entries;
        if (serverName != null) {
            // The name decides first, the key type second: a name served by an RSA certificate only
            // must not get another name's EC certificate because the JDK asked for EC keys first.
            String host = serverName.toLowerCase(Locale.ROOT);
            List<Entry> named = matching(current, host, true);
            if (named.isEmpty()) {
                named = matching(current, host, false);
            }
            if (!named.isEmpty()) {
                return firstFitting(named, keyType);
            }
        }
        return firstFitting(current, keyType); // the default: the first that the client can use
    }

    private static List<Entry> matching(List<Entry> entries, String host, boolean exact) {
        List<Entry> found = new ArrayList<>();
        for (Entry entry : entries) {
            for (String name : entry.names()) {
                if (exact ? name.equals(host) : matchesWildcard(name, host)) {
                    found.add(entry);
                    break;
                }
            }
        }
        return found;
    }

    private static Entry firstFitting(List<Entry> entries, String keyType) {
        for (Entry entry : entries) {
            if (fits(entry, keyType)) {
                return entry;
            }
        }
        return null;
    }

    /** RFC 6125 §6.4.3: {@code *.example.com} matches {@code a.example.com}, not {@code example.com} nor {@code a.b.example.com}. */
    static boolean matchesWildcard(String pattern, String host) {
        if (!pattern.startsWith("*.")) {
            return false;
        }
        String suffix = pattern.substring(1);
        return host.endsWith(suffix) && host.length() > suffix.length()
                && host.indexOf('.') == host.length() - suffix.length();
    }

    private static boolean fits(Entry entry, String keyType) {
        if (keyType == null) {
            return true;
        }
        String algorithm = entry.certificate().privateKey().getAlgorithm();
        // TLS 1.3 asks for "RSASSA-PSS" for rsa_pss_rsae schemes too, which an RSA key signs.
        return algorithm.equalsIgnoreCase(keyType) || (keyType.equals("RSASSA-PSS") && algorithm.equals("RSA"));
    }

    /** Reads again every certificate whose files changed; called from the heartbeat. */
    public void reloadChanged() {
        List<Entry> current = entries;
        List<Entry> next = null;
        for (int i = 0; i < current.size(); i++) {
            Entry entry = current.get(i);
            ServerCertificate reloaded;
            try {
                reloaded = entry.certificate().reloaded();
            } catch (CertificateException e) {
                LOG.warn("certificate {} changed but cannot be used; still serving the previous one: {}",
                        entry.certificate().origin(), e.getMessage());
                continue;
            }
            if (reloaded != entry.certificate()) {
                if (next == null) {
                    next = new ArrayList<>(current);
                }
                String explicitName = entry.names().equals(entry.certificate().hostNames()) ? null : entry.names().getFirst();
                next.set(i, entry(explicitName, reloaded));
                LOG.info("reloaded certificate {}: {}", reloaded.origin(), reloaded);
            }
        }
        if (next != null) {
            List<Entry> previous = current;
            entries = List.copyOf(next);
            // Keep the aliases of the generation just replaced (a handshake may be between choose and get), drop older.
            byAlias.keySet().retainAll(aliasesOf(previous, entries));
        }
    }

    private static List<String> aliasesOf(List<Entry> previous, List<Entry> current) {
        List<String> aliases = new ArrayList<>();
        previous.forEach(entry -> aliases.add(entry.alias()));
        current.forEach(entry -> aliases.add(entry.alias()));
        return aliases;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        Entry entry = choose(requestedHostName(engine.getHandshakeSession()), keyType);
        return entry == null ? null : entry.alias();
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        Entry entry = choose(null, keyType);
        return entry == null ? null : entry.alias();
    }

    /** The SNI host name of a handshake, or null. */
    public static String requestedHostName(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name.getType() == StandardConstants.SNI_HOST_NAME && name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        ServerCertificate certificate = byAlias.get(alias);
        return certificate == null ? null : certificate.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        ServerCertificate certificate = byAlias.get(alias);
        return certificate == null ? null : certificate.privateKey();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return entries.stream().filter(entry -> fits(entry, keyType)).map(Entry::alias).toArray(String[]::new);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null; // a server's key manager: it never authenticates as a client
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
