package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI 3.1 document at /openapi/v1.json, fetched over loopback with the JDK's client and
 * checked by a real validator (swagger-parser), then read for what each route should say; and
 * Swagger UI's files from the WebJar at /swagger.
 */
class OpenApiTest {

    public record Todo(int id, String title, boolean done) {
    }

    public record TodoInput(@NotBlank @Size(max = 200) String title, boolean done) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private WebApplication app;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        app = WebApplication.create("--urls", "http://127.0.0.1:0");
        app.get("/todos", context -> List.of()).withMetadata(EndpointDescription.builder().name("listTodos").summary("Lists the todos")
                .tags("todos").query("done", Boolean.class).produces(200, new GenericType<List<Todo>>() { }.type()).build());
        app.get("/todos/{id:int}", context -> new Todo(1, "a", false)).withName("getTodo")
                .withSummary("Finds one todo").withTags("todos").produces(200, Todo.class).producesProblem(404);
        // Authorization and the description in one collection: neither disturbs the other.
        app.post("/todos", context -> Results.created("/todos/1", context.body(TodoInput.class))).requireAuthorization("todos:write")
                .withName("addTodo").withTags("todos").accepts(TodoInput.class).produces(201, Todo.class);
        app.get("/users/{id:guid}/orders/{page:range(1,100)=1}", context -> "orders");
        app.mapGroup("/admin").withTags("admin").post("/reset", context -> Results.noContent())
                .withMetadata(EndpointDescription.builder().header("X-Key", UUID.class).build()).produces(204, null).withTags("reset");
        app.get("/internal", context -> "hidden").excludeFromDescription();
        app.mapOpenApi();
        app.mapSwaggerUi();
        app.start();
    }

    @AfterEach
    void stop() {
        app.close();
        client.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(app.listeningUrls().getFirst() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static SwaggerParseResult validate(String document) {
        var options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(document, null, options);
    }

    @Test
    void theDocumentIsValidOpenApi31() throws Exception {
        var response = get("/openapi/v1.json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        SwaggerParseResult result = validate(response.body());
        assertThat(result.getMessages()).as(response.body()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(result.getOpenAPI().getPaths()).containsOnlyKeys("/todos", "/todos/{id}", "/users/{id}/orders/{page}", "/admin/reset");
    }

    @Test
    void theValidatorRefusesABrokenDocument() throws Exception {
        var document = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(get("/openapi/v1.json").body());
        document.remove("info");
        ((com.fasterxml.jackson.databind.node.ObjectNode) document.at("/paths/~1todos~1{id}/get")).put("responses", "none");
        assertThat(validate(JSON.writeValueAsString(document)).getMessages())
                .anySatisfy(message -> assertThat(message).contains("info"))
                .anySatisfy(message -> assertThat(message).contains("responses"));
    }

    @Test
    void describesParametersBodiesAndResponses() throws Exception {
        JsonNode document = JSON.readTree(get("/openapi/v1.json").body());
        JsonNode getTodo = document.at("/paths/~1todos~1{id}/get");
        assertThat(getTodo.get("operationId").asText()).isEqualTo("getTodo");
        assertThat(getTodo.get("summary").asText()).isEqualTo("Finds one todo");
        assertThat(getTodo.get("tags").toString()).isEqualTo("[\"todos\"]");
        assertThat(getTodo.at("/parameters/0").toString())
                .isEqualTo("{\"name\":\"id\",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"integer\",\"format\":\"int32\"}}");
        assertThat(getTodo.at("/responses/200/content/application~1json/schema/$ref").asText()).isEqualTo("#/components/schemas/Todo");
        assertThat(getTodo.at("/responses/404/content/application~1problem+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/ProblemDetails");
        assertThat(getTodo.at("/responses/400/content/application~1problem+json/schema/$ref").asText())
                .as("a route value can fail to bind").isEqualTo("#/components/schemas/HttpValidationProblemDetails");

        JsonNode orders = document.at("/paths/~1users~1{id}~1orders~1{page}/get");
        assertThat(orders.at("/parameters/0/schema").toString()).isEqualTo("{\"type\":\"string\",\"format\":\"uuid\"}");
        assertThat(orders.at("/parameters/1/schema/minimum").asInt()).isEqualTo(1);
        assertThat(orders.at("/parameters/1/schema/maximum").asInt()).isEqualTo(100);
        assertThat(orders.at("/parameters/1/schema/default").asText()).isEqualTo("1");
        assertThat(orders.at("/responses/200/description").asText()).isEqualTo("OK");

        JsonNode list = document.at("/paths/~1todos/get");
        assertThat(list.at("/parameters/0/name").asText()).isEqualTo("done");
        assertThat(list.at("/parameters/0/in").asText()).isEqualTo("query");
        assertThat(list.at("/parameters/0/schema/type").asText()).isEqualTo("boolean");
        assertThat(list.at("/responses/200/content/application~1json/schema/type").asText()).isEqualTo("array");
        assertThat(list.at("/responses/200/content/application~1json/schema/items/$ref").asText()).isEqualTo("#/components/schemas/Todo");

        JsonNode add = document.at("/paths/~1todos/post");
        assertThat(add.at("/requestBody/content/application~1json/schema/$ref").asText()).isEqualTo("#/components/schemas/TodoInput");
        assertThat(add.at("/responses/201/description").asText()).isEqualTo("Created");
        JsonNode input = document.at("/components/schemas/TodoInput");
        assertThat(input.at("/properties/title/maxLength").asInt()).as("@Size(max = 200)").isEqualTo(200);
        assertThat(input.at("/required").toString()).as("@NotBlank: required (blankness itself has no keyword)").isEqualTo("[\"title\"]");
        assertThat(input.at("/properties/done/type").asText()).isEqualTo("boolean");
        assertThat(document.at("/components/schemas/Todo/properties/id/format").asText()).isEqualTo("int32");

        JsonNode reset = document.at("/paths/~1admin~1reset/post");
        assertThat(reset.at("/parameters/0/in").asText()).isEqualTo("header");
        assertThat(reset.at("/parameters/0/schema/format").asText()).isEqualTo("uuid");
        assertThat(reset.at("/responses/204/content").isMissingNode()).isTrue();
        assertThat(reset.get("tags").toString()).as("the group's tag, then the route's").isEqualTo("[\"admin\",\"reset\"]");
        assertThat(document.at("/info/title").asText()).endsWith(" | v1");
    }

    @Test
    void servesSwaggerUiFromTheWebJarPointedAtTheDocument() throws Exception {
        var redirect = get("/swagger");
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValue("/swagger/index.html");
        var index = get("/swagger/index.html");
        assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(index.body()).contains("<script src=\"swagger-ui-bundle.js\"></script>", "<div id=\"swagger-ui\"></div>");
        assertThat(get("/swagger/swagger-initializer.js").body()).contains("url: \"/openapi/v1.json\"");
        var bundle = get("/swagger/swagger-ui-bundle.js");
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(bundle.body().length()).as("the WebJar's bundle").isGreaterThan(100_000);
        assertThat(get("/swagger/swagger-ui.css").statusCode()).isEqualTo(200);
        assertThat(get("/swagger/no-such-file.js").statusCode()).isEqualTo(404);
        assertThat(get("/swagger/..%2F..%2Fpom.properties").statusCode()).as("nothing outside the WebJar's folder").isEqualTo(404);
    }
}
