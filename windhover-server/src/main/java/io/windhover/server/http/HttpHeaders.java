package io.windhover.server.http;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An ordered, case-insensitive multimap of header fields, as requests and responses of every
 * protocol carry them. Names are compared ignoring ASCII case (RFC 9110 §5.1); values are kept as
 * given.
 *
 * <pre>{@code
 * response.headers().set("Content-Type", "text/plain");
 * String host = request.headers().get("host"); // first value, or null
 * }</pre>
 *
 * <p>Not thread-safe: owned by the request or response it belongs to.
 */
public final class HttpHeaders implements Iterable<Map.Entry<String, String>> {

    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    /** The first value of {@code name}, or null. */
    public String get(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    /** Every value of {@code name}, in order; empty if none. */
    public List<String> getAll(String name) {
        List<String> all = new ArrayList<>(1);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                all.add(values.get(i));
            }
        }
        return all;
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    /** Adds a field, keeping any others of the same name. */
    public HttpHeaders add(String name, String value) {
        names.add(Objects.requireNonNull(name, "name"));
        values.add(Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Replaces every field of {@code name} with one. */
    public HttpHeaders set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    /** Removes every field of {@code name}; true if there was one. */
    public boolean remove(String name) {
        boolean removed = false;
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equalsIgnoreCase(name)) {
                names.remove(i);
                values.remove(i);
                removed = true;
            }
        }
        return removed;
    }

    public int size() {
        return names.size();
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** Whether a comma-separated value of {@code name} contains {@code token}, ignoring case (as Connection: close). */
    public boolean containsToken(String name, String token) {
        for (String value : getAll(name)) {
            for (String element : value.split(",")) {
                if (element.strip().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    public void clear() {
        names.clear();
        values.clear();
    }

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < names.size();
            }

            @Override
            public Map.Entry<String, String> next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                int i = next++;
                return new AbstractMap.SimpleImmutableEntry<>(names.get(i), values.get(i));
            }
        };
    }

    @Override
    public String toString() {
        var text = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            text.append(names.get(i)).append(": ").append(values.get(i)).append('\n');
        }
        return text.toString();
    }
}
