package io.windhover.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A response the test client received, whole: status, fields (names ignoring case) and the body,
 * decoded from its chunks when it came chunked.
 *
 * <pre>{@code
 * TestResponse response = client.get("/todos/1");
 * assertThat(response.status()).isEqualTo(200);
 * Todo todo = response.json(Todo.class);
 * }</pre>
 */
public final class TestResponse {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final Map<String, List<String>> fields;
    private final byte[] body;

    TestResponse(int status, Map<String, List<String>> fields, byte[] body) {
        this.status = status;
        this.fields = fields;
        this.body = body;
    }

    public int status() {
        return status;
    }

    /** The first value of the field {@code name}, or null. */
    public String header(String name) {
        List<String> values = fields.get(name);
        return values == null ? null : values.getFirst();
    }

    /** Every value of the field {@code name}, in order; empty when absent. */
    public List<String> headers(String name) {
        return List.copyOf(fields.getOrDefault(name, List.of()));
    }

    /** The body as UTF-8 text. */
    public String body() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public byte[] bytes() {
        return body.clone();
    }

    /** The body read as JSON into {@code type} (Jackson's defaults). */
    public <T> T json(Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException("the body is not JSON for " + type.getName() + ": " + body(), e);
        }
    }

    /** The body as a JSON tree. */
    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("the body is not JSON: " + body(), e);
        }
    }

    @Override
    public String toString() {
        return status + " " + fields + " " + body();
    }
}
