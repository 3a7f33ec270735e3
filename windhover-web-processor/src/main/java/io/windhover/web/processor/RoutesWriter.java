package io.windhover.web.processor;

import java.util.stream.Collectors;

/**
 * The source of a controller's routes class: one {@code routes.map(method, template, endpoint)}
 * per HTTP method of each endpoint method, whose lambda binds the parameters from the request's
 * context and calls the method on the instance for the request. What the method returns goes back
 * to endpoint routing, which writes it as it writes a minimal-API endpoint's return value.
 */
final class RoutesWriter {

    private RoutesWriter() {
    }

    static String write(ControllerClass controller) {
        var source = new StringBuilder();
        if (!controller.packageName().isEmpty()) {
            source.append("package ").append(controller.packageName()).append(";\n\n");
        }
        String type = controller.typeName();
        source.append("""
                /**
                 * The routes of {@link %1$s}, written by the Windhover controller processor from its
                 * annotations: edit the controller, not this class.
                 */
                public final class %2$s implements io.windhover.web.controller.ControllerRoutes {

                    @Override
                    public Class<?> controller() {
                        return %1$s.class;
                    }

                    @Override
                    public void map(io.windhover.web.EndpointRouteBuilder routes, io.windhover.web.controller.ControllerFactory factory) {
                        var instances = io.windhover.web.controller.ControllerInstances.of(%1$s.class,
                                io.windhover.web.controller.Lifetime.%3$s, factory, %4$s);
                """.formatted(type, controller.routesName(), controller.lifetime(),
                controller.hasNoArgumentConstructor() ? type + "::new" : "null"));
        for (EndpointMethod endpoint : controller.endpoints()) {
            for (String httpMethod : endpoint.httpMethods()) {
                source.append(route(endpoint, httpMethod));
            }
        }
        source.append("    }\n}\n");
        return source.toString();
    }

    private static String route(EndpointMethod endpoint, String httpMethod) {
        String arguments = endpoint.parameters().stream().map(ParameterBinding::expression)
                .collect(Collectors.joining(",\n                    ", "\n                    ", ""));
        if (endpoint.parameters().isEmpty()) {
            arguments = "";
        }
        String call = "instances.get(context)." + endpoint.name() + "(" + arguments + ")";
        String body = endpoint.returnsVoid() ? call + ";\n            return null;" : "return " + call + ";";
        return """
                        // %s
                        routes.map(%s, %s, context -> {
                            %s
                        });
                """.formatted(endpoint.summary().isEmpty() ? endpoint.name() : endpoint.name() + ": " + endpoint.summary().replace("*/", "* /"),
                SourceText.quoted(httpMethod), SourceText.quoted(endpoint.template()), body);
    }
}
