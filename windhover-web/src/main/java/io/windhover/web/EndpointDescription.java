package io.windhover.web;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an endpoint's OpenAPI operation says beyond its method and template: ASP.NET Core's
 * {@code WithName}, {@code WithSummary}, {@code WithDescription}, {@code WithTags}, {@code Accepts}
 * and {@code Produces}, as one item of the endpoint's {@link EndpointMetadataCollection}. Route
 * parameters need no declaring: the template gives them, their constraints included
 * ({@code {id:int}} is an integer). A minimal-API route gets descriptions from the conventions on
 * what mapping returns ({@link RouteHandlerBuilder#withName}, {@link RouteHandlerBuilder#produces},
 * ...), each adding one; a controller gets one from the annotation processor (the method's name,
 * its Javadoc's first sentence, its parameters and return type or {@code @Produces}). The document
 * reads them all together ({@link #of(EndpointMetadataCollection)}).
 *
 * <pre>{@code
 * app.get("/todos/{id:int}", context -> store.find(context.route("id", int.class)))
 *         .withName("getTodo").withSummary("Finds one todo").withTags("todos")
 *         .produces(200, Todo.class).producesProblem(404);
 * app.get("/todos", list).withMetadata(EndpointDescription.builder().query("done", boolean.class).build());
 * }</pre>
 *
 * @param name the operation's id, unique in the document; null for none
 * @param summary one line; null for none
 * @param description more; null for none
 * @param tags groups the operation is listed under
 * @param parameters query, header and (typed) route parameters
 * @param requestBody the JSON or form body it reads, or null
 * @param responses what it answers; none means a plain 200
 */
public record EndpointDescription(String name, String summary, String description, List<String> tags,
        List<Parameter> parameters, RequestBody requestBody, List<Response> responses) {

    /** Where a parameter is read, by OpenAPI's names. */
    public enum Location { PATH, QUERY, HEADER }

    /**
     * A parameter.
     *
     * @param type its Java type ({@code int.class}, {@code UUID.class}, an enum)
     */
    public record Parameter(String name, Location in, Type type, boolean required) {
        public Parameter {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(in, "in");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * A request body.
     *
     * @param type the record or class it binds to
     * @param contentType {@code application/json}, or a form's type
     */
    public record RequestBody(Type type, String contentType) {
        public RequestBody {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(contentType, "contentType");
        }
    }

    /**
     * A response.
     *
     * @param type the body's Java type, or null for none (or one not described)
     * @param contentType the body's media type, or null with no body
     */
    public record Response(int status, Type type, String contentType, String description) {
    }

    public EndpointDescription {
        tags = List.copyOf(tags);
        parameters = List.copyOf(parameters);
        responses = List.copyOf(responses);
    }

    /**
     * What every description among {@code metadata} says, in order: the last name, summary,
     * description and request body given win (the most specific, as ASP.NET Core's
     * {@code GetMetadata<T>}); tags, parameters and responses add up, a tag named twice listed once.
     * With none, an empty description: the template and the method alone describe the endpoint.
     */
    public static EndpointDescription of(EndpointMetadataCollection metadata) {
        List<EndpointDescription> descriptions = metadata.all(EndpointDescription.class);
        if (descriptions.size() == 1) {
            return descriptions.getFirst();
        }
        var combined = builder();
        for (EndpointDescription each : descriptions) {
            combined.name = each.name != null ? each.name : combined.name;
            combined.summary = each.summary != null ? each.summary : combined.summary;
            combined.description = each.description != null ? each.description : combined.description;
            combined.requestBody = each.requestBody != null ? each.requestBody : combined.requestBody;
            each.tags.stream().filter(tag -> !combined.tags.contains(tag)).forEach(combined.tags::add);
            combined.parameters.addAll(each.parameters);
            combined.responses.addAll(each.responses);
        }
        return combined.build();
    }

    /** An empty description, to which the builder's methods add. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a description; every method adds to what is there (a name, summary or body replaces
     * the one before). Not thread-safe.
     */
    public static final class Builder {
        private String name;
        private String summary;
        private String description;
        private final List<String> tags = new ArrayList<>();
        private final List<Parameter> parameters = new ArrayList<>();
        private RequestBody requestBody;
        private final List<Response> responses = new ArrayList<>();

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder summary(String summary) {
            this.summary = summary;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder tags(String... tags) {
            this.tags.addAll(List.of(tags));
            return this;
        }

        /** A query parameter of {@code type}, optional. */
        public Builder query(String name, Type type) {
            return parameter(new Parameter(name, Location.QUERY, type, false));
        }

        /** A header field of {@code type}, optional. */
        public Builder header(String name, Type type) {
            return parameter(new Parameter(name, Location.HEADER, type, false));
        }

        public Builder parameter(Parameter parameter) {
            parameters.add(Objects.requireNonNull(parameter, "parameter"));
            return this;
        }

        /** A JSON body bound to {@code type}. */
        public Builder accepts(Type type) {
            return accepts(type, "application/json");
        }

        public Builder accepts(Type type, String contentType) {
            this.requestBody = new RequestBody(type, contentType);
            return this;
        }

        /** A JSON response of {@code type} with {@code status}. */
        public Builder produces(int status, Type type) {
            return produces(status, type, "application/json");
        }

        /** A response of {@code type} in {@code contentType}; a null type for one without a body. */
        public Builder produces(int status, Type type, String contentType) {
            responses.add(new Response(status, type, type == null ? null : contentType, null));
            return this;
        }

        /** A problem-details response ({@code application/problem+json}, RFC 9457) with {@code status}. */
        public Builder producesProblem(int status) {
            responses.add(new Response(status, ProblemDetails.class, "application/problem+json", null));
            return this;
        }

        public EndpointDescription build() {
            return new EndpointDescription(name, summary, description, tags, parameters, requestBody, responses);
        }
    }
}
