package io.windhover.auth.dataprotection;

import java.security.GeneralSecurityException;

/**
 * A payload {@link DataProtector#unprotect} refuses, and why. ASP.NET Core's
 * {@code CryptographicException} from {@code Unprotect}. The reason is for logs and tests; a client
 * is told no more than that its credentials were refused.
 */
public final class DataProtectionException extends GeneralSecurityException {

    /** Why a payload was refused. */
    public enum Reason {
        /** Not a payload of this format: too short, another magic header, not base64url. */
        MALFORMED,
        /** Its key is not in the ring: another application's, or a key deleted long ago. */
        UNKNOWN_KEY,
        /** Its key has retired: the payload is older than the key's lifetime and retention. */
        RETIRED_KEY,
        /** The authentication tag does not match: the payload was changed, or protected for another purpose. */
        FORGED
    }

    private final Reason reason;

    DataProtectionException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
