package io.windhover.auth.dataprotection;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How a {@link KeyRing} rotates its keys: how long a key protects, how long it still unprotects
 * after that, and the clock that decides. ASP.NET Core's {@code KeyManagementOptions}.
 *
 * <pre>{@code
 * KeyRing ring = KeyRing.inFolder(Path.of("/var/lib/todo/keys"), KeyRingOptions.defaults());
 * KeyRing ring = KeyRing.inFolder(folder, KeyRingOptions.defaults().withKeyLifetime(Duration.ofDays(30)));
 * }</pre>
 *
 * @param keyLifetime how long a new key protects, from its activation; default 90 days (ASP.NET Core's {@code NewKeyLifetime})
 * @param retention how long after its expiration a key still unprotects, then retires (and its file
 *     is deleted); default 90 days. ASP.NET Core keeps expired keys until revoked by hand; a fixed
 *     retirement bounds how long a stolen or forgotten cookie can come back
 * @param propagationWindow how long before the default key expires its successor is made, activating
 *     at that expiration, so that every server sharing the folder has read it before it is used;
 *     default 2 days (ASP.NET Core's {@code KeyPropagationWindow})
 * @param reloadInterval the least time between two reads of the folder for a payload whose key
 *     this server has not seen (another server made it); default 1 minute
 * @param clock the wall clock keys are dated and chosen by; tests give their own
 */
public record KeyRingOptions(Duration keyLifetime, Duration retention, Duration propagationWindow, Duration reloadInterval,
        InstantSource clock) {

    /** 90 days. */
    public static final Duration DEFAULT_KEY_LIFETIME = Duration.ofDays(90);
    /** 90 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);
    /** 2 days. */
    public static final Duration DEFAULT_PROPAGATION_WINDOW = Duration.ofDays(2);

    public KeyRingOptions {
        Objects.requireNonNull(clock, "clock");
        if (keyLifetime.compareTo(Duration.ofDays(7)) < 0) {
            // As ASP.NET Core: a week at least, so the propagation window fits well inside it.
            throw new IllegalArgumentException("a key lives at least 7 days, not " + keyLifetime);
        }
        if (retention.isNegative() || propagationWindow.isNegative() || reloadInterval.isNegative()) {
            throw new IllegalArgumentException("retention, propagation window and reload interval cannot be negative");
        }
        if (propagationWindow.compareTo(keyLifetime) >= 0) {
            throw new IllegalArgumentException("the propagation window (" + propagationWindow + ") must be shorter than a key's lifetime ("
                    + keyLifetime + ")");
        }
    }

    /** The defaults above, on the system clock. */
    public static KeyRingOptions defaults() {
        return new KeyRingOptions(DEFAULT_KEY_LIFETIME, DEFAULT_RETENTION, DEFAULT_PROPAGATION_WINDOW, Duration.ofMinutes(1),
                InstantSource.system());
    }

    public KeyRingOptions withKeyLifetime(Duration lifetime) {
        return new KeyRingOptions(lifetime, retention, propagationWindow, reloadInterval, clock);
    }

    public KeyRingOptions withRetention(Duration kept) {
        return new KeyRingOptions(keyLifetime, kept, propagationWindow, reloadInterval, clock);
    }

    public KeyRingOptions withClock(InstantSource source) {
        return new KeyRingOptions(keyLifetime, retention, propagationWindow, reloadInterval, source);
    }
}
