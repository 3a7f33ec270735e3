package io.windhover.web.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.web.WebApplication;
import io.windhover.web.controller.ControllerRoutes;
import java.net.URI;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Controllers compiled with the processor, loaded and served on a loopback port, called with the
 * JDK's client: every parameter source, inference, validation, return values as minimal APIs write
 * them, instances per request and singletons, the application's factory, route groups, and
 * {@code mapControllers()} finding the routes through the services file.
 */
class GeneratedRoutesTest {

    private static final String SHOP = """
            package shop;

            import io.windhover.web.*;
            import io.windhover.web.controller.*;
            import jakarta.validation.constraints.NotBlank;
            import java.util.Map;
            import java.util.concurrent.atomic.AtomicInteger;

            @Controller("/items")
            public class Items {
                public static final AtomicInteger MADE = new AtomicInteger();
                private int calls;

                public Items() { MADE.incrementAndGet(); }

                public record NewItem(@NotBlank String name, int count) {}
                public enum Kind { BOOK, TOOL }

                @Get("/{id:int}")
                Object find(int id, String filter, @FromHeader("X-Trace") String trace, Kind kind) {
                    return Map.of("id", id, "filter", String.valueOf(filter), "trace", String.valueOf(trace),
                            "kind", String.valueOf(kind), "calls", ++calls);
                }

                @Post
                Result add(NewItem item) { return Results.created("/items/1", item); }

                @Put("/{id:int}/name")
                String rename(@FromRoute("id") int number, @FromForm("name") String name, @FromQuery("dry") boolean dry) {
                    return number + " " + name + " " + dry;
                }

                @Delete("/{id:int}")
                void remove(int id, WebContext context) { context.response().status(204); }

                @Route(value = "/count", methods = {"GET", "HEAD"})
                long count() { return 42; }
            }
            """;

    private static final String SINGLE = """
            package shop;

            import io.windhover.web.controller.*;

            @Controller(value = "/single", lifetime = Lifetime.SINGLETON)
            public class Single {
                private int calls;
                private final String greeting;

                public Single(String greeting) { this.greeting = greeting; }

                @Get
                synchronized String hello() { return greeting + " " + ++calls; }
            }
            """;

    private static final String GUARDED = """
            package shop;

            import io.windhover.web.controller.*;

            @Controller("/guarded")
            @Authorize
            public class Guarded {
                @Get
                String read() { return "read"; }

                @Post
                @Authorize("guarded:write")
                String write() { return "written"; }

                @Get("/status")
                @AllowAnonymous
                String status() { return "up"; }
            }
            """;

    @TempDir
    Path folder;
    private URLClassLoader loader;
    private WebApplication app;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void compile() throws Exception {
        var compilation = InProcessCompiler.compile(folder, Map.of("shop/Items.java", SHOP, "shop/Single.java", SINGLE, "shop/Guarded.java", GUARDED));
        assertThat(compilation.succeeded()).as("%s", compilation.diagnostics()).isTrue();
        loader = new URLClassLoader(new java.net.URL[] {folder.resolve("classes").toUri().toURL()}, getClass().getClassLoader());
        app = WebApplication.create("--urls", "http://127.0.0.1:0");
    }

    @AfterEach
    void close() throws Exception {
        app.close();
        client.close();
        loader.close();
    }

