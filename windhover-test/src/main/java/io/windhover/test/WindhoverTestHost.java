package io.windhover.test;

import io.windhover.web.WebApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.lang.reflect.AnnotatedElement;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs the application under test — made by its own factory, the one its
 * {@code main} uses — on the in-memory transport (no port, no socket; the server's own HTTP/1.1
 * engine over pipes) or, when asked, on a loopback port; and hands tests a {@link TestClient}, the
 * {@link WebApplication}, and with sockets a {@link HttpClient} and the base {@link URI}. ASP.NET
 * Core's {@code WebApplicationFactory}.
 *
 * <pre>{@code
 * class TodoApiTest {
 *     @RegisterExtension
 *     static WindhoverTestHost host = WindhoverTestHost.of(TodoApp::create)
 *             .setting("ConnectionStrings:Todos", "jdbc:sqlite::memory:");
 *
 *     @Test
 *     void addsATodo(TestClient client) throws Exception {
 *         TestResponse created = client.post("/todos", "{\"title\": \"milk\"}");
 *         assertThat(created.status()).isEqualTo(201);
 *         assertThat(client.get(created.header("Location")).json().get("title").asText()).isEqualTo("milk");
 *     }
 * }
 * }</pre>
 *
 * <p>In a {@code static} field the application starts once for the class; in an instance field,
 * once per test, with the test method's {@link Setting}s. Settings reach the application as
 * {@code --key=value} arguments, the highest of its configuration's sources. Closing the host checks
 * the in-memory transport's pool: a block left rented fails the test.
 */
public final class WindhoverTestHost implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {

    /** 30 s: long enough for a slow CI machine's first request, short enough to fail a hung test. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final ApplicationFactory factory;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private Path contentRoot;
    private boolean sockets;
    private Duration timeout = DEFAULT_TIMEOUT;

    private WebApplication application;
    private Connector connector;
    private TestClient client;
    private HttpClient httpClient;
    private boolean perTest;

    private WindhoverTestHost(ApplicationFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** A host for the application {@code factory} makes. */
    public static WindhoverTestHost of(ApplicationFactory factory) {
        return new WindhoverTestHost(factory);
    }

    /** A setting for every start, given as {@code --key=value}. */
    public WindhoverTestHost setting(String key, String value) {
        settings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** The application's content root ({@code --content-root}), where its windhover.json and wwwroot are. */
    public WindhoverTestHost contentRoot(Path folder) {
        this.contentRoot = folder.toAbsolutePath();
        return this;
    }

    /** Serves on a loopback port (127.0.0.1, chosen by the system) instead of in memory: for real clients. */
    public WindhoverTestHost sockets() {
        this.sockets = true;
        return this;
    }

    /** How long one exchange may take before the client gives up; default 30 s. */
    public WindhoverTestHost timeout(Duration limit) {
        this.timeout = Objects.requireNonNull(limit, "limit");
        return this;
    }

    /** The running application. */
    public WebApplication application() {
        return running(application);
    }

    /** The fluent client. */
    public TestClient client() {
        return running(client);
    }

    /**
     * The JDK's client, for a host on {@link #sockets()}.
     *
     * @throws IllegalStateException in memory, where there is no port to reach
     */
    public HttpClient httpClient() {
        requireSockets("an HttpClient");
        return running(httpClient);
    }

    /** {@code http://127.0.0.1:PORT}, for a host on {@link #sockets()}. */
    public URI baseUri() {
        requireSockets("a base URI");
        return URI.create(running(application).listeningUrls().getFirst());
    }

    private void requireSockets(String what) {
        if (!sockets) {
            throw new IllegalStateException(what + " needs a port: make the host with .sockets()");
        }
    }

    private <T> T running(T value) {
        if (value == null) {
            throw new IllegalStateException("the application is not running: register the host with @RegisterExtension");
        }
        return value;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start(settingsOf(context.getTestClass()));
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (application == null) {
            perTest = true;
            Map<String, String> all = settingsOf(context.getTestClass());
            all.putAll(settingsOf(context.getTestMethod()));
            start(all);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (perTest) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    private Map<String, String> settingsOf(Optional<? extends AnnotatedElement> element) {
        Map<String, String> found = new LinkedHashMap<>(settings);
        element.ifPresent(annotated -> {
            for (Setting setting : annotated.getAnnotationsByType(Setting.class)) {
                found.put(setting.key(), setting.value());
            }
        });
        return found;
    }

    private void start(Map<String, String> startSettings) throws Exception {
        List<String> args = new ArrayList<>(List.of("--urls", sockets ? "http://127.0.0.1:0" : "http://127.0.0.1:80"));
        if (contentRoot != null) {
            args.addAll(List.of("--content-root", contentRoot.toString()));
        }
        startSettings.forEach((key, value) -> args.add("--" + key + "=" + value));
        application = factory.create(args.toArray(String[]::new));
        if (sockets) {
            application.start();
            String url = application.listeningUrls().getFirst();
            connector = new SocketConnector(Integer.parseInt(url.substring(url.lastIndexOf(':') + 1)), timeout);
            httpClient = HttpClient.newBuilder().connectTimeout(timeout).build();
        } else {
            var memory = new InMemoryConnector(timeout);
            connector = memory;
            application.server(server -> server.transport(memory.transport()));
            application.start();
        }
        client = new TestClient(connector);
    }

    private void stop() throws Exception {
        try {
            if (httpClient != null) {
                httpClient.close();
            }
            if (application != null) {
                application.close();
            }
        } finally {
            if (connector != null) {
                connector.close(); // after the server: its blocks are back by then, or leaked
            }
            application = null;
            connector = null;
            client = null;
            httpClient = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestClient.class || type == WebApplication.class || type == HttpClient.class || type == URI.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        try {
            if (type == TestClient.class) {
                return client();
            }
            if (type == WebApplication.class) {
                return application();
            }
            return type == HttpClient.class ? httpClient() : baseUri();
        } catch (IllegalStateException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }
}
