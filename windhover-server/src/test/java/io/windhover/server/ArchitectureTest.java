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
            "windhover-server", List.of("io.windhover.buffers", "io.windhover.transport", "io.windhover.tls"),
            // The WebSocket protocol over plain streams: below the web layer, beside the server, needing neither.
            "windhover-websockets", List.of());

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

    /**
     * Inside windhover-server, the packages a package's sources may import from ("" is the public
     * API package, whose options and limits every layer reads). The contract knows nothing of the
     * server; the host knows connections, not HTTP; engines share the core but never each other;
     * only protocol selection and the public API's {@code WindhoverServer} put engines together.
     */
    private static final Map<String, List<String>> SERVER_PACKAGES = Map.of(
            "http", List.of(),
            "host", List.of(""),
            "core", List.of("", "http"),
            "hpack", List.of(),
            "http1", List.of("", "http", "core"),
            "http2", List.of("", "http", "core", "hpack"),
            "connection", List.of("", "http", "core", "http1", "http2"),
            "", List.of("http", "host", "core", "connection", "http2"));

    @Test
    void serverPackagesImportOnlyWhatTheirLayerMayKnow() throws IOException {
        Path sources = ROOT.resolve("windhover-server/src/main/java/io/windhover/server");
        Pattern imports = Pattern.compile("^import\\s+(?:static\\s+)?io\\.windhover\\.server\\.(?:([a-z0-9]+)\\.)?[A-Z]", Pattern.MULTILINE);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(file -> file.toString().endsWith(".java")).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            Path relative = sources.relativize(file.getParent());
            String own = relative.toString().replace('/', '.');
            assertThat(SERVER_PACKAGES).as("%s is in a package the architecture test knows", file).containsKey(own);
            Matcher matcher = imports.matcher(Files.readString(file));
            while (matcher.find()) {
                String imported = matcher.group(1) == null ? "" : matcher.group(1);
                if (!imported.equals(own)) {
                    assertThat(SERVER_PACKAGES.get(own)).as("%s imports from package '%s'", sources.relativize(file), imported)
                            .contains(imported);
                }
            }
        }
    }

    @Test
    void onlyThePublicApiComposesTheServer() {
        assertThat(sourcesMentioning("import io.windhover.server.WindhoverServer;")).allSatisfy(file ->
                assertThat(ROOT.relativize(file).toString()).doesNotStartWith("windhover-server/"));
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
