package io.windhover.web.controller;

import io.windhover.web.WebContext;

/**
 * Makes controller instances, so that a dependency-injection container (Dagger, Avaje Inject, Guice,
 * Spring) builds them with what they need: ASP.NET Core's {@code IControllerActivator}. Called on
 * the request's thread, once per request for {@link Lifetime#PER_REQUEST} controllers and once in
 * all for {@link Lifetime#SINGLETON} ones.
 *
 * <pre>{@code
 * app.controllerFactory((type, context) -> injector.getInstance(type));            // Guice
 * app.controllerFactory((type, context) -> type == TodoController.class
 *         ? new TodoController(store) : null);                                     // by hand; null: its own constructor
 * }</pre>
 */
@FunctionalInterface
public interface ControllerFactory {

    /**
     * An instance of {@code type}, or null to have it made with its constructor without arguments.
     *
     * @param context the request it is made for
     */
    Object create(Class<?> type, WebContext context) throws Exception;
}
