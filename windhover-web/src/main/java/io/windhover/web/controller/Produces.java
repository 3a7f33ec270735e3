package io.windhover.web.controller;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A response an endpoint method gives, for the OpenAPI document: ASP.NET Core's
 * {@code [ProducesResponseType]}. Without one, the document says what the return type says (a 200
 * with its JSON); with any, it says these instead, as for a method that returns a {@code Result}.
 *
 * <pre>{@code
 * @Post
 * @Produces(value = 201, type = Todo.class)
 * Result add(TodoInput input) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
@Repeatable(Produces.List.class)
public @interface Produces {

    /** The status. */
    int value();

    /** The body's type; {@code void.class} for none. */
    Class<?> type() default void.class;

    /** The body's media type. */
    String contentType() default "application/json";

    /** Several responses. */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.METHOD)
    @interface List {
        Produces[] value();
    }
}
