package io.windhover.web.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the issue makes a compile error — an ambiguous route, an unbindable parameter, a template
 * whose parameters do not match the method's — is one, naming the method, on its line; and a
 * controller that is right compiles with no warning.
 */
class ControllerCompileErrorsTest {

    @TempDir
    Path folder;

    private static String controller(String body) {
        return """
                package shop;

                import io.windhover.web.controller.*;

                @Controller("/items")
                class Items {
                %s
                }
                """.formatted(body);
    }

    private InProcessCompiler.Compilation compile(String body) throws Exception {
        return InProcessCompiler.compile(folder, Map.of("shop/Items.java", controller(body)));
    }

    @Test
    void aTemplateParameterNoMethodParameterTakesIsAnErrorNamingTheMethod() throws Exception {
        var compilation = compile("""
                    @Get("/{id:int}")
                    String find(String name) { return name; }
                """);
        assertThat(compilation.succeeded()).isFalse();
        assertThat(compilation.errors()).containsExactly(
                "Items.find(): the template '/items/{id:int}' has {id}, which no parameter of the method takes");
        assertThat(compilation.errorLines()).containsExactly(8L);
    }

    @Test
    void aRouteParameterTheTemplateLacksIsAnError() throws Exception {
        var compilation = compile("""
                    @Get("/{id:int}")
                    String find(int id, @FromRoute("slug") String slug) { return slug; }
                """);
        assertThat(compilation.errors()).containsExactly(
                "Items.find(): 'slug' is bound from the route, but the template '/items/{id:int}' has no {slug}");
    }

    @Test
    void anOptionalRouteValueNeedsATypeThatCanBeNull() throws Exception {
        var compilation = compile("""
                    @Get("/{page:int?}")
                    String list(int page) { return "" + page; }
                """);
        assertThat(compilation.errors()).containsExactly(
                "Items.list(): {page} may be absent, so its parameter needs a type that can be null, not int");
    }

    @Test
    void ambiguousRoutesAreAnErrorOnTheSecond() throws Exception {
        var compilation = compile("""
                    @Get("/{id:int}")
                    String find(int id) { return ""; }

                    @Get("/{number:int}")
                    String findAgain(int number) { return ""; }

                    @Get("/{name}")
                    String byName(String name) { return name; }
                """);
        assertThat(compilation.errors()).containsExactly("Items.findAgain(): ambiguous routes: 'GET /items/{id:int}' and "
                + "'GET /items/{number:int}' match the same requests");
        assertThat(compilation.errorLines()).containsExactly(11L);
    }

    @Test
    void ambiguousRoutesAcrossControllersAreAnError() throws Exception {
        var compilation = InProcessCompiler.compile(folder, Map.of("shop/Items.java", controller("""
                    @Delete("/{id:int}")
                    void remove(int id) { }
                """), "shop/More.java", """
                package shop;

                @io.windhover.web.controller.Controller
                class More {
                    @io.windhover.web.controller.Route(value = "/items/{key:int}", methods = {"DELETE"})
                    void drop(int key) { }
                }
                """));
        assertThat(compilation.errors()).singleElement().asString().contains("ambiguous routes")
                .satisfiesAnyOf(error -> assertThat(error).startsWith("More.drop(): "), error -> assertThat(error).startsWith("Items.remove(): "));
    }

    @Test
    void parametersThatCannotBeBoundAreErrorsNamingThem() throws Exception {
        var compilation = compile("""
                    @Get
                    String on(@FromQuery java.time.LocalDate day) { return ""; }

                    @Post
                    String add(java.util.List<String> names) { return ""; }

                    @Put("/{id:int}")
                    String replace(int id, Thing one, Thing two) { return ""; }

                    @Patch
                    String mixed(@FromHeader("X-A") @FromQuery String a) { return a; }

                    record Thing(String name) {}
                """);
        assertThat(compilation.errors()).containsExactly(
                "Items.on(): parameter 'day' (java.time.LocalDate) cannot be bound from the query: only String, int, long, double,"
                        + " boolean (or their boxes), UUID, BigDecimal or an enum can",
                "Items.add(): parameter 'names' (java.util.List<java.lang.String>) cannot be bound: a JSON body binds to a class or"
                        + " record that is not generic (route, query and header values to String, numbers, boolean, UUID, BigDecimal"
                        + " or an enum)",
                "Items.replace(): only one parameter can be bound from the body; it has 2",
                "Items.mixed(): parameter 'a' (java.lang.String) has more than one source");
    }

    @Test
    void aMalformedTemplateAndAPrivateEndpointAreErrors() throws Exception {
        var compilation = compile("""
                    @Get("/{id:nope}")
                    String find(int id) { return ""; }

                    @Get("/secret")
                    private String secret() { return ""; }
                """);
        assertThat(compilation.errors()).hasSize(2);
        assertThat(compilation.errors().get(0)).startsWith("Items.find(): ").contains("nope");
        assertThat(compilation.errors().get(1)).isEqualTo("Items.secret(): an endpoint method must be an instance method that is not private");
    }

