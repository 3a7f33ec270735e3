package io.windhover.web.controller;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A parameter bound from a form field (a String, a FormFile), or the whole form bound to a record or bean when the name is empty and the type is not a String or FormFile. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface FromForm {

    /** The field's name; empty for the parameter's own name. */
    String value() default "";
}
