package io.windhover.server.hpack;

/**
 * Decodes RFC 7541 §5.2 Huffman-encoded string literals four bits at a time, with a state machine
 * built once from {@link HuffmanCode}.
 *
 * <p>The states are the 256 inner nodes of the code tree (state 0 is the root). For each state and
 * nibble the table holds the state after those four bits, the symbol completed on the way (at most
 * one: the shortest code has five bits), and whether the walk hit EOS. A string ends well only in
 * an <em>accepting</em> state: the root, or a node reached from the root by one to seven 1 bits —
 * §5.2: "A padding strictly longer than 7 bits MUST be treated as a decoding error. A padding not
 * corresponding to the most significant bits of the code for the EOS symbol MUST be treated as a
 * decoding error."
 *
 * <p>PERF: a nibble table is 4,096 ints (16 KiB, fits in L1 beside the decoder's data); a byte table
 * would be 256 times 256 entries.
 *
 * <p>Stateless; thread-safe.
 */
final class HuffmanDecoder {

    private static final int NEXT_MASK = 0xFF;
    private static final int SYMBOL_SHIFT = 8;
    private static final int EMIT = 1 << 16;
    private static final int ACCEPTING = 1 << 17;
    private static final int FAILED = 1 << 18;

    /** Entry {@code state << 4 | nibble}: next state, symbol, and the flags above. */
    private static final int[] TRANSITIONS = new int[256 * 16];

    static {
        // The code tree: inner nodes 0..255, children[node * 2 + bit] >= 0 an inner node, < 0 the leaf ~symbol.
        int[] children = new int[256 * 2];
        int nodes = 1;
        for (int symbol = 0; symbol <= HuffmanCode.EOS; symbol++) {
            int code = HuffmanCode.code(symbol);
            int node = 0;
            for (int bit = HuffmanCode.length(symbol) - 1; bit > 0; bit--) {
                int slot = node * 2 + ((code >>> bit) & 1);
                if (children[slot] == 0) {
                    children[slot] = nodes++;
                }
                node = children[slot];
            }
            children[node * 2 + (code & 1)] = ~symbol;
        }
        boolean[] accepting = new boolean[256];
        accepting[0] = true;
        for (int node = 0, depth = 0; depth < 7; depth++) {
            node = children[node * 2 + 1];
            accepting[node] = true;
        }
        for (int state = 0; state < 256; state++) {
            for (int nibble = 0; nibble < 16; nibble++) {
                TRANSITIONS[state << 4 | nibble] = transition(children, accepting, state, nibble);
            }
        }
    }

    private static int transition(int[] children, boolean[] accepting, int state, int nibble) {
        int node = state;
        int flags = 0;
        int symbol = 0;
        for (int bit = 3; bit >= 0; bit--) {
            int child = children[node * 2 + ((nibble >>> bit) & 1)];
            if (child >= 0) {
                node = child;
            } else if (~child == HuffmanCode.EOS) {
                return FAILED;
            } else {
                symbol = ~child;
                flags |= EMIT;
                node = 0;
            }
        }
        return node | symbol << SYMBOL_SHIFT | flags | (accepting[node] ? ACCEPTING : 0);
    }

    private HuffmanDecoder() {
    }

    /**
     * The most octets {@code encodedLength} Huffman-encoded octets can decode to: every code has at
     * least five bits.
     */
    static int maxDecodedLength(int encodedLength) {
        return (int) ((encodedLength * 8L) / 5);
    }

    /**
     * Decodes {@code in[offset, offset + length)} into {@code out} from index 0 and returns the
     * number of octets written.
     *
     * @throws HpackDecodingException when the octets hold EOS, padding longer than seven bits or
     *     padding that is not all ones, or decode to more than {@code maxLength} octets (which must
     *     not exceed {@code out.length})
     */
    static int decode(byte[] in, int offset, int length, byte[] out, int maxLength) throws HpackDecodingException {
        int state = 0;
        int transition = ACCEPTING;
        int written = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            int octet = in[i] & 0xFF;
            transition = TRANSITIONS[state << 4 | octet >>> 4];
            if ((transition & (EMIT | FAILED)) != 0) {
                written = emit(transition, out, written, maxLength);
            }
            state = transition & NEXT_MASK;
            transition = TRANSITIONS[state << 4 | octet & 0xF];
            if ((transition & (EMIT | FAILED)) != 0) {
                written = emit(transition, out, written, maxLength);
            }
            state = transition & NEXT_MASK;
        }
        if ((transition & ACCEPTING) == 0) {
            throw new HpackDecodingException("Huffman padding is longer than 7 bits or not the most significant bits of EOS");
        }
        return written;
    }

    private static int emit(int transition, byte[] out, int written, int maxLength) throws HpackDecodingException {
        if ((transition & FAILED) != 0) {
            throw new HpackDecodingException("Huffman-encoded string contains EOS");
        }
        if (written == maxLength) {
            throw new HpackDecodingException("Huffman-decoded string is longer than " + maxLength + " octets");
        }
        out[written] = (byte) (transition >>> SYMBOL_SHIFT);
        return written + 1;
    }
}
