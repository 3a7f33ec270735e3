package io.windhover.web.openapi;

import io.windhover.web.EndpointMetadata;

/**
 * One route as the OpenAPI document describes it.
 *
 * @param method the HTTP method, upper case
 * @param template the whole template, group prefixes included
 * @param metadata what the application or the controller processor said of it
 */
public record DocumentedRoute(String method, String template, EndpointMetadata metadata) {
}
