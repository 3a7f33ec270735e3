package io.windhover.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the layering of docs/architecture.md true by reading the sources: which module may require
 * which, and which modules may touch sockets. Runs from windhover-server, whose parent folder is the
 * repository.
 */
class ArchitectureTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** Each module and the Windhover modules it may require; the order is the direction of dependencies. */
    private static final Map<String, List<String>> ALLOWED = Map.of(
            "windhover-buffers", List.of(),
            "windhover-transport", List.of("io.windhover.buffers"),
            "windhover-tls", List.of("io.windhover.buffers", "io.windhover.transport"),
            "windhover-server", List.of("io.windhover.buffers", "io.windhover.transport", "io.windhover.tls"));

    @Test
    void modulesRequireOnlyTheLayersBelowThem() throws IOException {
        Pattern requires = Pattern.compile("requires\\s+(?:transitive\\s+|static\\s+)*(io\\.windhover\\.[\\w.]+)\\s*;");
        for (var module : ALLOWED.entrySet()) {
            String info = Files.readString(ROOT.resolve(module.getKey()).resolve("src/main/java/module-info.java"));
            Matcher matcher = requires.matcher(info);
            while (matcher.find()) {
                assertThat(module.getValue()).as("%s requires %s", module.getKey(), matcher.group(1))
                        .contains(matcher.group(1));
            }
        }
    }

    @Test
    void onlyTheTransportTouchesSocketChannels() {
        assertThat(sourcesMentioning("import java.nio.channels")).as("the NIO transport itself").isNotEmpty().allSatisfy(file ->
                assertThat(ROOT.relativize(file).toString()).startsWith("windhover-transport/"));
    }

    @Test
    void onlyTlsCodeImportsJavaxNetSsl() {
        assertThat(sourcesMentioning("import javax.net.ssl")).as("the TLS module itself").isNotEmpty().allSatisfy(file ->
                assertThat(ROOT.relativize(file).toString()).startsWith("windhover-tls/"));
    }

    private static List<Path> sourcesMentioning(String text) {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> file.toString().contains("/src/main/java/"))
                    .filter(file -> {
                        try {
                            return Files.readString(file).contains(text);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
