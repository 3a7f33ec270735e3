package io.windhover.websockets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The permessage-deflate parameters both sides agreed on (RFC 7692 §7), and the negotiation
 * that picks them from the client's offers.
 *
 * <p>java.util.zip's {@code Deflater} always compresses with a 32 KiB window (15 bits). An offer
 * that asks the server for a smaller one ({@code server_max_window_bits} under 15) is still
 * accepted: this side then sends every message uncompressed, which RFC 7692 §6 allows (compression
 * is per message), and inflates what the client compresses. A client window of any size inflates
 * with a 15-bit window.
 *
 * @param serverNoContextTakeover the server starts every message with an empty window
 * @param clientNoContextTakeover the client does (so this side resets its inflater per message)
 * @param serverMaxWindowBits the largest window this side may compress with, 8-15
 * @param clientMaxWindowBits the largest window the client compresses with, 8-15
 */
public record PerMessageDeflate(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
        int serverMaxWindowBits, int clientMaxWindowBits) {

    public static final String NAME = "permessage-deflate";

    /** The window java.util.zip compresses with. */
    private static final int DEFLATER_WINDOW_BITS = 15;

    /** Whether this side may compress: the window it was granted is the one its compressor uses. */
    public boolean serverCompresses() {
        return serverMaxWindowBits >= DEFLATER_WINDOW_BITS;
    }

    /**
     * The first offer of permessage-deflate in the client's {@code Sec-WebSocket-Extensions}
     * fields that this side can accept, or null. RFC 7692 §5: an offer with an unknown parameter,
     * a parameter twice or a value out of range is declined (the next one is considered), never
     * an error.
     *
     * @param forceServerNoContextTakeover answer with {@code server_no_context_takeover} even when
     *     not asked (§7.1.1.1 lets the server)
     */
    public static PerMessageDeflate negotiate(List<String> extensionFields, boolean forceServerNoContextTakeover) {
        for (String field : extensionFields) {
            for (List<String[]> offer : ExtensionOffers.parse(field)) {
                if (!offer.getFirst()[0].equals(NAME)) {
                    continue;
                }
                PerMessageDeflate accepted = accept(offer.subList(1, offer.size()), forceServerNoContextTakeover);
                if (accepted != null) {
                    return accepted;
                }
            }
        }
        return null;
    }

    private static PerMessageDeflate accept(List<String[]> parameters, boolean forceServerNoContextTakeover) {
        boolean serverNoContext = false;
        boolean clientNoContext = false;
        int serverBits = -1;
        int clientBits = -1;
        List<String> seen = new ArrayList<>();
        for (String[] parameter : parameters) {
            String name = parameter[0];
            String value = parameter[1];
            if (seen.contains(name)) {
                return null; // §7: a parameter given twice declines the offer
            }
            seen.add(name);
            switch (name) {
                case "server_no_context_takeover" -> {
                    if (value != null) {
                        return null;
                    }
                    serverNoContext = true;
                }
                case "client_no_context_takeover" -> {
                    if (value != null) {
                        return null;
                    }
                    clientNoContext = true;
                }
                case "server_max_window_bits" -> {
                    serverBits = windowBits(value);
                    if (serverBits < 0) {
                        return null; // §7.1.2.1: a value is required, 8 to 15
                    }
                }
                case "client_max_window_bits" -> {
                    // §7.1.2.2: may come without a value ("I can honour a limit"); ours is 15.
                    clientBits = value == null ? DEFLATER_WINDOW_BITS : windowBits(value);
                    if (clientBits < 0) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return new PerMessageDeflate(serverNoContext || forceServerNoContextTakeover, clientNoContext,
                serverBits < 0 ? DEFLATER_WINDOW_BITS : serverBits, clientBits < 0 ? DEFLATER_WINDOW_BITS : clientBits);
    }

    private static int windowBits(String value) {
        if (value == null || value.isEmpty() || value.length() > 2 || !value.chars().allMatch(Character::isDigit)) {
            return -1; // §7.1.2: 1*DIGIT without leading zeros, 8 to 15
        }
        int bits = Integer.parseInt(value);
        return bits >= 8 && bits <= 15 && value.charAt(0) != '0' ? bits : -1;
    }

    /**
     * The {@code Sec-WebSocket-Extensions} answer. It names {@code server_max_window_bits} when
     * the client limited it (§7.1.2.1: the server must then answer with a value no larger), and
     * never {@code client_max_window_bits}: our inflater takes any window.
     */
    public String responseHeader() {
        StringBuilder answer = new StringBuilder(NAME);
        if (serverNoContextTakeover) {
            answer.append("; server_no_context_takeover");
        }
        if (clientNoContextTakeover) {
            answer.append("; client_no_context_takeover");
        }
        if (serverMaxWindowBits < DEFLATER_WINDOW_BITS) {
            answer.append("; server_max_window_bits=").append(serverMaxWindowBits);
        }
        return answer.toString();
    }

    /** RFC 6455 §9.1's grammar for {@code Sec-WebSocket-Extensions}: offers of a name and parameters. */
    private static final class ExtensionOffers {

        /** Each offer as [name, null] then [parameter, value or null]...; names lower-cased. */
        static List<List<String[]>> parse(String field) {
            List<List<String[]>> offers = new ArrayList<>();
            List<String[]> current = new ArrayList<>();
            StringBuilder token = new StringBuilder();
            String name = null;
            boolean inQuotes = false;
            for (int i = 0; i <= field.length(); i++) {
                char c = i < field.length() ? field.charAt(i) : ',';
                if (inQuotes) {
                    if (c == '\\' && i + 1 < field.length()) {
                        token.append(field.charAt(++i));
                    } else if (c == '"') {
                        inQuotes = false;
                    } else {
                        token.append(c);
                    }
                } else if (c == '"') {
                    inQuotes = true;
                } else if (c == '=' && name == null) {
                    name = token.toString().strip();
                    token.setLength(0);
                } else if (c == ';' || c == ',') {
                    String text = token.toString().strip();
                    String key = (name != null ? name : text).toLowerCase(Locale.ROOT);
                    if (!key.isEmpty()) {
                        current.add(new String[] {key, name != null ? text : null});
                    }
                    token.setLength(0);
                    name = null;
                    if (c == ',' && !current.isEmpty()) {
                        offers.add(current);
                        current = new ArrayList<>();
                    }
                } else {
                    token.append(c);
                }
            }
            return offers;
        }
    }
}
