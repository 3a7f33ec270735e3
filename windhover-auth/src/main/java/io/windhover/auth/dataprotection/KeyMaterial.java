package io.windhover.auth.dataprotection;

import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A key's secret bytes, 256 bits for AES-256, kept out of {@code toString}, {@code equals} by
 * constant-time comparison. Immutable; the bytes are copied in and out.
 */
public final class KeyMaterial {

    /** 32 bytes: AES-256, the key size ASP.NET Core's data protection uses by default. */
    public static final int BYTES = 32;

    private final byte[] bytes;

    private KeyMaterial(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("key material is " + BYTES + " bytes, not " + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    /** Fresh material from {@code random}. */
    static KeyMaterial generate(SecureRandom random) {
        byte[] fresh = new byte[BYTES];
        random.nextBytes(fresh);
        return new KeyMaterial(fresh);
    }

    /** Material read back from storage. */
    static KeyMaterial of(byte[] bytes) {
        return new KeyMaterial(bytes);
    }

    /** The bytes, as a key for the KDF. */
    SecretKey asSecretKey() {
        return new SecretKeySpec(bytes, "HKDF-SHA256");
    }

    /** A copy of the bytes, for storage. */
    byte[] toBytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyMaterial material && MessageDigest.isEqual(bytes, material.bytes);
    }

    @Override
    public int hashCode() {
        return BYTES; // equal materials agree; a hash of secret bytes would be one more thing to leak
    }

    @Override
    public String toString() {
        return "KeyMaterial[" + BYTES + " bytes]";
    }
}
