package io.windhover.auth.oidc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;

/**
 * What a challenge keeps for its callback, carried in the {@code state} parameter encrypted and
 * authenticated by the key ring (ASP.NET Core keeps its {@code AuthenticationProperties} there the
 * same way): the correlation id that must match the browser's correlation cookie, where to go
 * afterwards, the {@code redirect_uri} sent, the PKCE code verifier, the nonce, and when the
 * sign-in started. Before protection:
 *
 * <pre>
 *  version (1 byte, 1) | issued at (8 bytes, epoch seconds) | then five modified-UTF-8 strings, each
 *  a 2-byte length and its bytes: correlation id, return URL, redirect_uri, code verifier, nonce
 * </pre>
 */
record SignInState(String correlationId, String returnUrl, String redirectUri, String codeVerifier, String nonce, Instant issuedAt) {

    private static final int VERSION = 1;

    byte[] write() {
        var bytes = new ByteArrayOutputStream(256);
        try (var out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(issuedAt.getEpochSecond());
            for (String field : new String[] {correlationId, returnUrl, redirectUri, codeVerifier, nonce}) {
                out.writeUTF(field);
            }
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException when the bytes are not a state of this version */
    static SignInState read(byte[] bytes) throws IOException {
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readUnsignedByte() != VERSION) {
                throw new IOException("not a sign-in state of version " + VERSION);
            }
            Instant issued = Instant.ofEpochSecond(in.readLong());
            var state = new SignInState(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), issued);
            if (in.available() != 0) {
                throw new IOException("bytes after the sign-in state");
            }
            return state;
        }
    }
}
