package io.windhover.auth.cookies;

import io.windhover.auth.AuthenticationProperties;
import io.windhover.web.Claim;
import io.windhover.web.ClaimsIdentity;
import io.windhover.web.ClaimsPrincipal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An authentication ticket (the user and the properties of its sign-in) as bytes, before protection
 * and after: ASP.NET Core's {@code TicketSerializer}, a versioned binary form. It only ever reads
 * bytes that came out of an authenticated decryption, so it trusts their shape, and still bounds
 * every count and length so that a bug elsewhere cannot make it allocate without limit.
 *
 * <pre>
 * int version (1) | int identities | per identity: opt authenticationType, nameClaimType, roleClaimType,
 *   int claims, per claim: type, value, issuer | opt issuedAt (epoch ms), opt expiresAt, boolean persistent,
 *   opt redirectUri, int items, per item: key, value
 * strings: int length + UTF-8; opt: boolean present, then the value
 * </pre>
 */
final class TicketSerializer {

    static final int VERSION = 1;
    /** Far above what fits in one cookie (4 KiB): a count past it can only be a bug. */
    private static final int MAX_COUNT = 4096;
    private static final int MAX_STRING_BYTES = 64 * 1024;

    private TicketSerializer() {
    }

    static byte[] write(ClaimsPrincipal user, AuthenticationProperties properties) {
        var bytes = new ByteArrayOutputStream(256);
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(VERSION);
            out.writeInt(user.identities().size());
            for (ClaimsIdentity identity : user.identities()) {
                writeOptional(out, identity.authenticationType());
                writeString(out, identity.nameClaimType());
                writeString(out, identity.roleClaimType());
                out.writeInt(identity.claims().size());
                for (Claim claim : identity.claims()) {
                    writeString(out, claim.type());
                    writeString(out, claim.value());
                    writeString(out, claim.issuer());
                }
            }
            writeInstant(out, properties.issuedAt());
            writeInstant(out, properties.expiresAt());
            out.writeBoolean(properties.persistent());
            writeOptional(out, properties.redirectUri());
            out.writeInt(properties.items().size());
            for (var item : properties.items().entrySet()) {
                writeString(out, item.getKey());
                writeString(out, item.getValue());
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    /** The ticket, as a user and properties. @throws IOException when the bytes are not a ticket of this version */
    static Ticket read(byte[] bytes) throws IOException {
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("ticket version " + version + ", expected " + VERSION);
            }
            int count = count(in);
            List<ClaimsIdentity> identities = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String authenticationType = readOptional(in);
                String nameType = readString(in);
                String roleType = readString(in);
                int claimCount = count(in);
                List<Claim> claims = new ArrayList<>(claimCount);
                for (int c = 0; c < claimCount; c++) {
                    claims.add(new Claim(readString(in), readString(in), readString(in)));
                }
                identities.add(new ClaimsIdentity(authenticationType, claims, nameType, roleType));
            }
            Instant issued = readInstant(in);
            Instant expires = readInstant(in);
            boolean persistent = in.readBoolean();
            String redirect = readOptional(in);
            int itemCount = count(in);
            Map<String, String> items = new LinkedHashMap<>();
            for (int i = 0; i < itemCount; i++) {
                items.put(readString(in), readString(in));
            }
            if (in.available() > 0) {
                throw new IOException("bytes after the ticket");
            }
            return new Ticket(new ClaimsPrincipal(identities), new AuthenticationProperties(redirect, items, issued, expires, persistent));
        } catch (IllegalArgumentException | NullPointerException invalid) {
            throw new IOException("not a ticket: " + invalid.getMessage(), invalid);
        }
    }

    /** A user and the properties of its sign-in. */
    record Ticket(ClaimsPrincipal user, AuthenticationProperties properties) {
    }

    private static int count(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_COUNT) {
            throw new IOException("a count of " + count);
        }
        return count;
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_STRING_BYTES) {
            throw new IOException("a string of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeOptional(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            writeString(out, text);
        }
    }

    private static String readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }

    private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        out.writeBoolean(instant != null);
        if (instant != null) {
            out.writeLong(instant.toEpochMilli());
        }
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochMilli(in.readLong()) : null;
    }
}
