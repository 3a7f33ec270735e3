package io.windhover.web.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Fuzzes {@link RouteTemplate#parse} with the input read as UTF-8. Whatever the text, it checks that
 * <ul>
 *   <li>it returns a template or throws {@link IllegalArgumentException} with a message, as
 *       documented, never another exception;</li>
 *   <li>a template is well formed: non-empty literals without slashes or braces, parameters with a
 *       name of letters, digits, '_' or '-' that no other parameter has (ignoring case), only the
 *       last segment optional, defaulted or catch-all; its text starts with a slash and parses
 *       again to the same segments;</li>
 *   <li>a router with the template as its only route builds, and matches the path the template
 *       describes (literals percent-encoded, each parameter a value) without throwing: found with
 *       that value for every parameter when no constraint stands in the way.</li>
 * </ul>
 *
 * <p>The seed corpus is in {@code RouteTemplateFuzzTestInputs/template}, one template per file;
 * {@code bin/fuzz route-template 120} fuzzes for two minutes.
 */
class RouteTemplateFuzzTest {

    @DictionaryFile(resourcePath = "/fuzz-dictionaries/route-template.dict")
    @FuzzTest
    void template(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        RouteTemplate template;
        try {
            template = RouteTemplate.parse(text);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).as("message of the refusal of '%s'", text).isNotBlank();
            return;
        }
        assertWellFormed(template);
        assertThat(describe(RouteTemplate.parse(template.text()))).as("'%s' parsed again", template.text())
                .isEqualTo(describe(template));
        assertMatchesItsOwnPath(template);
    }

    private static void assertWellFormed(RouteTemplate template) {
        assertThat(template.text()).startsWith("/");
        List<RouteTemplate.Segment> segments = template.segments();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < segments.size(); i++) {
            switch (segments.get(i)) {
                case RouteTemplate.Literal literal -> assertThat(literal.text()).isNotEmpty().doesNotContain("/", "{", "}");
                case RouteTemplate.Parameter parameter -> {
                    assertThat(parameter.name()).isNotEmpty()
                            .matches(name -> name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-'));
                    assertThat(names.add(parameter.name().toLowerCase(Locale.ROOT))).as("unique name %s", parameter.name()).isTrue();
                    if (parameter.optional() || parameter.defaultValue() != null || parameter.catchAll()) {
                        assertThat(i).as("position of %s", parameter).isEqualTo(segments.size() - 1);
                    }
                    assertThat(parameter.optional() && parameter.catchAll()).isFalse();
                }
            }
        }
    }

    /** The segments as text: {@link RouteConstraint}s hold lambdas, which records cannot compare. */
    private static String describe(RouteTemplate template) {
        var text = new StringJoiner(" | ");
        for (RouteTemplate.Segment segment : template.segments()) {
            text.add(switch (segment) {
                case RouteTemplate.Literal literal -> "literal " + literal.text();
                case RouteTemplate.Parameter p -> "parameter " + p.name() + " optional=" + p.optional() + " default="
                        + p.defaultValue() + " catchAll=" + p.catchAll() + " " + p.signature();
            });
        }
        return text.toString();
    }

    private static void assertMatchesItsOwnPath(RouteTemplate template) {
        Router<String> router = Router.<String>builder().add("GET", template, "only").build();
        var path = new StringBuilder();
        boolean constrained = false;
        for (RouteTemplate.Segment segment : template.segments()) {
            path.append('/');
            switch (segment) {
                case RouteTemplate.Literal literal -> path.append(PathDecodingFuzzTest.encode(literal.text()));
                case RouteTemplate.Parameter parameter -> {
                    path.append(parameter.catchAll() ? "v/w" : "v");
                    constrained |= !parameter.constraints().isEmpty();
                }
            }
        }
        Router.Match<String> match = router.match("GET", path.isEmpty() ? "/" : path.toString());
        if (constrained) {
            return; // "v" may not be an int, a guid, …: only that the lookup did not throw
        }
        if (!(match instanceof Router.Match.Found<String>(var route, Map<String, String> values))) {
            fail("'%s' does not match its own path '%s': %s", template.text(), path, match);
            return;
        }
        assertThat(route.target()).isEqualTo("only");
        for (RouteTemplate.Segment segment : template.segments()) {
            if (segment instanceof RouteTemplate.Parameter parameter) {
                assertThat(values).containsEntry(parameter.name(), parameter.catchAll() ? "v/w" : "v");
            }
        }
    }
}
