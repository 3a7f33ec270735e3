package io.windhover.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.web.WebApplication;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The host in a static field: one application for the class, in memory, and the fluent client against it. */
class InMemoryHostTest {

    @RegisterExtension
    static WindhoverTestHost host = WindhoverTestHost.of(GreetingApp::create).setting("Greeting:Word", "Hi");

    @Test
    void getsTextWithTheHostsSetting(TestClient client) throws Exception {
        TestResponse response = client.get("/hello/ann");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(response.body()).isEqualTo("Hi, ann!");
    }

    @Test
    void postsJsonAndReadsJsonBack(TestClient client) throws Exception {
        TestResponse created = client.post("/greetings", new GreetingApp.Greeting("hey", "bo"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/greetings/1");
        assertThat(created.json(GreetingApp.Greeting.class)).isEqualTo(new GreetingApp.Greeting("hey", "bo"));

        TestResponse invalid = client.post("/greetings", "{\"word\": \" \"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(invalid.json().at("/errors/word/0").asText()).isEqualTo("must not be blank");
    }

    @Test
    void decodesAChunkedBodyAndSendsForms(TestClient client) throws Exception {
        TestResponse chunked = client.get("/chunked");
        assertThat(chunked.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(chunked.body()).isEqualTo("part 0;part 1;part 2;");
        assertThat(client.request("POST", "/form").form(Map.of("name", "a b&c")).send().body()).isEqualTo("a b&c");
        TestResponse head = client.request("HEAD", "/hello/ann").send();
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(client.get("/nowhere").status()).isEqualTo(404);
    }

    @Test
    void handsTheApplicationAndRefusesAPortInMemory(WebApplication app) {
        assertThat(app).isSameAs(host.application());
        assertThat(app.listeningUrls()).containsExactly("http://127.0.0.1:80");
        assertThatThrownBy(host::httpClient).isInstanceOf(IllegalStateException.class)
                .hasMessage("an HttpClient needs a port: make the host with .sockets()");
    }
}
