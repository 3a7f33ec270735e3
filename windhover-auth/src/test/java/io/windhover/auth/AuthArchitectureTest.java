package io.windhover.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps windhover-auth where docs/architecture.md puts it, by reading the sources as
 * windhover-server's ArchitectureTest does for the layers below: it requires the web layer and
 * nothing of Windhover beside it, no module below requires it, and the JOSE library is imported
 * only by the JWT package, so the web layer never carries it.
 */
class AuthArchitectureTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theAuthModuleRequiresOnlyTheWebLayerOfWindhover() throws IOException {
        assertThat(windhoverRequires("windhover-auth")).containsExactly("io.windhover.web");
    }

    @Test
    void noLayerBelowRequiresTheAuthModule() throws IOException {
        for (String module : List.of("windhover-buffers", "windhover-transport", "windhover-tls", "windhover-server", "windhover-web")) {
            assertThat(windhoverRequires(module)).as(module).doesNotContain("io.windhover.auth");
        }
    }

    @Test
    void onlyTheAuthModuleImportsTheJoseLibrary() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            List<Path> importing = files.filter(file -> file.toString().endsWith(".java") && file.toString().contains("/src/main/java/"))
                    .filter(file -> read(file).contains("import com.nimbusds"))
                    .toList();
            assertThat(importing).allSatisfy(file -> assertThat(ROOT.relativize(file).toString()).startsWith("windhover-auth/"));
        }
    }

    private static List<String> windhoverRequires(String module) throws IOException {
        String info = Files.readString(ROOT.resolve(module).resolve("src/main/java/module-info.java"));
        Matcher matcher = Pattern.compile("requires\\s+(?:transitive\\s+|static\\s+)*(io\\.windhover\\.[\\w.]+)\\s*;").matcher(info);
        return matcher.results().map(result -> result.group(1)).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
