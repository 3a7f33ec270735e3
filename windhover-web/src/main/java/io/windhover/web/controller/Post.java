package io.windhover.web.controller;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A POST endpoint at the controller's prefix joined with {@link #value()}, a route template such as
 * {@code "/{id:int}"}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Post {

    /** The template under the controller's prefix; empty for the prefix itself. */
    String value() default "";
}
