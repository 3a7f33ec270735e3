package io.windhover.transport;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

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
 * <p>Thread-safe.
 */
public final class FeatureCollection {

    private final Map<Class<?>, Object> features = new ConcurrentHashMap<>();

    /** The feature registered under {@code type}, or null. */
    public <T> T get(Class<T> type) {
        return type.cast(features.get(type));
    }

    /** Registers {@code feature} under {@code type}, replacing any; null removes it. */
    public <T> void set(Class<T> type, T feature) {
        Objects.requireNonNull(type, "type");
        if (feature == null) {
            features.remove(type);
        } else {
            features.put(type, feature);
        }
    }
}
