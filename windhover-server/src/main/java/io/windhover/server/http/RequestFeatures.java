package io.windhover.server.http;

import io.windhover.transport.FeatureCollection;
import java.util.Arrays;
import java.util.Objects;

/**
 * A request's features, keyed by type: what middleware attaches to this request alone, over the
 * features of the connection it came on ({@code TlsInfo}, and what connection middleware set),
 * which it can read but never changes. Kestrel's per-request {@code IFeatureCollection}. A feature
 * set here is gone when the request ends: the next request on the connection never sees it.
 *
 * <pre>{@code
 * context.features().set(Principal.class, user);        // this request only
 * TlsInfo tls = context.features().get(TlsInfo.class);  // the connection's, null in cleartext
 * }</pre>
 *
 * <p>Not thread-safe: used by the request's thread. Holds nothing until the first {@link #set}.
 */
public final class RequestFeatures {

    private static final Object[] NONE = {};

    private final FeatureCollection connection;
    /** What the protocol engine offers every request it serves (type, value); not cleared between requests. */
    private Object[] protocol = NONE;
    /** Type, value, type, value, ...: a request carries few features of its own. */
    private Object[] own = NONE;
    private int size;

    /** The features of a request on a connection with {@code connection}'s features. */
    public RequestFeatures(FeatureCollection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    /** The request's feature registered under {@code type}, else the protocol's, else the connection's, else null. */
    public <T> T get(Class<T> type) {
        for (int i = 0; i < size; i += 2) {
            if (own[i] == type) {
                return type.cast(own[i + 1]);
            }
        }
        for (int i = 0; i < protocol.length; i += 2) {
            if (protocol[i] == type) {
                return type.cast(protocol[i + 1]);
            }
        }
        return connection.get(type);
    }

    /**
     * For protocol engines: a feature every request on this connection (or stream) has, such as
     * {@link HttpUpgradeFeature}, answering for the current request. Set once; {@link #clear()}
     * keeps it.
     */
    public <T> void setProtocolFeature(Class<T> type, T feature) {
        Objects.requireNonNull(type, "type");
        Object[] grown = Arrays.copyOf(protocol, protocol.length + 2);
        grown[protocol.length] = type;
        grown[protocol.length + 1] = Objects.requireNonNull(feature, "feature");
        protocol = grown;
    }

    /** Registers {@code feature} for this request under {@code type}, hiding the connection's; null removes the request's own. */
    public <T> void set(Class<T> type, T feature) {
        Objects.requireNonNull(type, "type");
        for (int i = 0; i < size; i += 2) {
            if (own[i] == type) {
                if (feature != null) {
                    own[i + 1] = feature;
                } else {
                    System.arraycopy(own, i + 2, own, i, size - i - 2);
                    size -= 2;
                    own[size] = own[size + 1] = null;
                }
                return;
            }
        }
        if (feature == null) {
            return;
        }
        if (size == own.length) {
            own = Arrays.copyOf(own, Math.max(4, size * 2));
        }
        own[size++] = type;
        own[size++] = feature;
    }

    /** Forgets the request's own features (not the protocol's): the engine calls it between requests on a connection. */
    public void clear() {
        if (size > 0) {
            Arrays.fill(own, 0, size, null);
            size = 0;
        }
    }
}
