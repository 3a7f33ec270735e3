package io.windhover.auth.dataprotection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KDF;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.HKDFParameterSpec;

/**
 * Protects bytes for one purpose with a {@link KeyRing}: AES-256-GCM from the JDK, under a key
 * derived for this purpose and this payload, so the payload is both secret and tamper-evident.
 * ASP.NET Core's {@code IDataProtector} with its AES-GCM authenticated encryptor, whose envelope and
 * key derivation this follows:
 *
 * <pre>
 *  0        4                 20                 36          48                     n-16      n
 *  +--------+-----------------+------------------+-----------+----------------------+---------+
 *  | magic  | key id (UUID)   | key modifier     | nonce     | ciphertext           | GCM tag |
 *  | "WHD1" | 16 bytes        | 16 random bytes  | 12 random | as long as the input | 16      |
 *  +--------+-----------------+------------------+-----------+----------------------+---------+
 *  subkey = HKDF-SHA256(ikm = the key's material, salt = key modifier,
 *                       info = "Windhover.DataProtection.v1" + each purpose, length-prefixed)
 *  AAD    = bytes 0..36 (magic, key id, key modifier)
 * </pre>
 *
 * <p>A fresh key modifier per payload gives each payload its own AES key, as ASP.NET Core's does,
 * so the 96-bit random nonce never meets the 2^32-messages-per-key bound of GCM; the purposes in
 * the derivation keep one purpose's payloads from being accepted by another; the header as AAD
 * keeps the key id from being swapped. Nothing here is new cryptography: HKDF (RFC 5869) and GCM are
 * the JDK's ({@code javax.crypto.KDF}, {@code Cipher "AES/GCM/NoPadding"}).
 *
 * <p>Thread-safe: every call makes its own cipher and KDF.
 */
public final class DataProtector {

    private static final byte[] MAGIC = {'W', 'H', 'D', '1'};
    private static final int KEY_ID_BYTES = 16;
    private static final int KEY_MODIFIER_BYTES = 16;
    /** 96 bits: GCM's native nonce size (NIST SP 800-38D §8.2). */
    private static final int NONCE_BYTES = 12;
    /** 128 bits: GCM's full tag. */
    private static final int TAG_BITS = 128;
    private static final int HEADER_BYTES = MAGIC.length + KEY_ID_BYTES + KEY_MODIFIER_BYTES;
    private static final int OVERHEAD = HEADER_BYTES + NONCE_BYTES + TAG_BITS / 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyRing ring;
    private final List<String> purposes;
    private final byte[] info;

    DataProtector(KeyRing ring, List<String> purposes) {
        this.ring = ring;
        this.purposes = List.copyOf(purposes);
        this.info = derivationInfo(this.purposes);
    }

    /** The purposes this protector derives its keys for. */
    public List<String> purposes() {
        return purposes;
    }

    /** A protector for a narrower purpose: these purposes and {@code subPurpose}. */
    public DataProtector createProtector(String subPurpose) {
        var narrower = new java.util.ArrayList<>(purposes);
        narrower.add(subPurpose);
        return new DataProtector(ring, narrower);
    }

    /** {@code plaintext} encrypted and authenticated under the ring's default key. */
    public byte[] protect(byte[] plaintext) {
        DataProtectionKey key = ring.defaultKey();
        byte[] out = new byte[OVERHEAD + plaintext.length];
        ByteBuffer header = ByteBuffer.wrap(out);
        header.put(MAGIC).putLong(key.id().getMostSignificantBits()).putLong(key.id().getLeastSignificantBits());
        byte[] modifierAndNonce = new byte[KEY_MODIFIER_BYTES + NONCE_BYTES];
        RANDOM.nextBytes(modifierAndNonce);
        header.put(modifierAndNonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, out);
            cipher.doFinal(plaintext, 0, plaintext.length, out, HEADER_BYTES + NONCE_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's AES-GCM or HKDF failed", e);
        }
    }

    /** {@link #protect} as base64url without padding, fit for a cookie or a query parameter. */
    public String protectToString(byte[] plaintext) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(protect(plaintext));
    }

    /**
     * The plaintext of a payload this protector's purposes protected with a key of the ring.
     *
     * @throws DataProtectionException when the payload is malformed, its key unknown or retired, or
     *     its tag does not match (changed, or protected for another purpose)
     */
    public byte[] unprotect(byte[] payload) throws DataProtectionException {
        if (payload.length < OVERHEAD || !java.util.Arrays.equals(payload, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new DataProtectionException(DataProtectionException.Reason.MALFORMED, "not a protected payload");
        }
        ByteBuffer header = ByteBuffer.wrap(payload, MAGIC.length, KEY_ID_BYTES);
        var id = new UUID(header.getLong(), header.getLong());
        DataProtectionKey key = ring.find(id);
        if (key == null) {
            throw new DataProtectionException(DataProtectionException.Reason.UNKNOWN_KEY, "the key " + id + " is not in the key ring");
        }
        if (key.isRetiredAt(ring.options().clock().instant(), ring.options().retention())) {
            throw new DataProtectionException(DataProtectionException.Reason.RETIRED_KEY, "the key " + id + " expired at "
                    + key.expiration() + " and has retired");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, payload);
            int offset = HEADER_BYTES + NONCE_BYTES;
            return cipher.doFinal(payload, offset, payload.length - offset);
        } catch (AEADBadTagException forged) {
            throw new DataProtectionException(DataProtectionException.Reason.FORGED, "the payload's authentication tag does not match");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's AES-GCM or HKDF failed", e);
        }
    }

    /** {@link #unprotect} of a {@link #protectToString} string. */
    public byte[] unprotectString(String payload) throws DataProtectionException {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(payload);
        } catch (IllegalArgumentException notBase64) {
            throw new DataProtectionException(DataProtectionException.Reason.MALFORMED, "not base64url");
        }
        return unprotect(bytes);
    }

    /** A cipher keyed for this payload: the subkey from its key modifier, its nonce, its header as AAD. */
    private Cipher cipher(int mode, DataProtectionKey key, byte[] payload) throws GeneralSecurityException {
        byte[] modifier = java.util.Arrays.copyOfRange(payload, MAGIC.length + KEY_ID_BYTES, HEADER_BYTES);
        KDF hkdf = KDF.getInstance("HKDF-SHA256");
        SecretKey subkey = hkdf.deriveKey("AES", HKDFParameterSpec.ofExtract().addIKM(key.material().asSecretKey())
                .addSalt(modifier).thenExpand(info, KeyMaterial.BYTES));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, subkey, new GCMParameterSpec(TAG_BITS, payload, HEADER_BYTES, NONCE_BYTES));
        cipher.updateAAD(payload, 0, HEADER_BYTES);
        return cipher;
    }

    /** "Windhover.DataProtection.v1", then each purpose as a 4-byte length and its UTF-8: no two purpose lists give the same bytes. */
    private static byte[] derivationInfo(List<String> purposes) {
        byte[] label = "Windhover.DataProtection.v1".getBytes(StandardCharsets.US_ASCII);
        List<byte[]> encoded = purposes.stream().map(purpose -> purpose.getBytes(StandardCharsets.UTF_8)).toList();
        ByteBuffer info = ByteBuffer.allocate(label.length + encoded.stream().mapToInt(bytes -> 4 + bytes.length).sum());
        info.put(label);
        encoded.forEach(bytes -> info.putInt(bytes.length).put(bytes));
        return info.array();
    }
}
