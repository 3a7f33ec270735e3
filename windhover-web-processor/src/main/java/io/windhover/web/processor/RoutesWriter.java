package io.windhover.web.processor;

import java.util.stream.Collectors;

/**
 * The source of a controller's routes class: one {@code routes.map(method, template, endpoint)}
 * per HTTP method of each endpoint method, whose lambda binds the parameters from the request's
 * context and calls the method on the instance for the request, followed by the conventions a
 * minimal-API route would chain: {@code withMetadata} with its {@code EndpointDescription} for the
 * OpenAPI document, and {@code requireAuthorization}/{@code allowAnonymous} for its
 * {@code @Authorize}/{@code @AllowAnonymous}. What the method returns goes back to endpoint
 * routing, which writes it as it writes a minimal-API endpoint's return value.
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
        String tag = controller.element().getSimpleName().toString().replaceFirst("Controller$", "");
        for (EndpointMethod endpoint : controller.endpoints()) {
            for (String httpMethod : endpoint.httpMethods()) {
                String operation = controller.element().getSimpleName() + "." + endpoint.name()
                        + (endpoint.httpMethods().size() > 1 ? "." + httpMethod.toLowerCase(java.util.Locale.ROOT) : "");
                source.append(route(endpoint, httpMethod, description(endpoint, operation, tag.isEmpty() ? controller.routesName() : tag)));
            }
        }
        source.append("    }\n}\n");
        return source.toString();
    }

    /** The {@code EndpointDescription} expression the OpenAPI document reads: names, summary, parameters, body, response. */
    static String description(EndpointMethod endpoint, String operation, String tag) {
        String next = "\n                        ";
        var metadata = new StringBuilder("io.windhover.web.EndpointDescription.builder()")
                .append(".name(").append(SourceText.quoted(operation)).append(")")
                .append(".tags(").append(SourceText.quoted(tag)).append(")");
        if (!endpoint.summary().isEmpty()) {
            metadata.append(next).append(".summary(").append(SourceText.quoted(endpoint.summary())).append(")");
        }
        for (ParameterBinding parameter : endpoint.parameters()) {
            String type = parameter.type() + ".class";
            String name = SourceText.quoted(parameter.name());
            switch (parameter.source()) {
                case ROUTE -> metadata.append(next).append(".parameter(new io.windhover.web.EndpointDescription.Parameter(").append(name)
                        .append(", io.windhover.web.EndpointDescription.Location.PATH, ").append(type).append(", true))");
                case QUERY -> metadata.append(next).append(".query(").append(name).append(", ").append(type).append(")");
                case HEADER -> metadata.append(next).append(".header(").append(name).append(", ").append(type).append(")");
                case BODY -> metadata.append(next).append(".accepts(").append(type).append(")");
                case FORM -> metadata.append(next).append(".accepts(").append(type).append(", \"application/x-www-form-urlencoded\")");
                case FORM_FIELD, FORM_FILE, CONTEXT -> { } // a form read field by field, or the context: no one type describes it
            }
        }
        for (EndpointMethod.ResponseDescription response : endpoint.responses()) {
            if (response.problem()) {
                metadata.append(next).append(".producesProblem(").append(response.status()).append(")");
            } else if (response.typeExpression() == null) {
                metadata.append(next).append(".produces(").append(response.status()).append(", null, null)");
            } else {
                metadata.append(next).append(".produces(").append(response.status()).append(", ").append(response.typeExpression())
                        .append(", ").append(SourceText.quoted(response.contentType())).append(")");
            }
        }
        return metadata.append(".build()").toString();
    }

    private static String route(EndpointMethod endpoint, String httpMethod, String description) {
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
                        }).withMetadata(%s)%s;
                """.formatted(endpoint.summary().isEmpty() ? endpoint.name() : endpoint.name() + ": " + endpoint.summary().replace("*/", "* /"),
                SourceText.quoted(httpMethod), SourceText.quoted(endpoint.template()), body, description,
                endpoint.authorization().conventions("\n                                "));
    }
}
