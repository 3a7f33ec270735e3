package io.windhover.web.controller;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A class whose annotated methods are endpoints under the route prefix {@link #value()}: ASP.NET
 * Core's {@code [ApiController]} with {@code [Route]}. The annotation processor
 * ({@code windhover-web-processor} on the compiler's processor path) writes, beside the class, a
 * {@code NameRoutes} class that maps each method into the application's router, as
 * {@code app.get(...)} does: no reflection per request, no scanning at start.
 *
 * <pre>{@code
 * @Controller("/todos")
 * class TodoController {
 *     private final TodoStore store;
 *     TodoController(TodoStore store) { this.store = store; }
 *
 *     /** One todo, or 404. *\/
 *     @Get("/{id:int}")
 *     Object find(int id) { ... }              // id from the route
 *
 *     @Post
 *     Result add(TodoInput input) { ... }      // a record: the JSON body, validated
 * }
 *
 * app.controllerFactory((type, context) -> new TodoController(store));
 * app.mapControllers();                        // every generated NameRoutes, found by ServiceLoader
 * }</pre>
 *
 * <p>The class and its endpoint methods must not be private; a controller without a factory needs
 * a constructor without arguments. Retained in class files only: nothing reads it at run time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Controller {

    /** The route prefix of every method's template; empty for none. */
    String value() default "";

    /** Whether an instance serves one request or all of them. */
    Lifetime lifetime() default Lifetime.PER_REQUEST;
}
