package io.windhover.auth;

/**
 * One condition of a policy: a role, a claim, a scope, an authenticated user, or the
 * application's own ({@code MinimumAge(18)}). ASP.NET Core's {@code IAuthorizationRequirement}.
 * A requirement is met when an {@link AuthorizationHandler} says so: the requirement itself, when
 * it implements {@code AuthorizationHandler} too (as the built-in ones do), or a handler
 * registered with {@link Authorization.Builder#handler}.
 *
 * <pre>{@code
 * record MinimumAge(int years) implements AuthorizationRequirement {}
 * Authorization.builder(authentication)
 *         .policy("adult", policy -> policy.addRequirements(new MinimumAge(18)))
 *         .handler(context -> {
 *             for (MinimumAge age : context.pending(MinimumAge.class)) {
 *                 Claim born = context.user().findFirst("birthdate");
 *                 if (born != null && Period.between(LocalDate.parse(born.value()), LocalDate.now()).getYears() >= age.years()) {
 *                     context.succeed(age);
 *                 }
 *             }
 *         })
 *         .build();
 * }</pre>
 */
public interface AuthorizationRequirement {
}
