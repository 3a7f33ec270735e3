package io.windhover.auth;

/**
 * Decides requirements of the kinds it knows: marks each one met with
 * {@link AuthorizationHandlerContext#succeed}, or vetoes the whole check with
 * {@link AuthorizationHandlerContext#fail}; saying nothing leaves a requirement to other handlers.
 * ASP.NET Core's {@code IAuthorizationHandler}. Every handler registered with
 * {@link Authorization.Builder#handler} runs for every check, after the requirements that handle
 * themselves; one instance serves concurrent requests.
 *
 * <pre>{@code
 * AuthorizationHandler ownerOfTodo = context -> {
 *     if (context.resource() instanceof Todo todo && todo.owner().equals(context.user().name())) {
 *         context.pending(OwnerRequirement.class).forEach(context::succeed);
 *     }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface AuthorizationHandler {

    void handle(AuthorizationHandlerContext context) throws Exception;
}
