package io.windhover.server.http2;

/**
 * The settings of RFC 9113 §6.5.2, and RFC 8441's SETTINGS_ENABLE_CONNECT_PROTOCOL, with their
 * identifiers, their initial values and the values the RFCs allow.
 *
 * <p>Values are unsigned 32-bit numbers, held as {@code long}s. The two settings whose initial value
 * is "unlimited" start at {@link #UNLIMITED}, which every real value is below.
 *
 * <p>§6.5.2: "An endpoint that receives a SETTINGS frame with any unknown or unsupported identifier
 * MUST ignore that setting." {@link #of(int)} answers {@code null} for one.
 */
public enum Http2Setting {
    /** The largest HPACK dynamic table the sender's decoder keeps. Initial value 4,096 octets. */
    HEADER_TABLE_SIZE(0x1, 4_096),
    /** Whether the sender (a client) accepts server push. Initial value 1; we never push anyway. */
    ENABLE_PUSH(0x2, 1),
    /** The most streams the sender lets its peer open at once. Initially unlimited. */
    MAX_CONCURRENT_STREAMS(0x3, Long.MAX_VALUE),
    /** The sender's initial flow-control window for every stream. Initial value 65,535 octets. */
    INITIAL_WINDOW_SIZE(0x4, 65_535),
    /** The largest frame payload the sender accepts. Initial value 2^14 (16,384) octets. */
    MAX_FRAME_SIZE(0x5, 1 << 14),
    /** The largest field section (RFC 9113 §6.5.2's size: octets plus 32 per field) the sender accepts. Initially unlimited. */
    MAX_HEADER_LIST_SIZE(0x6, Long.MAX_VALUE),
    /** RFC 8441 §3: the sender accepts extended CONNECT (the {@code :protocol} pseudo-header). Initial value 0. */
    ENABLE_CONNECT_PROTOCOL(0x8, 0);

    /** The initial value of the settings RFC 9113 calls unlimited; above every 32-bit value. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    /** RFC 9113 §6.5.2: the range of SETTINGS_MAX_FRAME_SIZE, 2^14 to 2^24 - 1. */
    public static final int MIN_MAX_FRAME_SIZE = 1 << 14;
    public static final int MAX_MAX_FRAME_SIZE = (1 << 24) - 1;
    /** RFC 9113 §6.9.1: "The flow-control window ... MUST NOT exceed 2^31-1 octets." */
    public static final int MAX_WINDOW_SIZE = Integer.MAX_VALUE;

    /** Settings by identifier, 0..8; the holes are identifiers no setting has. */
    private static final Http2Setting[] BY_ID = new Http2Setting[9];

    static {
        for (Http2Setting setting : values()) {
            BY_ID[setting.id] = setting;
        }
    }

    private final int id;
    private final long initialValue;

    Http2Setting(int id, long initialValue) {
        this.id = id;
        this.initialValue = initialValue;
    }

    /** The 16-bit identifier on the wire. */
    public int id() {
        return id;
    }

    /** The value in force until a SETTINGS frame changes it (RFC 9113 §6.5.2). */
    public long initialValue() {
        return initialValue;
    }

    /** The setting with this identifier, or {@code null} for one to ignore. */
    public static Http2Setting of(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /** Whether {@code value} (an unsigned 32-bit number) is one this setting may take. */
    public boolean isValid(long value) {
        return switch (this) {
            // §6.5.2: "Any value other than 0 or 1 MUST be treated as a connection error (Section
            // 5.4.1) of type PROTOCOL_ERROR."
            case ENABLE_PUSH -> value == 0 || value == 1;
            // §6.5.2: "Values above the maximum flow-control window size of 2^31-1 MUST be treated
            // as a connection error (Section 5.4.1) of type FLOW_CONTROL_ERROR."
            case INITIAL_WINDOW_SIZE -> value >= 0 && value <= MAX_WINDOW_SIZE;
            // §6.5.2: "The initial value is 2^14 (16,384) octets. The value advertised by an
            // endpoint MUST be between this initial value and the maximum allowed frame size (2^24-1
            // or 16,777,215 octets), inclusive. Values outside this range MUST be treated as a
            // connection error (Section 5.4.1) of type PROTOCOL_ERROR."
            case MAX_FRAME_SIZE -> value >= MIN_MAX_FRAME_SIZE && value <= MAX_MAX_FRAME_SIZE;
            // RFC 8441 §3: "The value of the parameter MUST be 0 or 1." It names no error code;
            // like ENABLE_PUSH, a PROTOCOL_ERROR.
            case ENABLE_CONNECT_PROTOCOL -> value == 0 || value == 1;
            // Any 32-bit value.
            case HEADER_TABLE_SIZE, MAX_CONCURRENT_STREAMS, MAX_HEADER_LIST_SIZE -> value >= 0 && value <= 0xFFFF_FFFFL;
        };
    }

    /**
     * {@code value}, for a value the server itself chose (its own settings, the frame sizes it
     * applies).
     *
     * @throws IllegalArgumentException if the RFC does not allow it
     */
    public long requireValid(long value) {
        if (!isValid(value)) {
            throw new IllegalArgumentException(this + " cannot be " + value);
        }
        return value;
    }

    /** The code of the connection error a value {@link #isValid(long) out of range} is answered with. */
    public Http2ErrorCode invalidValueError() {
        return this == INITIAL_WINDOW_SIZE ? Http2ErrorCode.FLOW_CONTROL_ERROR : Http2ErrorCode.PROTOCOL_ERROR;
    }
}
