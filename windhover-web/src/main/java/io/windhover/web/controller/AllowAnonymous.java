package io.windhover.web.controller;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Anyone may call the endpoint, whatever {@link Authorize} or its group requires: ASP.NET Core's
 * {@code [AllowAnonymous]}. The annotation processor writes it into the endpoint's metadata as
 * {@link io.windhover.web.AllowAnonymousMetadata}, the item {@code allowAnonymous()} adds to a
 * minimal-API route; as there, it wins wherever it appears. On the class it covers every endpoint
 * method.
 *
 * <pre>{@code
 * @Controller("/account")
 * @Authorize
 * final class AccountController {
 *     @Get("/status")
 *     @AllowAnonymous
 *     String status() { return "up"; }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AllowAnonymous {
}
