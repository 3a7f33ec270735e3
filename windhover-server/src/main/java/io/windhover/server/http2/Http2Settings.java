package io.windhover.server.http2;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * A set of HTTP/2 settings: those an endpoint has in force, or those one SETTINGS frame carries.
 * A setting that was never {@linkplain #set set} reads as its {@linkplain Http2Setting#initialValue()
 * initial value} and is not {@linkplain #contains contained}, so the same type serves three uses:
 * <ul>
 *   <li>the server's own settings, which {@link Http2FrameWriter#writeSettings} sends (only the
 *       contained ones go on the wire);</li>
 *   <li>the values one received SETTINGS frame carried, which {@link Http2FrameReader} fills (the
 *       last value wins when a frame repeats an identifier) and hands to
 *       {@link Http2FrameHandler#onSettings};</li>
 *   <li>the peer's settings in force, to which the engine {@linkplain #putAll adds} each received
 *       frame's once it has applied them.</li>
 * </ul>
 *
 * <pre>{@code
 * public void onSettings(Http2Settings received) throws Http2Exception {
 *     if (received.contains(Http2Setting.INITIAL_WINDOW_SIZE)) {
 *         adjustStreamWindows(received.initialWindowSize() - peerSettings.initialWindowSize());
 *     }
 *     peerSettings.putAll(received);
 *     frameWriter.maxFrameSize(peerSettings.maxFrameSize());
 *     frameWriter.writeSettingsAck();
 * }
 * }</pre>
 *
 * <p>Not thread-safe; mutable, owned by the connection's frame loop. Allocates nothing after
 * construction.
 */
public final class Http2Settings {

    private static final Http2Setting[] SETTINGS = Http2Setting.values();

    private final long[] values = new long[SETTINGS.length];
    /** Bit {@code ordinal} set for each setting given a value. */
    private int present;

    /** Settings with none set: each reads as its initial value. */
    public Http2Settings() {
    }

    /** The value of {@code setting}: the one set, else its initial value. */
    public long get(Http2Setting setting) {
        return contains(setting) ? values[setting.ordinal()] : setting.initialValue();
    }

    /** Whether {@code setting} was given a value. */
    public boolean contains(Http2Setting setting) {
        return (present & (1 << setting.ordinal())) != 0;
    }

    /** Whether no setting was given a value (an empty SETTINGS frame). */
    public boolean isEmpty() {
        return present == 0;
    }

    /**
     * Gives {@code setting} a value.
     *
     * @throws IllegalArgumentException if the RFC does not allow the value (the reader checks a
     *     peer's values itself and answers them with the right {@link Http2Exception})
     */
    public Http2Settings set(Http2Setting setting, long value) {
        values[setting.ordinal()] = setting.requireValid(value);
        present |= 1 << setting.ordinal();
        return this;
    }

    /** Sets every setting {@code other} contains to its value there; leaves the others as they are. */
    public void putAll(Http2Settings other) {
        for (Http2Setting setting : SETTINGS) {
            if (other.contains(setting)) {
                values[setting.ordinal()] = other.values[setting.ordinal()];
            }
        }
        present |= other.present;
    }

    /** Forgets every value: each setting reads as its initial value again. */
    public void clear() {
        Arrays.fill(values, 0);
        present = 0;
    }

    public long headerTableSize() {
        return get(Http2Setting.HEADER_TABLE_SIZE);
    }

    public boolean enablePush() {
        return get(Http2Setting.ENABLE_PUSH) == 1;
    }

    /** {@link Http2Setting#UNLIMITED} unless set. */
    public long maxConcurrentStreams() {
        return get(Http2Setting.MAX_CONCURRENT_STREAMS);
    }

    public int initialWindowSize() {
        return (int) get(Http2Setting.INITIAL_WINDOW_SIZE);
    }

    public int maxFrameSize() {
        return (int) get(Http2Setting.MAX_FRAME_SIZE);
    }

    /** {@link Http2Setting#UNLIMITED} unless set. */
    public long maxHeaderListSize() {
        return get(Http2Setting.MAX_HEADER_LIST_SIZE);
    }

    public boolean enableConnectProtocol() {
        return get(Http2Setting.ENABLE_CONNECT_PROTOCOL) == 1;
    }

    /** The contained settings, for logs: {@code {MAX_FRAME_SIZE=16384, ...}}. */
    @Override
    public String toString() {
        var text = new StringJoiner(", ", "{", "}");
        for (Http2Setting setting : SETTINGS) {
            if (contains(setting)) {
                text.add(setting + "=" + values[setting.ordinal()]);
            }
        }
        return text.toString();
    }
}
