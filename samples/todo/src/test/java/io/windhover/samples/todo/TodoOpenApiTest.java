package io.windhover.samples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.windhover.web.WebApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample's OpenAPI document, fetched over loopback, is valid OpenAPI 3.1 for a real validator
 * (swagger-parser) and describes both halves of the API: the controller's operations with their
 * Javadoc summaries, and the attachments' minimal-API routes with the metadata given with them.
 */
class TodoOpenApiTest {

    @TempDir
    Path attachments;

    private static java.util.List<String> names(JsonNode object) {
        var names = new java.util.ArrayList<String>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void documentsTheControllerAndTheMinimalApiRoutes() throws Exception {
        try (WebApplication app = TodoApp.create("--urls", "http://127.0.0.1:0", "--content-root", Path.of("").toAbsolutePath().toString(),
                "--ConnectionStrings:Todos=jdbc:sqlite::memory:", "--Todo:AttachmentsPath=" + attachments);
                var client = HttpClient.newHttpClient()) {
            app.start();
            String body = client.send(HttpRequest.newBuilder(URI.create(app.listeningUrls().getFirst() + "/openapi/v1.json")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            var options = new ParseOptions();
            options.setResolve(true);
            var result = new OpenAPIV3Parser().readContents(body, null, options);
            assertThat(result.getMessages()).as(body).isEmpty();
            assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");

            JsonNode document = new ObjectMapper().readTree(body);
            assertThat(document.at("/info/title").asText()).isEqualTo("todo | v1");
            assertThat(names(document.at("/paths"))).containsExactlyInAnyOrder("/healthz", "/todos", "/todos/{id}",
                    "/todos/events", "/todos/{id}/attachments", "/todos/{id}/attachments/{name}");
            assertThat(document.at("/paths/~1todos~1events/get/responses/200/content/text~1event-stream").isMissingNode())
                    .as("the event stream's type").isFalse();
            JsonNode find = document.at("/paths/~1todos~1{id}/get");
            assertThat(find.get("operationId").asText()).isEqualTo("TodoController.find");
            assertThat(find.get("summary").asText()).as("the Javadoc's first sentence").isEqualTo("Finds one todo by its id.");
            assertThat(find.at("/parameters/0/schema/type").asText()).isEqualTo("integer");
            assertThat(names(find.at("/responses"))).as("@Produces, @ProducesProblem, and 400 for the route value")
                    .containsExactlyInAnyOrder("200", "404", "400");
            assertThat(find.at("/responses/200/content/application~1json/schema/$ref").asText()).isEqualTo("#/components/schemas/Todo");
            assertThat(document.at("/paths/~1todos/post/responses/201/content/application~1json/schema/$ref").asText())
                    .isEqualTo("#/components/schemas/Todo");
            assertThat(document.at("/paths/~1todos~1{id}/delete/responses/204/content").isMissingNode()).isTrue();
            JsonNode list = document.at("/paths/~1todos/get");
            assertThat(list.at("/parameters/0/name").asText()).isEqualTo("done");
            assertThat(list.at("/responses/200/content/application~1json/schema/items/$ref").asText())
                    .isEqualTo("#/components/schemas/Todo");
            JsonNode add = document.at("/paths/~1todos/post");
            assertThat(add.at("/requestBody/content/application~1json/schema/$ref").asText()).isEqualTo("#/components/schemas/TodoInput");
            assertThat(document.at("/components/schemas/TodoInput/properties/title/maxLength").asInt()).isEqualTo(200);
            JsonNode upload = document.at("/paths/~1todos~1{id}~1attachments/post");
            assertThat(upload.get("operationId").asText()).isEqualTo("addAttachment");
            assertThat(names(upload.at("/responses"))).containsExactlyInAnyOrder("201", "400", "404", "413");
            assertThat(upload.at("/responses/413/content/application~1problem+json/schema/$ref").asText())
                    .isEqualTo("#/components/schemas/ProblemDetails");
            assertThat(names(document.at("/paths/~1todos~1{id}~1attachments~1{name}"))).containsExactlyInAnyOrder("get", "delete");
        }
    }
}
