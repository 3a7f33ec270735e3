package io.windhover.web.controller;

import io.windhover.web.WebContext;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where the generated routes get their controller instance for a request: the factory's, else the
 * class's constructor, per request or once. Used by generated code; thread-safe.
 *
 * @param <T> the controller class
 */
public final class ControllerInstances<T> {

    private final Class<T> type;
    private final Lifetime lifetime;
    private final ControllerFactory factory;
    private final Supplier<T> constructor;
    private volatile T singleton;

    private ControllerInstances(Class<T> type, Lifetime lifetime, ControllerFactory factory, Supplier<T> constructor) {
        this.type = type;
        this.lifetime = lifetime;
        this.factory = factory;
        this.constructor = constructor;
    }

    /**
     * Instances of {@code type}.
     *
     * @param factory the application's, or null
     * @param constructor the class's constructor without arguments, or null when it has none
     * @throws IllegalStateException when neither can make one
     */
    public static <T> ControllerInstances<T> of(Class<T> type, Lifetime lifetime, ControllerFactory factory, Supplier<T> constructor) {
        if (factory == null && constructor == null) {
            throw new IllegalStateException(type.getName() + " has no constructor without arguments: give the application a"
                    + " ControllerFactory that makes it (app.controllerFactory(...))");
        }
        return new ControllerInstances<>(Objects.requireNonNull(type, "type"), Objects.requireNonNull(lifetime, "lifetime"),
                factory, constructor);
    }

    /** The instance that serves {@code context}. */
    public T get(WebContext context) throws Exception {
        if (lifetime == Lifetime.PER_REQUEST) {
            return make(context);
        }
        T existing = singleton;
        if (existing == null) {
            synchronized (this) {
                existing = singleton;
                if (existing == null) {
                    singleton = existing = make(context);
                }
            }
        }
        return existing;
    }

    private T make(WebContext context) throws Exception {
        Object made = factory == null ? null : factory.create(type, context);
        if (made == null) {
            if (constructor == null) {
                throw new IllegalStateException("the controller factory made no " + type.getName()
                        + ", which has no constructor without arguments");
            }
            return constructor.get();
        }
        return type.cast(made);
    }
}
