package io.windhover.web.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {

    private static Router.Match<String> match(Router<String> router, String method, String path) {
        return router.match(method, path);
    }

    private static String target(Router<String> router, String method, String path) {
        return match(router, method, path) instanceof Router.Match.Found<String> found ? found.route().target() : null;
    }

    private static Map<String, String> values(Router<String> router, String path) {
        return ((Router.Match.Found<String>) match(router, "GET", path)).values();
    }

    @Test
    void prefersLiteralThenConstrainedThenPlainThenCatchAll() {
        Router<String> router = Router.<String>builder()
                .add("GET", "/todos/{*rest}", "catch-all")
                .add("GET", "/todos/{name}", "plain")
                .add("GET", "/todos/{id:int}", "int")
                .add("GET", "/todos/new", "literal")
                .build();
        assertThat(target(router, "GET", "/todos/new")).isEqualTo("literal");
        assertThat(target(router, "GET", "/TODOS/NEW")).as("literals ignore case").isEqualTo("literal");
        assertThat(target(router, "GET", "/todos/42")).isEqualTo("int");
        assertThat(target(router, "GET", "/todos/abc")).isEqualTo("plain");
        assertThat(target(router, "GET", "/todos/a/b")).isEqualTo("catch-all");
        assertThat(values(router, "/todos/a/b")).containsExactly(Map.entry("rest", "a/b"));
        assertThat(target(router, "GET", "/todos")).as("an empty catch-all").isEqualTo("catch-all");
        assertThat(target(router, "GET", "/elsewhere")).isNull();
    }

    @Test
    void backtracksWhenALaterSegmentDoesNotMatch() {
        Router<String> router = Router.<String>builder()
                .add("GET", "/a/{id:int}/c", "int then c")
                .add("GET", "/a/{name}/b", "any then b")
                .build();
        assertThat(target(router, "GET", "/a/1/b")).isEqualTo("any then b");
        assertThat(target(router, "GET", "/a/1/c")).isEqualTo("int then c");
        assertThat(values(router, "/a/1/b")).containsExactly(Map.entry("name", "1"));
    }

    @Test
    void checksEveryConstraint() {
        Router<String> router = Router.<String>builder()
                .add("GET", "/int/{v:int}", "int")
                .add("GET", "/long/{v:long}", "long")
                .add("GET", "/bool/{v:bool}", "bool")
                .add("GET", "/guid/{v:guid}", "guid")
                .add("GET", "/alpha/{v:alpha}", "alpha")
                .add("GET", "/range/{v:range(1,10)}", "range")
                .add("GET", "/min/{v:min(5)}", "min")
                .add("GET", "/max/{v:max(5)}", "max")
                .add("GET", "/length/{v:length(3)}", "length")
                .add("GET", "/between/{v:length(2,3)}", "between")
                .add("GET", "/chain/{v:int:min(10)}", "chain")
                .add("GET", "/code/{v:regex(^[a-z]{{2}}-\\d+$)}", "regex")
                .add("GET", "/double/{v:double}", "double")
                .build();
        assertThat(target(router, "GET", "/int/-7")).isEqualTo("int");
        assertThat(target(router, "GET", "/int/9999999999")).as("over an int").isNull();
        assertThat(target(router, "GET", "/long/9999999999")).isEqualTo("long");
        assertThat(target(router, "GET", "/bool/TRUE")).isEqualTo("bool");
        assertThat(target(router, "GET", "/bool/yes")).isNull();
        assertThat(target(router, "GET", "/guid/123e4567-e89b-12d3-a456-426614174000")).isEqualTo("guid");
        assertThat(target(router, "GET", "/guid/123")).isNull();
        assertThat(target(router, "GET", "/guid/+0000000-0000-0000-0000-000000000001")).as("UUID.fromString takes it").isNull();
        assertThat(target(router, "GET", "/alpha/abcXYZ")).isEqualTo("alpha");
        assertThat(target(router, "GET", "/alpha/abc1")).isNull();
        assertThat(target(router, "GET", "/range/10")).isEqualTo("range");
        assertThat(target(router, "GET", "/range/11")).isNull();
        assertThat(target(router, "GET", "/min/5")).isEqualTo("min");
        assertThat(target(router, "GET", "/min/4")).isNull();
        assertThat(target(router, "GET", "/max/6")).isNull();
        assertThat(target(router, "GET", "/length/abc")).isEqualTo("length");
        assertThat(target(router, "GET", "/length/abcd")).isNull();
        assertThat(target(router, "GET", "/between/ab")).isEqualTo("between");
        assertThat(target(router, "GET", "/between/a")).isNull();
        assertThat(target(router, "GET", "/chain/10")).isEqualTo("chain");
        assertThat(target(router, "GET", "/chain/9")).isNull();
        assertThat(target(router, "GET", "/code/ab-12")).isEqualTo("regex");
        assertThat(target(router, "GET", "/code/abc-12")).isNull();
        assertThat(target(router, "GET", "/double/2.5")).isEqualTo("double");
        assertThat(target(router, "GET", "/double/NaN")).isNull();
    }

    @Test
    void fillsOptionalParametersAndDefaults() {
        Router<String> router = Router.<String>builder()
                .add("GET", "/page/{number=1}", "page")
                .add("GET", "/search/{term?}", "search")
                .build();
        assertThat(values(router, "/page")).containsExactly(Map.entry("number", "1"));
        assertThat(values(router, "/page/3")).containsExactly(Map.entry("number", "3"));
        assertThat(values(router, "/search")).isEmpty();
        assertThat(values(router, "/search/x")).containsExactly(Map.entry("term", "x"));
    }

    @Test
    void decodesValuesSegmentBySegmentAndIgnoresATrailingSlash() {
        Router<String> router = Router.<String>builder().add("GET", "/files/{name}", "file").build();
        assertThat(values(router, "/files/a%20b")).containsExactly(Map.entry("name", "a b"));
        assertThat(values(router, "/files/a%2Fb")).as("an encoded slash stays in its segment").containsExactly(Map.entry("name", "a/b"));
        assertThat(values(router, "/files/caf%C3%A9")).containsExactly(Map.entry("name", "café"));
        assertThat(values(router, "/files/x/")).containsExactly(Map.entry("name", "x"));
    }

    /** Found by PathDecodingFuzzTest: Character.digit took an Arabic-Indic eight for a hex digit. */
    @Test
    void decodesOnlyAsciiHexDigitsAndLeavesASegmentWithOtherCharactersAlone() {
        Router<String> router = Router.<String>builder().add("GET", "/files/{name}", "file").build();
        assertThat(values(router, "/files/%2\u06F8")).containsExactly(Map.entry("name", "%2\u06F8"));
        assertThat(values(router, "/files/%\uFF14\uFF11")).as("full-width digits").containsExactly(Map.entry("name", "%\uFF14\uFF11"));
        assertThat(values(router, "/files/%4a%4A")).containsExactly(Map.entry("name", "JJ"));
    }

    @Test
    void saysWhichMethodsAPathHasAndServesHeadWithGet() {
        Router<String> router = Router.<String>builder()
                .add("GET", "/todos", "list")
                .add("POST", "/todos", "create")
                .add("*", "/any", "any")
                .build();
        assertThat(match(router, "DELETE", "/todos")).isEqualTo(
                new Router.Match.MethodNotAllowed<String>(java.util.Set.of("GET", "HEAD", "POST")));
        assertThat(target(router, "HEAD", "/todos")).isEqualTo("list");
        assertThat(target(router, "PATCH", "/any")).isEqualTo("any");
        assertThat(match(router, "GET", "/nothing")).isInstanceOf(Router.Match.NotFound.class);
    }

    @Test
    void refusesAmbiguousRoutesAndMalformedTemplatesWhenBuilt() {
        assertThatThrownBy(() -> Router.<String>builder().add("GET", "/a/{id}", "1").add("GET", "/a/{key}", "2"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'GET /a/{id}' and 'GET /a/{key}'");
        assertThatThrownBy(() -> Router.<String>builder().add("GET", "/a", "1").add("GET", "/a/{b?}", "2"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(Router.<String>builder().add("GET", "/a/{id}", "1").add("POST", "/a/{key}", "2").build().routes()).hasSize(2);
        assertThatThrownBy(() -> RouteTemplate.parse("/a/{*rest}/b")).hasMessageContaining("only the last segment");
        assertThatThrownBy(() -> RouteTemplate.parse("/a/x{id}")).hasMessageContaining("mixes text and a parameter");
        assertThatThrownBy(() -> RouteTemplate.parse("/a/{id:integer}")).hasMessageContaining("unknown route constraint 'integer'");
        assertThatThrownBy(() -> RouteTemplate.parse("/a/{id}/{id}")).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> RouteTemplate.parse("/a//b")).hasMessageContaining("empty segment");
        assertThatThrownBy(() -> RouteTemplate.parse("/a/{id:range(5,1)}")).hasMessageContaining("lower bound");
    }

    @Test
    void matchesAmongAThousandRoutes() {
        Router.Builder<String> builder = Router.builder();
        for (int i = 0; i < 1000; i++) {
            builder.add("GET", "/resource" + i + "/{id:int}/items/{item}", "r" + i);
        }
        Router<String> router = builder.build();
        assertThat(target(router, "GET", "/resource999/5/items/x")).isEqualTo("r999");
        assertThat(values(router, "/resource0/1/items/y")).containsExactly(Map.entry("id", "1"), Map.entry("item", "y"));
        assertThat(target(router, "GET", "/resource1000/5/items/x")).isNull();
    }
}
