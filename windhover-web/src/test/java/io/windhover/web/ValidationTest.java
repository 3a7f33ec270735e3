package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bean Validation of bound bodies, forms and records through the whole server, over a socket and
 * in memory: ASP.NET Core's ValidationProblemDetails, JSON paths as keys, and the per-route opt-out.
 */
@ParameterizedClass
@EnumSource(TestHost.Kind.class)
class ValidationTest {

    public record Tag(@NotBlank String name) {
    }

    public record NewTodo(@NotBlank @Size(max = 20) String title, List<@Valid Tag> tags, List<@Size(min = 2) String> labels) {
    }

    public record Page(@Min(1) @Max(100) int size) {
    }

    public record Profile(@com.fasterxml.jackson.annotation.JsonProperty("display_name") @NotBlank String displayName,
            List<@Valid Tag> tags) {
    }

    public record Plain(String title) {
    }

    public record Filter(int list, Boolean done, @Min(1) @Max(100) Integer pageSize, List<String> tag) {
    }

    @Parameter
    TestHost.Kind kind;

    private TestHost host;

    @BeforeEach
    void start() throws Exception {
        var app = WebApplication.create().server(server -> server.shutdownTimeout(Duration.ofSeconds(1)));
        app.post("/todos", context -> context.body(NewTodo.class));
        app.post("/profiles", context -> context.body(Profile.class));
        app.post("/form", context -> context.form(NewTodo.class));
        app.post("/drafts", Endpoint.withoutValidation(context -> context.body(NewTodo.class)));
        app.get("/page", context -> context.validated(new Page(context.query("size", int.class))));
        app.get("/lists/{list:int}/todos", context -> context.parameters(Filter.class));
        host = TestHost.start(kind, app);
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
    }

    private String post(String target, String contentType, String body) throws Exception {
        return host.post(target, contentType, body);
    }

    private static void assertValidationProblem(String response, String errors) {
        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("\r\nContent-Type: application/problem+json\r\n")
                .endsWith("\r\n\r\n{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.1\","
                        + "\"title\":\"One or more validation errors occurred.\",\"status\":400,\"errors\":" + errors + "}");
    }

    @Test
    void aBlankTitleIsTheValidationProblemOfAspNetCore() throws Exception {
        assertValidationProblem(post("/todos", "application/json", "{\"title\":\" \"}"), "{\"title\":[\"must not be blank\"]}");
    }

    @Test
    void keysAreJsonPathsIntoNestedObjectsAndLists() throws Exception {
        String body = "{\"title\":\"" + "x".repeat(21) + "\",\"tags\":[{\"name\":\"ok\"},{\"name\":\"\"}],\"labels\":[\"ok\",\"x\"]}";
        assertValidationProblem(post("/todos", "application/json", body), "{\"labels[1]\":[\"size must be between 2 and 2147483647\"],"
                + "\"tags[1].name\":[\"must not be blank\"],\"title\":[\"size must be between 0 and 20\"]}");
    }

    @Test
    void keysAreTheNamesTheJsonUsesNotTheJavaOnes() throws Exception {
        assertValidationProblem(post("/profiles", "application/json", "{\"display_name\":\"\",\"tags\":[{\"name\":\" \"}]}"),
                "{\"display_name\":[\"must not be blank\"],\"tags[0].name\":[\"must not be blank\"]}");
    }

    @Test
    void aValidBodyPasses() throws Exception {
        assertThat(post("/todos", "application/json", "{\"title\":\"milk\",\"tags\":[{\"name\":\"shop\"}]}"))
                .startsWith("HTTP/1.1 200 OK\r\n").endsWith("{\"title\":\"milk\",\"tags\":[{\"name\":\"shop\"}],\"labels\":null}");
    }

    @Test
    void validatesBoundForms() throws Exception {
        assertValidationProblem(post("/form", "application/x-www-form-urlencoded", "title=&labels=a"),
                "{\"labels[0]\":[\"size must be between 2 and 2147483647\"],\"title\":[\"must not be blank\"]}");
    }

    @Test
    void validatesRecordsTheEndpointMakes() throws Exception {
        String response = host.send("GET /page?size=101 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertValidationProblem(response, "{\"size\":[\"must be less than or equal to 100\"]}");
    }

    @Test
    void bindsAndValidatesARecordOfRouteAndQueryParameters() throws Exception {
        assertThat(host.send("GET /lists/7/todos?done=true&pageSize=20&tag=a&tag=b HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 OK\r\n").endsWith("{\"list\":7,\"done\":true,\"pageSize\":20,\"tag\":[\"a\",\"b\"]}");
        assertThat(host.send("GET /lists/7/todos HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                .endsWith("{\"list\":7,\"done\":null,\"pageSize\":null,\"tag\":[]}");
        assertValidationProblem(host.send("GET /lists/7/todos?pageSize=0 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
                "{\"pageSize\":[\"must be greater than or equal to 1\"]}");
        assertThat(host.send("GET /lists/7/todos?done=maybe HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400 Bad Request\r\n").contains("\"detail\":\"'done': 'maybe' is not a valid Boolean\"");
    }

    @Test
    void aRouteMayTurnValidationOff() throws Exception {
        assertThat(post("/drafts", "application/json", "{\"title\":\"\"}")).startsWith("HTTP/1.1 200 OK\r\n")
                .endsWith("{\"title\":\"\",\"tags\":null,\"labels\":null}");
    }

    @Test
    void aTypeWithoutConstraintsIsNeverValidated() {
        var validation = new BeanValidation();
        assertThat(validation.isConstrained(Plain.class)).isFalse();
        assertThat(validation.isConstrained(String.class)).isFalse();
        assertThat(validation.isConstrained(NewTodo.class)).isTrue();
        assertThat(validation.isConstrained(Page.class)).isTrue();
    }
}
