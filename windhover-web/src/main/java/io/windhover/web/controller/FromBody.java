package io.windhover.web.controller;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A parameter bound from the JSON body ({@code WebContext.body(Type.class)}), and validated. A
 * parameter of a record or class type with no annotation is bound so too; at most one per method.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface FromBody {
}
