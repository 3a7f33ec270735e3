package io.windhover.web.openapi;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.core.util.PrimitiveType;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.windhover.web.EndpointDescription;
import io.windhover.web.ProblemDetails;
import io.windhover.web.routing.RouteTemplate;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI 3.1 document of an application's routes, in swagger-core's model and written by its
 * 3.1 serializer; the schemas of records and classes come from swagger-core's model resolver (as
 * Jackson sees the type, Bean Validation constraints as keywords), each once under
 * {@code components/schemas}. Route parameters come from the template, a constraint becoming the
 * schema's type or bound ({@code {id:int}}: integer, int32; {@code range(1,9)}: minimum and
 * maximum). An endpoint that binds anything may answer 400 with problem details, and says so.
 */
public final class OpenApiDocument {

    private static final String PROBLEM = "ProblemDetails";
    private static final String VALIDATION_PROBLEM = "HttpValidationProblemDetails";

    private final OpenAPI document;
    private final ModelConverters converters = ModelConverters.getInstance(true);

    private OpenApiDocument(String title, String version) {
        document = new OpenAPI(io.swagger.v3.oas.models.SpecVersion.V31).openapi("3.1.0")
                .info(new Info().title(title).version(version)).paths(new Paths()).components(new Components());
        document.getComponents().addSchemas(PROBLEM, problemSchema());
        document.getComponents().addSchemas(VALIDATION_PROBLEM, validationProblemSchema());
    }

    /** The document of {@code routes} as JSON. */
    public static byte[] write(String title, String version, List<DocumentedRoute> routes) {
        var builder = new OpenApiDocument(title, version);
        routes.forEach(builder::add);
        return Json31.pretty(builder.document).getBytes(StandardCharsets.UTF_8);
    }

    private void add(DocumentedRoute route) {
        RouteTemplate template = RouteTemplate.parse(route.template());
        EndpointDescription description = route.description();
        var operation = new Operation().operationId(description.name()).summary(description.summary()).description(description.description());
        description.tags().forEach(operation::addTagsItem);
        Map<String, EndpointDescription.Parameter> declared = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        description.parameters().forEach(parameter -> declared.put(parameter.in() + ":" + parameter.name(), parameter));
        for (RouteTemplate.Segment segment : template.segments()) {
            if (segment instanceof RouteTemplate.Parameter routeParameter) {
                EndpointDescription.Parameter typed = declared.remove("PATH:" + routeParameter.name());
                operation.addParametersItem(new Parameter().in("path").name(routeParameter.name()).required(true)
                        .schema(RouteParameterSchema.of(routeParameter, typed == null ? null : schemaOf(typed.type()))));
            }
        }
        for (EndpointDescription.Parameter parameter : declared.values()) {
            operation.addParametersItem(new Parameter().in(parameter.in().name().toLowerCase(Locale.ROOT)).name(parameter.name())
                    .required(parameter.required() ? true : null).schema(schemaOf(parameter.type())));
        }
        if (description.requestBody() != null) {
            operation.requestBody(new RequestBody().required(true).content(new Content().addMediaType(description.requestBody().contentType(),
                    new MediaType().schema(schemaOf(description.requestBody().type())))));
        }
        operation.responses(responses(description, operation));
        PathItem item = document.getPaths().computeIfAbsent(path(template), key -> new PathItem());
        item.operation(PathItem.HttpMethod.valueOf(route.method()), operation);
    }

    private ApiResponses responses(EndpointDescription description, Operation operation) {
        var responses = new ApiResponses();
        for (EndpointDescription.Response response : description.responses()) {
            var answer = new ApiResponse().description(response.description() != null ? response.description() : reason(response.status()));
            if (response.type() != null) {
                answer.content(new Content().addMediaType(response.contentType(), new MediaType().schema(
                        response.type() == ProblemDetails.class ? reference(PROBLEM) : schemaOf(response.type()))));
            }
            responses.addApiResponse(Integer.toString(response.status()), answer);
        }
        if (responses.isEmpty()) {
            responses.addApiResponse("200", new ApiResponse().description("OK"));
        }
        boolean binds = operation.getParameters() != null || operation.getRequestBody() != null;
        if (binds && !responses.containsKey("400")) {
            // A value that does not bind or validate is answered 400 with (validation) problem details.
            responses.addApiResponse("400", new ApiResponse().description("Bad Request").content(new Content()
                    .addMediaType("application/problem+json", new MediaType().schema(reference(VALIDATION_PROBLEM)))));
        }
        return responses;
    }

    /** The schema of {@code type}: inline for simple types, a reference into the components for records and classes. */
    private Schema<?> schemaOf(Type type) {
        // Simple types (numbers, boolean, String, UUID, BigDecimal) are swagger-core's primitives; the
        // resolver, asked for a reference, has no schema to give for them.
        PrimitiveType primitive = PrimitiveType.fromType(type);
        if (primitive != null) {
            return primitive.createProperty31();
        }
        ResolvedSchema resolved = converters.readAllAsResolvedSchema(new AnnotatedType(type).resolveAsRef(true));
        if (resolved == null || resolved.schema == null) {
            return new JsonSchema();
        }
        if (resolved.referencedSchemas != null) {
            resolved.referencedSchemas.forEach(document.getComponents()::addSchemas);
        }
        return resolved.schema;
    }

    /** The template as an OpenAPI path: {@code /todos/{id:int}} is {@code /todos/{id}}. */
    static String path(RouteTemplate template) {
        if (template.segments().isEmpty()) {
            return "/";
        }
        var path = new StringBuilder();
        for (RouteTemplate.Segment segment : template.segments()) {
            path.append('/');
            switch (segment) {
                case RouteTemplate.Literal literal -> path.append(literal.text());
                case RouteTemplate.Parameter parameter -> path.append('{').append(parameter.name()).append('}');
            }
        }
        return path.toString();
    }

    private static Schema<?> reference(String component) {
        return new JsonSchema().$ref("#/components/schemas/" + component);
    }

    /** RFC 9457's members. */
    private static Schema<?> problemSchema() {
        return new JsonSchema().types(java.util.Set.of("object"))
                .addProperty("type", new JsonSchema().types(java.util.Set.of("string")))
                .addProperty("title", new JsonSchema().types(java.util.Set.of("string")))
                .addProperty("status", new JsonSchema().types(java.util.Set.of("integer")).format("int32"))
                .addProperty("detail", new JsonSchema().types(java.util.Set.of("string")))
                .addProperty("instance", new JsonSchema().types(java.util.Set.of("string")));
    }

    /** ASP.NET Core's {@code HttpValidationProblemDetails}: problem details with the messages per JSON path. */
    private static Schema<?> validationProblemSchema() {
        Schema<?> messages = new JsonSchema().types(java.util.Set.of("array")).items(new JsonSchema().types(java.util.Set.of("string")));
        return problemSchema().addProperty("errors", new JsonSchema().types(java.util.Set.of("object")).additionalProperties(messages));
    }

    /** The status's reason phrase (RFC 9110 §15), as a response's description. */
    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            default -> ProblemDetails.of(status, null).title();
        };
    }
}
