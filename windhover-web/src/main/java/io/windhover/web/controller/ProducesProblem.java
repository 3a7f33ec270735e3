package io.windhover.web.controller;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Problem-details responses ({@code application/problem+json}, RFC 9457) an endpoint method may give,
 * by status, for the OpenAPI document: {@code @ProducesProblem({404, 409})}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface ProducesProblem {

    int[] value();
}
