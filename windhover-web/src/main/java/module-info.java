/**
 * The application layer: middleware as {@code (context, next)}, endpoint routing with templates
 * and constraints, endpoints as lambdas whose return values become responses, JSON through
 * Jackson. ASP.NET Core's middleware pipeline, endpoint routing and minimal APIs. It sees requests
 * only through the server's protocol-neutral {@code HttpContext}.
 */
module io.windhover.web {
    requires transitive io.windhover.server;
    // WebSocket endpoints hand the application io.windhover.websockets.WebSocket.
    requires transitive io.windhover.websockets;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires com.aayushatharva.brotli4j;
    requires org.slf4j;
    // Optional: Logging:LogLevel live where the application's binding is logback (LogbackLoggingBackend).
    requires static ch.qos.logback.classic;
    requires java.logging;
    requires jakarta.validation;
    requires org.hibernate.validator;
    // The OpenAPI document's model, serializer and schema resolver (io.windhover.web.openapi).
    requires io.swagger.v3.core;
    requires io.swagger.v3.oas.models;

    exports io.windhover.web;
    exports io.windhover.web.routing;
    exports io.windhover.web.middleware;
    exports io.windhover.web.controller;

    // app.mapControllers(): the routes the annotation processor wrote for each controller.
    uses io.windhover.web.controller.ControllerRoutes;
}
