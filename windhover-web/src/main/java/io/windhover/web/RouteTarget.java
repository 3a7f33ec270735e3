package io.windhover.web;

/** What a route leads to: its endpoint with its groups' middleware around it, and its metadata. */
record RouteTarget(RequestDelegate delegate, EndpointMetadataCollection metadata) {
}
