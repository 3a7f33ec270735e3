package io.windhover.websockets;

/**
 * The status codes of a Close frame (RFC 6455 §7.4.1, IANA's registry) and which of them may be
 * sent. Applications use 1000 ({@link #NORMAL}) or their own from 4000 to 4999.
 */
public final class CloseCodes {

    /** The purpose of the connection is fulfilled. */
    public static final int NORMAL = 1000;
    /** The endpoint goes away: the server shuts down, the page is left. */
    public static final int GOING_AWAY = 1001;
    /** The peer broke the protocol. */
    public static final int PROTOCOL_ERROR = 1002;
    /** A kind of data this endpoint does not accept. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** Never sent: the Close frame carried no code. */
    public static final int NO_STATUS_RECEIVED = 1005;
    /** Never sent: the connection ended without a Close frame. */
    public static final int ABNORMAL_CLOSURE = 1006;
    /** Text that is not UTF-8, or data inconsistent with its message type. */
    public static final int INVALID_PAYLOAD = 1007;
    /** A message that violates this endpoint's policy. */
    public static final int POLICY_VIOLATION = 1008;
    /** A message too big to process: over the maximum message size. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** A client's: the server did not negotiate an extension it needs. */
    public static final int MANDATORY_EXTENSION = 1010;
    /** The server met an unexpected condition, or the peer stopped answering keep-alive pings. */
    public static final int INTERNAL_ERROR = 1011;

    private CloseCodes() {
    }

    /**
     * Whether {@code code} may travel in a Close frame. RFC 6455 §7.4.1-§7.4.2: 1000-1003 and
     * 1007-1011 are defined, 1012-1014 registered since (service restart, try again later, bad
     * gateway); 1004, 1005, 1006 and 1015 must never be sent; the rest below 3000 is reserved for
     * the RFC; 3000-4999 are for libraries, frameworks and applications; anything else is invalid.
     */
    public static boolean isSendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }
}
