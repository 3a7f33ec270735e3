package io.windhover.web;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * A generic type kept past erasure by an anonymous subclass, for metadata that names one:
 * {@code new GenericType<List<Todo>>() {}.type()}. The same device as Jackson's
 * {@code TypeReference}; the controller processor writes one for a method that returns a generic type.
 *
 * @param <T> the type
 */
public abstract class GenericType<T> {

    private final Type type;

    protected GenericType() {
        if (!(getClass().getGenericSuperclass() instanceof ParameterizedType parameterized)) {
            throw new IllegalStateException("GenericType needs its type argument: new GenericType<List<Todo>>() {}");
        }
        type = parameterized.getActualTypeArguments()[0];
    }

    /** The type argument, generics included. */
    public final Type type() {
        return type;
    }
}
