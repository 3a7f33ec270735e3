package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The web layer's side of docs/architecture.md, read from the sources as windhover-server's
 * ArchitectureTest reads the layers below: which Windhover modules the web-side modules may require,
 * what they export, and the directions between the web layer's packages. Runs from windhover-web,
 * whose parent folder is the repository.
 */
class WebArchitectureTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern REQUIRES = Pattern.compile("requires\\s+(?:transitive\\s+|static\\s+)*(io\\.windhover\\.[\\w.]+)\\s*;");
    private static final Pattern EXPORTS = Pattern.compile("exports\\s+([\\w.]+)\\s*;");

    /** Each web-side module, the Windhover modules it may require, and the packages it exports. */
    private record Rule(List<String> requires, List<String> exports) {
    }

    private static final Map<String, Rule> MODULES = Map.of(
            "windhover-web", new Rule(List.of("io.windhover.server", "io.windhover.websockets"),
                    List.of("io.windhover.web", "io.windhover.web.routing", "io.windhover.web.middleware", "io.windhover.web.controller")),
            // The processor reads the router and the annotations, and nothing of the server; it exports nothing.
            "windhover-web-processor", new Rule(List.of("io.windhover.web"), List.of()),
            // The test host: the web layer, and the in-memory transport and its diagnostic pool.
            "windhover-test", new Rule(List.of("io.windhover.web", "io.windhover.buffers", "io.windhover.transport"),
                    List.of("io.windhover.test")));

    /**
     * Inside windhover-web, the packages each package's sources may import from ("" is
     * {@code io.windhover.web}): routing knows nothing of requests, the controller annotations and
     * their runtime see only the API package, middleware builds on that API, and the OpenAPI
     * document is written from the routes in a package of its own.
     */
    private static final Map<String, List<String>> PACKAGES = Map.of(
            "routing", List.of(),
            "controller", List.of(""),
            "middleware", List.of(""),
            // swagger-core's model is imported here and nowhere else in the module.
            "openapi", List.of("", "routing"),
            "", List.of("routing", "controller", "openapi"));

    @Test
    void webModulesRequireOnlyTheLayersBelowAndExportTheirApi() throws IOException {
        for (var module : MODULES.entrySet()) {
            String info = Files.readString(ROOT.resolve(module.getKey()).resolve("src/main/java/module-info.java"));
            Matcher requires = REQUIRES.matcher(info);
            while (requires.find()) {
                assertThat(module.getValue().requires()).as("%s requires %s", module.getKey(), requires.group(1)).contains(requires.group(1));
            }
            Matcher exports = EXPORTS.matcher(info);
            List<String> exported = new java.util.ArrayList<>();
            while (exports.find()) {
                exported.add(exports.group(1));
            }
            assertThat(exported).as("%s exports", module.getKey()).containsExactlyInAnyOrderElementsOf(module.getValue().exports());
        }
    }

    @Test
    void onlyTheOpenApiPackageUsesSwaggerCore() throws IOException {
        Path sources = ROOT.resolve("windhover-web/src/main/java/io/windhover/web");
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                if (Files.readString(file).contains("io.swagger.")) {
                    assertThat(sources.relativize(file).toString()).startsWith("openapi/");
                }
            }
        }
    }

    @Test
    void webPackagesImportOnlyInTheirDirection() throws IOException {
        Path sources = ROOT.resolve("windhover-web/src/main/java/io/windhover/web");
        Pattern imports = Pattern.compile("^import (?:static )?io\\.windhover\\.web\\.(?:(\\w+)\\.)?[A-Z]", Pattern.MULTILINE);
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String folder = sources.relativize(file.getParent()).toString();
                assertThat(PACKAGES).as("a rule for the package of %s", file).containsKey(folder);
                Matcher matcher = imports.matcher(Files.readString(file));
                while (matcher.find()) {
                    String imported = matcher.group(1) == null ? "" : matcher.group(1);
                    if (!imported.equals(folder)) {
                        assertThat(PACKAGES.get(folder)).as("%s imports io.windhover.web.%s", sources.relativize(file), imported)
                                .contains(imported);
                    }
                }
            }
        }
    }
}
