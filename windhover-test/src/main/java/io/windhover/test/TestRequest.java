package io.windhover.test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A request being written: fields, then a body (text, JSON or a form), then {@link #send()}.
 * Sent on a connection of its own that closes after the response. Not thread-safe.
 *
 * <pre>{@code
 * TestResponse created = client.request("POST", "/todos").header("X-Trace", "t1").json(new NewTodo("milk")).send();
 * }</pre>
 */
public final class TestRequest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestClient client;
    private final String method;
    private final String target;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private byte[] body;

    TestRequest(TestClient client, String method, String target) {
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("a request target starts with '/': " + target);
        }
        this.client = client;
        this.method = method;
        this.target = target;
    }

    /** Sets the field {@code name}. */
    public TestRequest header(String name, String value) {
        if (name.isBlank() || (name + value).chars().anyMatch(c -> c == '\r' || c == '\n')) {
            throw new IllegalArgumentException("a field's name and value have no line breaks: " + name);
        }
        fields.put(name, value);
        return this;
    }

    /** {@code text} as the body, UTF-8, with {@code contentType}. */
    public TestRequest body(String text, String contentType) {
        return body(text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    public TestRequest body(byte[] bytes, String contentType) {
        this.body = bytes.clone();
        return header("Content-Type", contentType);
    }

    /** {@code value} as a JSON body: a String is sent as it is (already JSON), anything else serialised by Jackson. */
    public TestRequest json(Object value) {
        try {
            return body(value instanceof String text ? text : JSON.writeValueAsString(value), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value + " as JSON: " + e.getMessage(), e);
        }
    }

    /** {@code fields} as an {@code application/x-www-form-urlencoded} body. */
    public TestRequest form(Map<String, String> formFields) {
        var text = new StringJoiner("&");
        formFields.forEach((name, value) -> text.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body(text.toString(), "application/x-www-form-urlencoded");
    }

    /** Sends it and reads the whole response. */
    public TestResponse send() throws Exception {
        var head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: localhost\r\nConnection: close\r\n");
        fields.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        var request = new ByteArrayOutputStream();
        request.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            request.writeBytes(body);
        }
        return Http1ResponseReader.read(client.connector().exchange(request.toByteArray()), method.equals("HEAD"));
    }
}
