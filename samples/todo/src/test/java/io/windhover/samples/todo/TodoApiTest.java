package io.windhover.samples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.test.Setting;
import io.windhover.test.TestClient;
import io.windhover.test.TestResponse;
import io.windhover.test.WindhoverTestHost;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample's API through the test host (windhover-test): TodoApp's own create method, in memory,
 * a fresh in-memory database per test, settings per test method. (TodoAppTest drives it over
 * sockets, plain and TLS, with the JDK's client.)
 */
class TodoApiTest {

    @TempDir
    static Path attachments;

    @RegisterExtension
    WindhoverTestHost host = WindhoverTestHost.of(TodoApp::create)
            .setting("ConnectionStrings:Todos", "jdbc:sqlite::memory:")
            .setting("Todo:AttachmentsPath", attachments.toString())
            .contentRoot(Path.of("")); // Maven runs tests in the module's folder, where wwwroot is

    @Test
    void addsFindsAndFiltersTodos(TestClient client) throws Exception {
        TestResponse created = client.post("/todos", new TodoApp.TodoInput("buy milk", false));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/todos/1");
        assertThat(client.get("/todos/1").json(TodoApp.Todo.class).title()).isEqualTo("buy milk");
        client.post("/todos", new TodoApp.TodoInput("write tests", true));
        assertThat(client.get("/todos?done=true").json().findValuesAsText("title")).containsExactly("write tests");
        assertThat(client.get("/todos/9").status()).isEqualTo(404);
        assertThat(client.post("/todos", "{\"title\": \"  \"}").json().at("/errors/title/0").asText()).isEqualTo("must not be blank");
    }

    @Test
    void refusesBadInputWithProblemDetails(TestClient client) throws Exception {
        for (String body : new String[] {"{\"done\":false}", "{\"title\":\"  \"}", "{\"title\":", "[1]", "\"buy milk\"",
                "{\"title\":5}", "{\"title\":\"a\"}{\"title\":\"b\"}"}) {
            TestResponse refused = client.post("/todos", body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.header("content-type")).as(body).isEqualTo("application/problem+json");
            assertThat(refused.body()).as("production names no Java class: " + body).doesNotContain("io.windhover")
                    .doesNotContain("TodoInput").doesNotContain("`");
        }
        assertThat(client.post("/todos", "[1]").body()).contains("the body must be an object");
        assertThat(client.request("POST", "/todos").send().body()).contains("the request has no body");
        assertThat(client.get("/todos/abc").status()).isEqualTo(404);
    }

    @Test
    void servesThePageAndTheHealthCheck(TestClient client) throws Exception {
        TestResponse page = client.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("content-type")).isEqualTo("text/html; charset=utf-8");
        assertThat(page.body()).contains("<title>Todos</title>").contains("fetch('/todos')");
        TestResponse health = client.get("/healthz");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"Healthy\",\"checks\":{\"store\":\"Healthy\"}}");
    }

    @Test
    @Setting(key = "Todo:MaxAttachmentBytes", value = "4")
    void refusesAnAttachmentOverThisTestsLimit(TestClient client) throws Exception {
        client.post("/todos", new TodoApp.TodoInput("a", false));
        String form = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.txt\"\r\n\r\n%s\r\n--b--\r\n";
        TestResponse fits = client.request("POST", "/todos/1/attachments").body(form.formatted("four"), "multipart/form-data; boundary=b").send();
        assertThat(fits.status()).isEqualTo(201);
        TestResponse over = client.request("POST", "/todos/1/attachments").body(form.formatted("five!"), "multipart/form-data; boundary=b").send();
        assertThat(over.status()).as("one byte over Todo:MaxAttachmentBytes").isEqualTo(413);
        assertThat(over.header("Content-Type")).isEqualTo("application/problem+json");
    }
}
