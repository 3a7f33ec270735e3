package io.windhover.auth.oidc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * oidc-provider from npm, run by node on a loopback port from the test resources' {@code oidc/provider.mjs},
 * with one confidential client. bin/setup-test-tools installs node (Debian's package) and
 * oidc-provider into {@link #moduleFolder()}; without them the test fails, saying what to run.
 */
final class OpenIdProviderProcess implements AutoCloseable {

    private final Process node;
    private final Path log;
    private final String issuer;

    private OpenIdProviderProcess(Process node, Path log, String issuer) {
        this.node = node;
        this.log = log;
        this.issuer = issuer;
    }

    /** Where bin/setup-test-tools puts oidc-provider: {@code $XDG_CACHE_HOME/windhover/oidc-provider}, else {@code ~/.cache/...}. */
    static Path moduleFolder() {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path root = cache != null && !cache.isEmpty() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return root.resolve("windhover").resolve("oidc-provider");
    }

    /** Starts the provider for {@code clientId} with {@code secret} and {@code redirectUri}; returns once it listens. */
    static OpenIdProviderProcess start(String clientId, String secret, String redirectUri) throws IOException {
        Path modules = moduleFolder();
        if (!Files.isDirectory(modules.resolve("node_modules/oidc-provider"))) {
            throw new IllegalStateException("oidc-provider is not installed in " + modules + ": run bin/setup-test-tools");
        }
        Path script = Path.of("src/test/resources/oidc/provider.mjs").toAbsolutePath();
        Path log = Files.createTempFile("oidc-provider", ".log");
        Process node = new ProcessBuilder(List.of("node", script.toString(), modules.toString(), clientId, secret, redirectUri))
                .redirectError(log.toFile()).start();
        var out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine(); // blocks until the provider listens, or node ends
        Matcher issuer = line == null ? null : Pattern.compile("\\{\"issuer\":\"(http://127\\.0\\.0\\.1:\\d+)\"}").matcher(line);
        if (issuer == null || !issuer.matches()) {
            node.destroy();
            throw new IllegalStateException("oidc-provider did not start: " + line + "\n" + Files.readString(log));
        }
        return new OpenIdProviderProcess(node, log, issuer.group(1));
    }

    String issuer() {
        return issuer;
    }

    /** What the provider wrote on its standard error: its warnings and any server error. */
    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        node.getOutputStream().close(); // the script ends when its standard input closes
        if (!node.waitFor(10, TimeUnit.SECONDS)) {
            node.destroyForcibly();
        }
        Files.deleteIfExists(log);
    }
}
