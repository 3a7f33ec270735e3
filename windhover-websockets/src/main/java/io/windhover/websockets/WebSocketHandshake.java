package io.windhover.websockets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The handshake's computations that do not depend on how it travels (RFC 6455 §4.2): checking
 * the client's key, the accept value, choosing a subprotocol. The web layer reads and writes the
 * fields; over HTTP/2 (RFC 8441 §5) there is no key and no accept value, the rest is the same.
 *
 * <pre>{@code
 * if (!WebSocketHandshake.isValidKey(key)) { respond 400 }
 * response.headers().set("Sec-WebSocket-Accept", WebSocketHandshake.acceptValue(key));
 * }</pre>
 */
public final class WebSocketHandshake {

    /** RFC 6455 §1.3: the GUID appended to the key before hashing. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** The only version RFC 6455 defines; §4.4 answers any other with 426 and this one. */
    public static final String VERSION = "13";

    private WebSocketHandshake() {
    }

    /**
     * Whether {@code key} is a {@code Sec-WebSocket-Key}: RFC 6455 §4.1, "a randomly selected
     * 16-byte value that has been base64-encoded" — 24 characters that decode to 16 bytes.
     */
    public static boolean isValidKey(String key) {
        if (key == null || key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A SHA-1 digest cloned for each handshake: {@code MessageDigest.getInstance} consults the JCA's
     * per-thread provider list, and the lookup alone leaves a thread-local map on the thread, which
     * is the socket's own virtual thread for as long as the socket lives.
     */
    private static final MessageDigest SHA_1 = sha1();

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** {@code Sec-WebSocket-Accept} for {@code key}: base64(SHA-1(key + GUID)), RFC 6455 §4.2.2. */
    public static String acceptValue(String key) {
        MessageDigest digest;
        try {
            digest = (MessageDigest) SHA_1.clone();
        } catch (CloneNotSupportedException e) {
            digest = sha1(); // a provider whose digest cannot be cloned
        }
        return Base64.getEncoder().encodeToString(digest.digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * The subprotocol to answer with: the first of the server's, in its order of preference, that
     * the client offered in any {@code Sec-WebSocket-Protocol} field (comma-separated tokens,
     * compared exactly: RFC 6455 §11.3.4 makes them case-sensitive). Null for none — the answer
     * then names none, and the client decides whether to go on (§4.1).
     */
    public static String chooseSubProtocol(List<String> serverPreference, List<String> offeredFields) {
        List<String> offered = new ArrayList<>();
        for (String field : offeredFields) {
            for (String token : field.split(",")) {
                String trimmed = token.strip();
                if (!trimmed.isEmpty()) {
                    offered.add(trimmed);
                }
            }
        }
        for (String supported : serverPreference) {
            if (offered.contains(supported)) {
                return supported;
            }
        }
        return null;
    }

    /** Whether a {@code Sec-WebSocket-Version} field asks for version 13. */
    public static boolean isSupportedVersion(String version) {
        return version != null && VERSION.equals(version.strip());
    }

    /** Whether {@code value} is among the comma-separated tokens of a field, ignoring case (the {@code Upgrade} field's "websocket"). */
    public static boolean containsToken(List<String> fieldValues, String token) {
        for (String value : fieldValues) {
            for (String each : value.split(",")) {
                if (each.strip().toLowerCase(Locale.ROOT).equals(token)) {
                    return true;
                }
            }
        }
        return false;
    }
}
