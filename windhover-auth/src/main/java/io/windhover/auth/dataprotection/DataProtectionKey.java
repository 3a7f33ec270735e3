package io.windhover.auth.dataprotection;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One key of a {@link KeyRing}: 256 bits of AES key material and the dates that say what it may do.
 * ASP.NET Core's {@code IKey}. A key protects new payloads from {@code activation} until
 * {@code expiration}; it still unprotects what it protected until it retires, a retention period
 * after its expiration; after that it is gone and so is everything it protected.
 *
 * <p>Immutable. {@link #toString()} never shows the material.
 *
 * @param id the key's id, written into every payload it protects
 * @param creation when the key was made
 * @param activation when it may start protecting
 * @param expiration when it stops protecting
 */
public record DataProtectionKey(UUID id, Instant creation, Instant activation, Instant expiration, KeyMaterial material) {

    public DataProtectionKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(creation, "creation");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(expiration, "expiration");
        Objects.requireNonNull(material, "material");
        if (!expiration.isAfter(activation)) {
            throw new IllegalArgumentException("key " + id + " expires (" + expiration + ") before it activates (" + activation + ")");
        }
    }

    /** Whether the key may protect new payloads at {@code now}. */
    public boolean isActiveAt(Instant now) {
        return !activation.isAfter(now) && expiration.isAfter(now);
    }

    /** Whether the key has retired at {@code now}, {@code retention} after its expiration: it unprotects nothing any more. */
    public boolean isRetiredAt(Instant now, java.time.Duration retention) {
        return !expiration.plus(retention).isAfter(now);
    }

    @Override
    public String toString() {
        return "DataProtectionKey[id=" + id + ", creation=" + creation + ", activation=" + activation + ", expiration=" + expiration + "]";
    }
}
