package io.windhover.auth.dataprotection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KeyRing}'s keys as files in one folder, {@code key-<id>.properties} each, as ASP.NET
 * Core's {@code FileSystemXmlRepository} keeps {@code key-<id>.xml}. The folder is made readable by
 * its owner only, and a folder that others can read or enter is refused, as ssh refuses a private
 * key others can read: the files hold the key material in the clear (ASP.NET Core does the same on
 * Linux, with a warning; encrypting it at rest would need a key kept somewhere else). Each file is
 * written whole to a temporary name and moved into place, so a reader never sees half a key.
 *
 * <p>Thread-safe as the file system is; several processes may share the folder.
 */
final class KeyFolder {

    private static final Logger LOG = LoggerFactory.getLogger(KeyFolder.class);
    private static final Set<PosixFilePermission> OWNER_FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path folder;
    private final boolean posix;

    /**
     * The folder {@code folder}, made (owner-only) when missing.
     *
     * @throws IllegalStateException when the folder is open to its group or others
     */
    KeyFolder(Path folder) throws IOException {
        this.folder = folder.toAbsolutePath();
        this.posix = this.folder.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(this.folder)) {
            Files.createDirectories(this.folder.getParent());
            try {
                Files.createDirectory(this.folder, ownerOnly(OWNER_FOLDER));
            } catch (FileAlreadyExistsException raced) {
                // another process made it first; its permissions are checked below as any folder's
            }
        }
        if (posix) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(this.folder);
            if (!OWNER_FOLDER.containsAll(permissions)) {
                throw new IllegalStateException("the data protection key folder " + this.folder + " is open to others ("
                        + PosixFilePermissions.toString(permissions) + "); its keys decrypt every cookie: chmod 700 it");
            }
        }
    }

    Path path() {
        return folder;
    }

    /** Every key in the folder; a file that cannot be read is skipped with a warning. */
    List<DataProtectionKey> load() throws IOException {
        List<DataProtectionKey> keys = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "key-*.properties")) {
            for (Path file : files) {
                try {
                    keys.add(read(file));
                } catch (IOException | RuntimeException unreadable) {
                    LOG.warn("data protection: skipping the unreadable key file {}: {}", file, unreadable.toString());
                }
            }
        }
        return keys;
    }

    /** Writes {@code key} as a new file, owner-only. */
    void save(DataProtectionKey key) throws IOException {
        var properties = new Properties();
        properties.setProperty("id", key.id().toString());
        properties.setProperty("creation", key.creation().toString());
        properties.setProperty("activation", key.activation().toString());
        properties.setProperty("expiration", key.expiration().toString());
        properties.setProperty("material", Base64.getEncoder().encodeToString(key.material().toBytes()));
        Path temporary = Files.createTempFile(folder, ".key-", ".tmp", ownerOnly(OWNER_FILE));
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                properties.store(out, "a Windhover data protection key: whoever reads this file can read and forge what it protected");
            }
            Files.move(temporary, file(key.id()), StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Deletes a retired key's file; a missing file is fine (another server deleted it). */
    void delete(UUID id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the retired key file " + file(id), e);
        }
    }

    private Path file(UUID id) {
        return folder.resolve("key-" + id + ".properties");
    }

    private static DataProtectionKey read(Path file) throws IOException {
        var properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return new DataProtectionKey(UUID.fromString(required(properties, "id")), Instant.parse(required(properties, "creation")),
                Instant.parse(required(properties, "activation")), Instant.parse(required(properties, "expiration")),
                KeyMaterial.of(Base64.getDecoder().decode(required(properties, "material"))));
    }

    private static String required(Properties properties, String name) {
        String value = properties.getProperty(name);
        if (value == null) {
            throw new IllegalArgumentException("no '" + name + "'");
        }
        return value;
    }

    private FileAttribute<?>[] ownerOnly(Set<PosixFilePermission> permissions) {
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }
}
