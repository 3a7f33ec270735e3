package io.windhover.web.controller;

import io.windhover.web.EndpointRouteBuilder;

/**
 * The routes of one {@link Controller}, written by the annotation processor as {@code NameRoutes}
 * beside it and listed in {@code META-INF/services/io.windhover.web.controller.ControllerRoutes},
 * so that {@code app.mapControllers()} finds them with {@link java.util.ServiceLoader} (a modular
 * application says {@code provides io.windhover.web.controller.ControllerRoutes with ...} itself).
 * Not written by hand.
 */
public interface ControllerRoutes {

    /** The controller class. */
    Class<?> controller();

    /**
     * Maps each endpoint method into {@code routes}, with instances from {@code factory}.
     *
     * @throws IllegalStateException when the controller has no constructor without arguments and
     *     no factory makes it
     */
    void map(EndpointRouteBuilder routes, ControllerFactory factory);
}
