package io.windhover.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The host on a loopback port: the JDK's HttpClient against it, and the fluent client over the socket. */
class SocketHostTest {

    @RegisterExtension
    static WindhoverTestHost host = WindhoverTestHost.of(GreetingApp::create).sockets();

    @Test
    void servesTheJdkClientOnALoopbackPort(HttpClient http, URI base) throws Exception {
        assertThat(base.toString()).startsWith("http://127.0.0.1:").doesNotEndWith(":0");
        var response = http.send(HttpRequest.newBuilder(base.resolve("/hello/ann")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("Hello, ann!");
    }

    @Test
    void theFluentClientGoesOverTheSocketToo(TestClient client) throws Exception {
        assertThat(client.get("/chunked").body()).isEqualTo("part 0;part 1;part 2;");
    }
}
