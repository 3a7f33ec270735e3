package io.windhover.web.processor;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a controller's {@code @Authorize} and {@code @AllowAnonymous} say of one endpoint method:
 * the class's {@code @Authorize} then the method's (ASP.NET Core orders a controller's attributes
 * before its action's), and whether the class or the method allows anonymous callers. The
 * generated route adds them to the endpoint's metadata as {@code AuthorizeData} and
 * {@code AllowAnonymousMetadata}, the items a minimal-API route's {@code requireAuthorization}
 * and {@code allowAnonymous} add.
 *
 * @param authorize each {@code @Authorize}, the class's first
 * @param allowAnonymous whether {@code @AllowAnonymous} is on the class or the method
 */
record EndpointAuthorization(List<Requirement> authorize, boolean allowAnonymous) {

    /** Nothing required, nothing allowed: the route's groups and the fallback policy decide. */
    static final EndpointAuthorization NONE = new EndpointAuthorization(List.of(), false);

    /**
     * One {@code @Authorize}.
     *
     * @param policy the policy's name, or null for none
     */
    record Requirement(String policy, List<String> roles, List<String> schemes) {
    }

    EndpointAuthorization {
        authorize = List.copyOf(authorize);
    }

    /** The calls the generated code chains on the route's {@code RouteHandlerBuilder}; empty for none. */
    String conventions(String indent) {
        var calls = new StringBuilder();
        for (Requirement requirement : authorize) {
            calls.append(indent).append(".requireAuthorization(new io.windhover.web.AuthorizeData(")
                    .append(requirement.policy() == null ? "null" : SourceText.quoted(requirement.policy()))
                    .append(", ").append(list(requirement.roles())).append(", ").append(list(requirement.schemes())).append("))");
        }
        if (allowAnonymous) {
            calls.append(indent).append(".allowAnonymous()");
        }
        return calls.toString();
    }

    private static String list(List<String> values) {
        return values.stream().map(SourceText::quoted).collect(Collectors.joining(", ", "java.util.List.of(", ")"));
    }
}
