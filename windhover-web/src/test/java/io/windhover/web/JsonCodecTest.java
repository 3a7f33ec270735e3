package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** An application's own JsonCodec in place of Jackson, for results, bodies and problem details alike. */
@ParameterizedClass
@EnumSource(TestHost.Kind.class)
class JsonCodecTest {

    public record Greeting(String to) {
    }

    /** Writes every value as {@code <json>VALUE</json>} and reads a body as the text it holds. */
    private static final class TaggingCodec implements JsonCodec {
        @Override
        public byte[] write(Object value) {
            return ("<json>" + value + "</json>").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T read(InputStream body, Class<T> type) throws IOException {
            String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            if (text.startsWith("!")) {
                throw new IOException("the codec refuses '!' at column 1");
            }
            return (T) new Greeting(text);
        }
    }

    @Parameter
    TestHost.Kind kind;

    private TestHost host;

    @BeforeEach
    void start() throws Exception {
        var app = WebApplication.create().server(server -> server.shutdownTimeout(Duration.ofSeconds(1)))
                .json(new TaggingCodec());
        app.get("/value", context -> Map.of("a", 1));
        app.post("/greet", context -> context.body(Greeting.class).to());
        host = TestHost.start(kind, app);
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
    }

    private String send(String request) throws Exception {
        return new String(host.exchange(request.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private String greet(String body) throws Exception {
        return send("POST /greet HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body);
    }

    @Test
    void writesResultsWithTheApplicationsCodec() throws Exception {
        assertThat(send("GET /value HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200 ")
                .contains("Content-Type: application/json\r\n").endsWith("\r\n\r\n<json>{a=1}</json>");
    }

    @Test
    void readsBodiesWithTheApplicationsCodec() throws Exception {
        assertThat(greet("world")).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\nworld");
    }

    @Test
    void answersTheCodecsRefusalWith400ProblemDetailsItWritesToo() throws Exception {
        String refused = greet("!world");
        assertThat(refused).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Content-Type: application/problem+json\r\n")
                .contains("<json>").contains("the codec refuses '!' at column 1");
    }
}
