package io.windhover.samples.todo;

import io.windhover.web.Configuration;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The todo sample's development signing key, made once and kept outside the repository, as
 * {@code dotnet user-jwts} keeps its key in the user's secrets: {@code todo.properties} in
 * {@code Authentication:Bearer:DevelopmentKeyFolder}, else {@code $WINDHOVER_USER_JWTS}, else
 * {@code ~/.windhover/user-jwts}, readable by its owner only. Used in Development when no key is
 * configured, by the server and by {@code bin/todo jwt} alike.
 */
final class DevelopmentSigningKey {

    static final String ISSUER = "windhover-todo-development";
    static final String AUDIENCE = "todos";
    private static final int KEY_BYTES = 32;

    private DevelopmentSigningKey() {
    }

    static Path folder(Configuration configuration) {
        String configured = configuration.get(BearerSettings.SECTION + ":DevelopmentKeyFolder");
        if (configured != null) {
            return Path.of(configured);
        }
        String environment = System.getenv("WINDHOVER_USER_JWTS");
        return environment != null ? Path.of(environment) : Path.of(System.getProperty("user.home"), ".windhover", "user-jwts");
    }

    /** The key kept in {@code folder}, made first when there is none. */
    static synchronized BearerSettings loadOrCreate(Path folder) throws IOException {
        Path file = folder.resolve("todo.properties");
        var properties = new Properties();
        if (!Files.exists(file)) {
            Files.createDirectories(folder);
            byte[] key = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(key);
            properties.setProperty("SigningKey", Base64.getUrlEncoder().withoutPadding().encodeToString(key));
            properties.setProperty("Issuer", ISSUER);
            properties.setProperty("Audience", AUDIENCE);
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                restrictToOwner(file);
                properties.store(out, "the todo sample's development signing key (bin/todo jwt); not for production");
            }
        }
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return new BearerSettings(Base64.getUrlDecoder().decode(properties.getProperty("SigningKey")),
                properties.getProperty("Issuer"), properties.getProperty("Audience"));
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file stays under the user's profile, which only its owner reads.
        }
    }
}
