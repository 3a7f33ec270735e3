package io.windhover.auth.dataprotection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys that protect an application's cookies and tokens, made and rotated by themselves:
 * ASP.NET Core's data protection key ring. One key is the default at any time and protects every
 * new payload; a new key is made before it expires (a propagation window ahead, activating at that
 * expiration), so keys rotate every {@link KeyRingOptions#keyLifetime()}; older keys still unprotect
 * what they protected until they retire, {@link KeyRingOptions#retention()} after their expiration,
 * when their files are deleted. Payloads name their key, so rotation never breaks a cookie still
 * within its own lifetime.
 *
 * <pre>{@code
 * KeyRing ring = KeyRing.inFolder(Path.of(System.getProperty("user.home"), ".windhover", "data-protection"), KeyRingOptions.defaults());
 * DataProtector tickets = ring.protector("Cookies", "ticket");
 * String cookie = tickets.protectToString(bytes);
 * byte[] back = tickets.unprotectString(cookie);       // DataProtectionException when forged, retired, unknown
 * }</pre>
 *
 * <p>Keys live in a folder readable by its owner only ({@code key-<id>.properties}; see
 * {@link #inFolder}), shared by every server of the application, or in memory for tests and for
 * applications whose cookies need not outlive the process. A server that meets a payload of a key
 * it has not seen reads the folder again, at most once per {@link KeyRingOptions#reloadInterval()}.
 *
 * <p>Thread-safe.
 */
public final class KeyRing {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);

    private final KeyRingOptions options;
    private final KeyFolder folder;
    private final SecureRandom random = new SecureRandom();
    /** Replaced whole under the lock; read without it. */
    private volatile List<DataProtectionKey> keys;
    private Instant lastReload;

    private KeyRing(KeyRingOptions options, KeyFolder folder) throws IOException {
        this.options = Objects.requireNonNull(options, "options");
        this.folder = folder;
        List<DataProtectionKey> loaded = folder == null ? new ArrayList<>() : new ArrayList<>(folder.load());
        loaded.sort(Comparator.comparing(DataProtectionKey::activation));
        this.keys = List.copyOf(loaded);
        this.lastReload = options.clock().instant();
    }

    /**
     * Keys kept in {@code folder}, made readable by its owner only when it does not exist.
     *
     * @throws IllegalStateException when the folder exists and its group or others may read or enter it
     * @throws IOException when the folder cannot be made or read
     */
    public static KeyRing inFolder(Path folder, KeyRingOptions options) throws IOException {
        return new KeyRing(options, new KeyFolder(folder));
    }

    /** Keys kept in this process only: what they protect cannot be read after a restart, nor by another server. */
    public static KeyRing inMemory(KeyRingOptions options) {
        try {
            return new KeyRing(options, null);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    /**
     * A protector for {@code purpose} and its sub-purposes ({@code "Cookies", "ticket"}): what one
     * purpose protects, no other purpose unprotects, because each derives keys of its own.
     */
    public DataProtector protector(String purpose, String... subPurposes) {
        List<String> purposes = new ArrayList<>(1 + subPurposes.length);
        purposes.add(purpose);
        purposes.addAll(List.of(subPurposes));
        return new DataProtector(this, purposes);
    }

    public KeyRingOptions options() {
        return options;
    }

    /** The keys known now, oldest activation first. */
    public List<DataProtectionKey> keys() {
        return keys;
    }

    /**
     * The key that protects new payloads now, made when there is none, with its successor made once
     * it is within the propagation window of its expiration.
     */
    public synchronized DataProtectionKey defaultKey() {
        Instant now = options.clock().instant();
        DataProtectionKey current = currentKey(now);
        if (current == null || needsSuccessor(current, now)) {
            reload(now); // another server sharing the folder may have made it already
            current = currentKey(now);
        }
        if (current == null) {
            current = create(now, now);
        } else if (needsSuccessor(current, now)) {
            create(now, current.expiration());
        }
        return current;
    }

    /** The key {@code id}, read again from the folder when unknown (at most once per reload interval), or null. */
    DataProtectionKey find(UUID id) {
        DataProtectionKey key = lookup(id);
        if (key == null && folder != null) {
            synchronized (this) {
                Instant now = options.clock().instant();
                key = lookup(id);
                if (key == null && !now.isBefore(lastReload.plus(options.reloadInterval()))) {
                    reload(now);
                    key = lookup(id);
                }
            }
        }
        return key;
    }

    private DataProtectionKey lookup(UUID id) {
        for (DataProtectionKey key : keys) {
            if (key.id().equals(id)) {
                return key;
            }
        }
        return null;
    }

    /** The active key activated last (ASP.NET Core's default key resolution), or null. */
    private DataProtectionKey currentKey(Instant now) {
        return keys.stream().filter(key -> key.isActiveAt(now))
                .max(Comparator.comparing(DataProtectionKey::activation).thenComparing(DataProtectionKey::creation))
                .orElse(null);
    }

    /** Within the propagation window of its expiration, with no key yet to take over then. */
    private boolean needsSuccessor(DataProtectionKey current, Instant now) {
        if (current.expiration().isAfter(now.plus(options.propagationWindow()))) {
            return false;
        }
        return keys.stream().noneMatch(key -> !key.activation().isAfter(current.expiration())
                && key.expiration().isAfter(current.expiration()) && key != current);
    }

    private DataProtectionKey create(Instant now, Instant activation) {
        var key = new DataProtectionKey(UUID.randomUUID(), now, activation, activation.plus(options.keyLifetime()),
                KeyMaterial.generate(random));
        List<DataProtectionKey> next = new ArrayList<>();
        for (DataProtectionKey kept : keys) {
            if (kept.isRetiredAt(now, options.retention())) {
                retire(kept);
            } else {
                next.add(kept);
            }
        }
        if (folder != null) {
            try {
                folder.save(key);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write a new data protection key to " + folder.path(), e);
            }
        }
        next.add(key);
        next.sort(Comparator.comparing(DataProtectionKey::activation));
        keys = List.copyOf(next);
        LOG.info("data protection: made key {} (active {} to {})", key.id(), key.activation(), key.expiration());
        return key;
    }

    private void retire(DataProtectionKey key) {
        if (folder != null) {
            folder.delete(key.id());
        }
        LOG.info("data protection: key {} retired (expired {}); what it protected can no longer be read", key.id(), key.expiration());
    }

    private void reload(Instant now) {
        lastReload = now;
        if (folder == null) {
            return;
        }
        try {
            List<DataProtectionKey> loaded = new ArrayList<>(folder.load());
            loaded.sort(Comparator.comparing(DataProtectionKey::activation));
            keys = List.copyOf(loaded);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the data protection keys in " + folder.path(), e);
        }
    }
}
