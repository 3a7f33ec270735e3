package io.windhover.web.controller;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The endpoint needs authorization: ASP.NET Core's {@code [Authorize]}. The annotation processor
 * writes it into the endpoint's metadata as an {@link io.windhover.web.AuthorizeData} (the same item
 * {@code requireAuthorization(...)} adds to a minimal-API route), which an authorization middleware
 * (the {@code windhover-auth} module's) enforces. On the class it covers every endpoint method; a
 * method's own comes after it, and all must be met. With no policy, roles or schemes, the default
 * policy: an authenticated user.
 *
 * <pre>{@code
 * @Controller("/todos")
 * @Authorize                                   // every endpoint: a signed-in user
 * final class TodoController {
 *     @Post
 *     @Authorize("todos:write")                // and this one: the policy too
 *     Result add(TodoInput input) { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Authorize {

    /** A policy's name; empty for none (ASP.NET's {@code Policy}). */
    String value() default "";

    /** Roles of which the user needs one; empty for none. */
    String[] roles() default {};

    /** The authentication schemes that authenticate the user for this endpoint; empty for the default. */
    String[] schemes() default {};
}
