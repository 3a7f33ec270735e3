package io.windhover.test;

import java.util.Locale;

/**
 * The test's client of the application under test: small and fluent, each request on a connection
 * of its own through the host's transport (in memory by default). Thread-safe: requests may be
 * sent from several threads.
 *
 * <pre>{@code
 * assertThat(client.get("/healthz").status()).isEqualTo(200);
 * TestResponse created = client.post("/todos", "{\"title\": \"milk\"}");
 * TestResponse renamed = client.request("PUT", "/todos/1").json(new TodoInput("bread", false)).send();
 * }</pre>
 */
public final class TestClient {

    private final Connector connector;

    TestClient(Connector connector) {
        this.connector = connector;
    }

    Connector connector() {
        return connector;
    }

    /** A request to build: {@code method} (upper case) on {@code target}, a path with its query. */
    public TestRequest request(String method, String target) {
        return new TestRequest(this, method.toUpperCase(Locale.ROOT), target);
    }

    public TestResponse get(String target) throws Exception {
        return request("GET", target).send();
    }

    public TestResponse delete(String target) throws Exception {
        return request("DELETE", target).send();
    }

    /** A POST of {@code json}: a String as it is, anything else serialised. */
    public TestResponse post(String target, Object json) throws Exception {
        return request("POST", target).json(json).send();
    }

    /** A PUT of {@code json}: a String as it is, anything else serialised. */
    public TestResponse put(String target, Object json) throws Exception {
        return request("PUT", target).json(json).send();
    }
}