    private ControllerRoutes routes(String name) throws Exception {
        return (ControllerRoutes) loader.loadClass(name).getConstructor().newInstance();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create(app.listeningUrls().getFirst() + path));
    }

    @Test
    void bindsEverySourceAndWritesReturnValuesAsMinimalApisDo() throws Exception {
        app.controllerFactory((type, context) -> type.getSimpleName().equals("Single")
                ? type.getConstructor(String.class).newInstance("hello") : null);
        app.mapControllers(routes("shop.ItemsRoutes"), routes("shop.SingleRoutes"));
        app.start();
        AtomicInteger made = (AtomicInteger) loader.loadClass("shop.Items").getField("MADE").get(null);

        var found = send(at("/items/7?filter=red&kind=tool").header("X-Trace", "t-1"));
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(found.body()).contains("\"id\":7", "\"filter\":\"red\"", "\"trace\":\"t-1\"", "\"kind\":\"TOOL\"", "\"calls\":1");
        assertThat(send(at("/items/8")).body()).as("a new instance per request").contains("\"calls\":1", "\"filter\":\"null\"");
        assertThat(made.get()).isEqualTo(2);

        var badKind = send(at("/items/7?kind=car"));
        assertThat(badKind.statusCode()).isEqualTo(400);
        assertThat(badKind.body()).contains("'kind'");
        assertThat(send(at("/items/x")).statusCode()).as("the int constraint").isEqualTo(404);

        var created = send(at("/items").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"saw\",\"count\":2}")));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/items/1");
        assertThat(created.body()).isEqualTo("{\"name\":\"saw\",\"count\":2}");

        var invalid = send(at("/items").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\" \",\"count\":2}")));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(invalid.body()).contains("\"errors\":{\"name\":[\"must not be blank\"]}");

        var renamed = send(at("/items/3/name?dry=true").header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString("name=hammer+drill")));
        assertThat(renamed.body()).isEqualTo("3 hammer drill true");

        var removed = send(at("/items/3").DELETE());
        assertThat(removed.statusCode()).as("void: the response as the method made it").isEqualTo(204);
        assertThat(send(at("/items/count")).body()).isEqualTo("42");
        assertThat(send(at("/items/count").method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);

        assertThat(send(at("/single")).body()).isEqualTo("hello 1");
        assertThat(send(at("/single")).body()).as("one instance for all requests").isEqualTo("hello 2");
    }

    @Test
    void mapControllersFindsTheGeneratedRoutesThroughTheServicesFile() throws Exception {
        assertThat(Files.readAllLines(folder.resolve("classes/META-INF/services/io.windhover.web.controller.ControllerRoutes")))
                .containsExactlyInAnyOrder("shop.ItemsRoutes", "shop.SingleRoutes", "shop.GuardedRoutes");
        app.controllerFactory((type, context) -> type.getSimpleName().equals("Single")
                ? type.getConstructor(String.class).newInstance("hi") : null);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader); // ServiceLoader looks where the application's classes are
        try {
            app.mapControllers();
        } finally {
            thread.setContextClassLoader(previous);
        }
        app.mapGroup("/api").use((context, next) -> {
            context.response().headers().set("X-Group", "api");
            next.handle(context);
        }).mapControllers(routes("shop.ItemsRoutes"));
        app.start();
        assertThat(send(at("/items/count")).body()).isEqualTo("42");
        assertThat(send(at("/single")).body()).isEqualTo("hi 1");
        var grouped = send(at("/api/items/count"));
        assertThat(grouped.body()).isEqualTo("42");
        assertThat(grouped.headers().firstValue("X-Group")).as("the group's middleware runs").hasValue("api");
        assertThat(send(at("/items/count")).headers().firstValue("X-Group")).isEmpty();
    }

    @Test
    void theOpenApiDocumentDescribesControllerEndpoints() throws Exception {
        app.controllerFactory((type, context) -> type.getSimpleName().equals("Single")
                ? type.getConstructor(String.class).newInstance("hello") : null);
        app.mapControllers(routes("shop.ItemsRoutes"), routes("shop.SingleRoutes"));
        app.mapOpenApi();
        app.start();
        var document = new com.fasterxml.jackson.databind.ObjectMapper().readTree(send(at("/openapi/v1.json")).body());
        var find = document.at("/paths/~1items~1{id}/get");
        assertThat(find.get("operationId").asText()).isEqualTo("Items.find");
        assertThat(find.get("tags").toString()).isEqualTo("[\"Items\"]");
        assertThat(find.at("/parameters").toString()).contains("{\"name\":\"id\",\"in\":\"path\",\"required\":true,"
                + "\"schema\":{\"type\":\"integer\",\"format\":\"int32\"}}", "\"name\":\"X-Trace\",\"in\":\"header\"",
                "\"name\":\"filter\",\"in\":\"query\"", "\"name\":\"kind\",\"in\":\"query\"");
        var add = document.at("/paths/~1items/post");
        assertThat(add.at("/requestBody/content/application~1json/schema/$ref").asText()).isEqualTo("#/components/schemas/NewItem");
        assertThat(document.at("/components/schemas/NewItem/required").toString()).isEqualTo("[\"name\"]");
        assertThat(document.at("/paths/~1items~1count/get/responses/200/content/application~1json/schema/format").asText())
                .as("long count()").isEqualTo("int64");
        assertThat(document.at("/paths/~1items~1count/head/operationId").asText()).isEqualTo("Items.count.head");
        assertThat(document.at("/paths/~1items~1{id}~1name/put/requestBody").isMissingNode()).as("a form read field by field").isTrue();
        assertThat(document.at("/paths/~1single/get/responses/200/content/text~1plain/schema/type").asText()).isEqualTo("string");
    }

    @Test
    void authorizeAndAllowAnonymousReachTheEndpointsMetadataAfterTheGroupsAsMinimalApisDo() throws Exception {
        // What an authorization middleware reads before the endpoint runs, written back as headers.
        app.use((context, next) -> {
            var metadata = context.endpointMetadata();
            context.response().headers().set("X-Authorize", metadata.all(io.windhover.web.AuthorizeData.class).stream()
                    .map(data -> String.valueOf(data.policy())).collect(java.util.stream.Collectors.joining(",")));
            context.response().headers().set("X-Anonymous", String.valueOf(metadata.has(io.windhover.web.AllowAnonymousMetadata.class)));
            context.response().headers().set("X-Operation", String.valueOf(
                    io.windhover.web.EndpointDescription.of(metadata).name()));
            next.handle(context);
        });
        app.mapGroup("/api").requireAuthorization("api").mapControllers(routes("shop.GuardedRoutes"));
        app.start();
        var read = send(at("/api/guarded"));
        assertThat(read.body()).isEqualTo("read");
        assertThat(read.headers().firstValue("X-Authorize")).as("the group's, then the class's default policy").hasValue("api,null");
        assertThat(read.headers().firstValue("X-Anonymous")).hasValue("false");
        assertThat(read.headers().firstValue("X-Operation")).as("the description beside it").hasValue("Guarded.read");
        var write = send(at("/api/guarded").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(write.headers().firstValue("X-Authorize")).as("the class's, then the method's").hasValue("api,null,guarded:write");
        var status = send(at("/api/guarded/status"));
        assertThat(status.headers().firstValue("X-Anonymous")).hasValue("true");
    }

    @Test
    void aControllerWithoutAConstructorOrFactoryStopsTheStartNamingIt() throws Exception {
        app.mapControllers(routes("shop.SingleRoutes"));
        assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("shop.Single has no constructor without arguments: give the application a ControllerFactory"
                        + " that makes it (app.controllerFactory(...))");
    }

    @Test
    void aControllerRouteThatClashesWithAMinimalApiRouteStopsTheStart() throws Exception {
        app.get("/items/{n:int}", context -> "minimal");
        app.mapControllers(routes("shop.ItemsRoutes"));
        assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("ambiguous routes");
    }
}
