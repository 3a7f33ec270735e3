package io.windhover.auth.dataprotection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.auth.jwt.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key ring and its protectors: payloads come back only unchanged, for their own purpose, under a
 * key that has not retired; keys rotate on the ring's clock, a propagation window ahead; keys are
 * kept in an owner-only folder that a restarted (or another) server reads.
 */
class KeyRingTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final byte[] SECRET = "ada, admin, until five".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path temporary;
    private final MutableClock clock = new MutableClock(START);
    private final KeyRingOptions options = KeyRingOptions.defaults().withClock(clock);

    private Path folder() {
        return temporary.resolve("keys");
    }

    @Test
    void aPayloadComesBackUnchangedAndTheCiphertextHidesIt() throws Exception {
        DataProtector protector = KeyRing.inMemory(options).protector("Cookies", "ticket");
        byte[] payload = protector.protect(SECRET);
        assertThat(payload).hasSize(SECRET.length + 4 + 16 + 16 + 12 + 16);
        assertThat(new String(payload, StandardCharsets.ISO_8859_1)).doesNotContain("ada");
        assertThat(protector.unprotect(payload)).isEqualTo(SECRET);
        assertThat(protector.unprotectString(protector.protectToString(SECRET))).isEqualTo(SECRET);
        assertThat(protector.protect(SECRET)).as("a fresh key modifier and nonce each time").isNotEqualTo(payload);
    }

    @Test
    void everyChangedByteIsRefusedForItsReason() throws Exception {
        DataProtector protector = KeyRing.inMemory(options).protector("Cookies");
        byte[] payload = protector.protect(SECRET);
        for (int i = 0; i < payload.length; i++) {
            byte[] tampered = payload.clone();
            tampered[i] ^= 0x01;
            var expected = i < 4 ? DataProtectionException.Reason.MALFORMED
                    : i < 20 ? DataProtectionException.Reason.UNKNOWN_KEY
                    : DataProtectionException.Reason.FORGED;
            assertThatThrownBy(() -> protector.unprotect(tampered)).as("byte %d", i)
                    .isInstanceOfSatisfying(DataProtectionException.class, refused -> assertThat(refused.reason()).isEqualTo(expected));
        }
    }

    @Test
    void aShortOrMangledPayloadIsMalformed() {
        DataProtector protector = KeyRing.inMemory(options).protector("Cookies");
        byte[] payload = protector.protect(SECRET);
        for (byte[] bad : List.of(new byte[0], java.util.Arrays.copyOf(payload, 47), "not a payload at all, not at all, no".getBytes())) {
            assertThatThrownBy(() -> protector.unprotect(bad)).isInstanceOfSatisfying(DataProtectionException.class,
                    refused -> assertThat(refused.reason()).isEqualTo(DataProtectionException.Reason.MALFORMED));
        }
        assertThatThrownBy(() -> protector.unprotectString("%%%")).isInstanceOfSatisfying(DataProtectionException.class,
                refused -> assertThat(refused.reason()).isEqualTo(DataProtectionException.Reason.MALFORMED));
        byte[] truncatedTag = java.util.Arrays.copyOf(payload, payload.length - 1);
        assertThatThrownBy(() -> protector.unprotect(truncatedTag)).isInstanceOfSatisfying(DataProtectionException.class,
                refused -> assertThat(refused.reason()).isEqualTo(DataProtectionException.Reason.FORGED));
    }

    @Test
    void anotherPurposeCannotReadIt() throws Exception {
        KeyRing ring = KeyRing.inMemory(options);
        byte[] payload = ring.protector("Cookies", "ticket").protect(SECRET);
        for (DataProtector other : List.of(ring.protector("Antiforgery"), ring.protector("Cookies"), ring.protector("Cookies", "ticket", "x"),
                ring.protector("Cookiesticket"), ring.protector("Cookies", "ticket").createProtector("narrower"))) {
            assertThatThrownBy(() -> other.unprotect(payload)).as("%s", other.purposes()).isInstanceOfSatisfying(DataProtectionException.class,
                    refused -> assertThat(refused.reason()).isEqualTo(DataProtectionException.Reason.FORGED));
        }
        assertThat(ring.protector("Cookies").createProtector("ticket").unprotect(payload)).isEqualTo(SECRET);
    }

    @Test
    void anotherRingCannotReadIt() {
        byte[] payload = KeyRing.inMemory(options).protector("Cookies").protect(SECRET);
        assertThatThrownBy(() -> KeyRing.inMemory(options).protector("Cookies").unprotect(payload))
                .isInstanceOfSatisfying(DataProtectionException.class,
                        refused -> assertThat(refused.reason()).isEqualTo(DataProtectionException.Reason.UNKNOWN_KEY));
    }

    @Test
    void keysRotateAPropagationWindowAheadAndOldPayloadsStillReadUntilTheirKeyRetires() throws Exception {
        KeyRing ring = KeyRing.inFolder(folder(), options);
        DataProtector protector = ring.protector("Cookies");
        byte[] first = protector.protect(SECRET);
        DataProtectionKey firstKey = ring.defaultKey();
        assertThat(firstKey.activation()).isEqualTo(START);
        assertThat(firstKey.expiration()).isEqualTo(START.plus(Duration.ofDays(90)));

        clock.advance(Duration.ofDays(88).minusSeconds(1));
        assertThat(ring.defaultKey()).isEqualTo(firstKey);
        assertThat(ring.keys()).as("not yet within two days of the expiry").hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(ring.defaultKey()).as("the old key protects until its expiry").isEqualTo(firstKey);
        assertThat(ring.keys()).as("its successor is made now, to activate at the expiry").hasSize(2);
        DataProtectionKey second = ring.keys().getLast();
        assertThat(second.activation()).isEqualTo(firstKey.expiration());
        assertThat(second.expiration()).isEqualTo(firstKey.expiration().plus(Duration.ofDays(90)));

        clock.advance(Duration.ofDays(2));
        assertThat(ring.defaultKey()).isEqualTo(second);
        byte[] later = protector.protect(SECRET);
        assertThat(protector.unprotect(first)).as("an expired key still reads").isEqualTo(SECRET);

        // 90 days of retention after the first key's expiry, less a second: still read.
        clock.advance(Duration.ofDays(90).minusSeconds(1));
        assertThat(protector.unprotect(first)).isEqualTo(SECRET);
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> protector.unprotect(first)).isInstanceOfSatisfying(DataProtectionException.class,
                refused -> assertThat(refused.reason()).isEqualTo(DataProtectionException.Reason.RETIRED_KEY));
        assertThat(protector.unprotect(later)).isEqualTo(SECRET);

        // The next rotation deletes the retired key's file: what it protected is gone for good.
        assertThat(keyFiles()).hasSize(2);
        clock.advance(Duration.ofDays(90));
        ring.defaultKey();
        assertThat(keyFiles()).noneMatch(file -> file.getFileName().toString().contains(firstKey.id().toString()));
        assertThatThrownBy(() -> protector.unprotect(first)).isInstanceOfSatisfying(DataProtectionException.class,
                refused -> assertThat(refused.reason()).isEqualTo(DataProtectionException.Reason.UNKNOWN_KEY));
    }

    @Test
    void keysAreKeptOwnerOnlyAndARestartedServerReadsThem() throws Exception {
        byte[] payload = KeyRing.inFolder(folder(), options).protector("Cookies").protect(SECRET);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder()))).isEqualTo("rwx------");
        assertThat(keyFiles()).singleElement().satisfies(file -> {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(Files.readString(file)).doesNotContain(new String(SECRET, StandardCharsets.UTF_8));
        });
        KeyRing restarted = KeyRing.inFolder(folder(), options);
        assertThat(restarted.protector("Cookies").unprotect(payload)).isEqualTo(SECRET);
        assertThat(restarted.keys()).hasSize(1);
        restarted.defaultKey();
        assertThat(keyFiles()).as("the restarted server uses the kept key rather than making one").hasSize(1);
    }

    @Test
    void aKeyAnotherServerMadeIsReadFromTheFolderAtMostOncePerReloadInterval() throws Exception {
        KeyRing here = KeyRing.inFolder(folder(), options);
        DataProtector reader = here.protector("Cookies");
        reader.protect(SECRET); // this server's key, made now
        // Another server sharing the folder, whose own clock has its first key already expired.
        KeyRing there = KeyRing.inFolder(folder(), KeyRingOptions.defaults().withClock(() -> START.plus(Duration.ofDays(91))));
        byte[] theirs = there.protector("Cookies").protect(SECRET);
        assertThatThrownBy(() -> reader.unprotect(theirs)).as("the folder was read when the ring was made, a moment ago")
                .isInstanceOfSatisfying(DataProtectionException.class,
                        refused -> assertThat(refused.reason()).isEqualTo(DataProtectionException.Reason.UNKNOWN_KEY));
        clock.advance(Duration.ofMinutes(1));
        assertThat(reader.unprotect(theirs)).as("a minute on: the folder is read again").isEqualTo(SECRET);

        byte[] again = KeyRing.inFolder(folder(), KeyRingOptions.defaults().withClock(() -> START.plus(Duration.ofDays(200))))
                .protector("Cookies").protect(SECRET);
        assertThatThrownBy(() -> reader.unprotect(again)).as("read a moment ago: not again within the minute")
                .isInstanceOfSatisfying(DataProtectionException.class,
                        refused -> assertThat(refused.reason()).isEqualTo(DataProtectionException.Reason.UNKNOWN_KEY));
        clock.advance(Duration.ofMinutes(1));
        assertThat(reader.unprotect(again)).isEqualTo(SECRET);
    }

    @Test
    void aFolderOthersCanReadIsRefused() throws Exception {
        Files.createDirectory(folder(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        assertThatThrownBy(() -> KeyRing.inFolder(folder(), options)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is open to others (rwxr-x---)").hasMessageContaining("chmod 700");
    }

    @Test
    void optionsRefuseALifetimeUnderAWeekAndAWindowAsLongAsTheLifetime() {
        assertThatThrownBy(() -> options.withKeyLifetime(Duration.ofDays(7).minusSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(options.withKeyLifetime(Duration.ofDays(7)).keyLifetime()).isEqualTo(Duration.ofDays(7));
        assertThatThrownBy(() -> new KeyRingOptions(Duration.ofDays(7), Duration.ZERO, Duration.ofDays(7), Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neitherAKeyNorItsMaterialShowsTheSecretInText() {
        DataProtectionKey key = KeyRing.inMemory(options).defaultKey();
        String material = java.util.HexFormat.of().formatHex(key.material().toBytes());
        assertThat(key.toString()).doesNotContain(material).contains(key.id().toString());
        assertThat(key.material().toString()).isEqualTo("KeyMaterial[32 bytes]");
    }

    private List<Path> keyFiles() throws java.io.IOException {
        try (Stream<Path> files = Files.list(folder())) {
            return files.filter(file -> file.getFileName().toString().startsWith("key-")).toList();
        }
    }
}
