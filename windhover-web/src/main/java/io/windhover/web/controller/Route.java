package io.windhover.web.controller;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An endpoint for several methods, or for one that has no annotation of its own ({@code OPTIONS}):
 * {@code @Route(value = "/{id:int}", methods = {"GET", "HEAD"})}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Route {

    /** The template under the controller's prefix; empty for the prefix itself. */
    String value() default "";

    /** The HTTP methods, at least one. */
    String[] methods();
}
