package io.windhover.transport;

import java.util.Arrays;
import java.util.Objects;

/**
 * A connection's bag of features keyed by type, through which layers above the transport pass
 * facts to each other without depending on each other (TLS information, the protocol ALPN chose).
 * Kestrel's {@code IFeatureCollection}.
 *
 * <pre>{@code
 * connection.features().set(TlsInfo.class, info);
 * TlsInfo tls = connection.features().get(TlsInfo.class); // null when absent
 * }</pre>
 *
 * <p>Thread-safe. A connection carries a handful of features, set once and read often, so they live
 * in a small copy-on-write array rather than a hash map (IdleConnectionFootprint: a map cost about
 * 180 bytes per connection).
 */
public final class FeatureCollection {

    private static final Object[] NONE = new Object[0];

    /** Type, value, type, value, ... */
    private volatile Object[] entries = NONE;

    /** The feature registered under {@code type}, or null. */
    public <T> T get(Class<T> type) {
        Object[] current = entries;
        for (int i = 0; i < current.length; i += 2) {
            if (current[i] == type) {
                return type.cast(current[i + 1]);
            }
        }
        return null;
    }

    /** Registers {@code feature} under {@code type}, replacing any; null removes it. */
    public synchronized <T> void set(Class<T> type, T feature) {
        Objects.requireNonNull(type, "type");
        Object[] current = entries;
        for (int i = 0; i < current.length; i += 2) {
            if (current[i] == type) {
                entries = feature == null ? without(current, i) : replaced(current, i + 1, feature);
                return;
            }
        }
        if (feature != null) {
            Object[] grown = Arrays.copyOf(current, current.length + 2);
            grown[current.length] = type;
            grown[current.length + 1] = feature;
            entries = grown;
        }
    }

    private static Object[] replaced(Object[] current, int index, Object value) {
        Object[] copy = current.clone();
        copy[index] = value;
        return copy;
    }

    private static Object[] without(Object[] current, int index) {
        Object[] copy = new Object[current.length - 2];
        System.arraycopy(current, 0, copy, 0, index);
        System.arraycopy(current, index + 2, copy, index, current.length - index - 2);
        return copy;
    }
}