    @Test
    void endpointAnnotationsMustAgreeAndNameMethods() throws Exception {
        var compilation = compile("""
                    @Get("/a") @Post("/b")
                    String two() { return ""; }

                    @Route(value = "/none", methods = {})
                    String none() { return ""; }

                    @Get("/twice") @Route(value = "/twice", methods = {"get"})
                    String twice() { return ""; }
                """);
        assertThat(compilation.errors()).containsExactly(
                "Items.two(): its endpoint annotations give different templates; use @Route(value, methods) for one template",
                "Items.none(): at least one HTTP method, each once, none empty: []",
                "Items.twice(): at least one HTTP method, each once, none empty: [GET, GET]");
    }

    @Test
    void declaredResponsesReplaceTheReturnTypes() throws Exception {
        var compilation = compile("""
                    record Item(String name) {}

                    @Post
                    @Produces(value = 201, type = Item.class)
                    @Produces(202)
                    @ProducesProblem({404, 409})
                    io.windhover.web.Result add(Item item) { return null; }

                    @Get("/all")
                    java.util.List<Item> all() { return java.util.List.of(); }
                """);
        assertThat(compilation.succeeded()).as("%s", compilation.diagnostics()).isTrue();
        assertThat(compilation.diagnostics()).isEmpty();
        assertThat(compilation.generated("shop/ItemsRoutes.java"))
                .contains(".produces(201, shop.Items.Item.class, \"application/json\")\n                        .produces(202, null, null)"
                        + "\n                        .producesProblem(404)\n                        .producesProblem(409).build()")
                .contains(".produces(200, new io.windhover.web.GenericType<java.util.List<shop.Items.Item>>() { }.type(),"
                        + " \"application/json\").build()");
    }

    @Test
    void anEndpointOutsideAControllerIsAnError() throws Exception {
        var compilation = InProcessCompiler.compile(folder, Map.of("shop/Loose.java", """
                package shop;

                class Loose {
                    @io.windhover.web.controller.Get("/loose")
                    String get() { return ""; }
                }
                """));
        assertThat(compilation.errors()).containsExactly("Loose.get(): @Get on a method of a class that is not a @Controller");
    }

    @Test
    void aRightControllerCompilesWithoutWarnings() throws Exception {
        var compilation = compile("""
                    /** Finds one item by its {@code id}. Later sentences are not the summary. */
                    @Get("/{id:int}")
                    String find(int id, String filter, @FromHeader("X-Trace") String trace) { return ""; }
                """);
        assertThat(compilation.succeeded()).as("%s", compilation.diagnostics()).isTrue();
        assertThat(compilation.diagnostics()).isEmpty();
        assertThat(compilation.generated("shop/ItemsRoutes.java"))
                .contains("// find: Finds one item by its id.\n")
                .contains("routes.map(\"GET\", \"/items/{id:int}\", context -> {")
                .contains("context.route(\"id\", int.class),\n                    context.query(\"filter\", java.lang.String.class),\n"
                        + "                    context.header(\"X-Trace\", java.lang.String.class));")
                .as("the metadata the OpenAPI document reads")
                .contains("}).withMetadata(io.windhover.web.EndpointDescription.builder().name(\"Items.find\").tags(\"Items\")")
                .contains(".summary(\"Finds one item by its id.\")")
                .contains(".parameter(new io.windhover.web.EndpointDescription.Parameter(\"id\", io.windhover.web.EndpointDescription.Location.PATH,"
                        + " int.class, true))")
                .contains(".query(\"filter\", java.lang.String.class)")
                .contains(".header(\"X-Trace\", java.lang.String.class)")
                .contains(".produces(200, java.lang.String.class, \"text/plain\").build());")
                .as("no @Authorize, no authorization conventions").doesNotContain("requireAuthorization", "allowAnonymous");
    }

    @Test
    void authorizeAndAllowAnonymousBecomeTheRoutesAuthorizationConventionsClassFirst() throws Exception {
        var compilation = InProcessCompiler.compile(folder, Map.of("shop/Items.java", """
                package shop;

                import io.windhover.web.controller.*;

                @Controller("/items")
                @Authorize(roles = {"staff", "admin"})
                class Items {
                    @Post
                    @Authorize(value = "items:write", schemes = "Bearer")
                    String add() { return ""; }

                    @Get("/status")
                    @AllowAnonymous
                    String status() { return ""; }
                }
                """));
        assertThat(compilation.succeeded()).as("%s", compilation.diagnostics()).isTrue();
        String routes = compilation.generated("shop/ItemsRoutes.java");
        assertThat(routes).contains(".build())\n"
                + "                                .requireAuthorization(new io.windhover.web.AuthorizeData(null,"
                + " java.util.List.of(\"staff\", \"admin\"), java.util.List.of()))\n"
                + "                                .requireAuthorization(new io.windhover.web.AuthorizeData(\"items:write\","
                + " java.util.List.of(), java.util.List.of(\"Bearer\")));\n");
        assertThat(routes).contains(".requireAuthorization(new io.windhover.web.AuthorizeData(null,"
                + " java.util.List.of(\"staff\", \"admin\"), java.util.List.of()))\n"
                + "                                .allowAnonymous();\n");
    }

    @Test
    void aBlankPolicyIsAnErrorNamingTheMethod() throws Exception {
        var compilation = compile("""
                    @Get
                    @Authorize(" ")
                    String list() { return ""; }
                """);
        assertThat(compilation.errors()).containsExactly("list: @Authorize names a blank policy; leave it out for the default policy");
    }
}
