package io.windhover.web.openapi;

import io.windhover.web.EndpointDescription;

/**
 * One route as the OpenAPI document describes it.
 *
 * @param method the HTTP method, upper case
 * @param template the whole template, group prefixes included
 * @param description what the route's descriptions (given with it, or written by the controller processor) say together
 */
public record DocumentedRoute(String method, String template, EndpointDescription description) {
}
