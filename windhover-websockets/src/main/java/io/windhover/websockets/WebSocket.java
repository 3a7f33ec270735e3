package io.windhover.websockets;

import io.windhover.websockets.protocol.ManagedWebSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One WebSocket connection (RFC 6455), blocking-style: a receive parks the calling (virtual)
 * thread until a whole message is there, a send until the peer has taken enough of the bytes before
 * it. .NET's {@code WebSocket}.
 *
 * <pre>{@code
 * app.webSocket("/echo", socket -> {
 *     WebSocketMessage message;
 *     while ((message = socket.receive()) != null) {   // null: the peer closed
 *         socket.send(message);
 *     }
 * });
 * }</pre>
 *
 * <p><b>Receiving</b> is one thread's at a time: the handler's, usually. Control frames are
 * handled while receiving — Pings answered, the peer's Close answered — so a handler that only
 * sends should still keep a thread in {@link #receive()}. A message arrives whole
 * ({@link #receive()}, up to {@link WebSocketOptions#maxMessageSize()}) or as a stream
 * ({@link #receiveStream()}, read as its frames arrive).
 *
 * <p><b>Sending</b> is safe from any thread: messages go out one at a time, whole, and Pongs and
 * Close frames slip in between the frames of a streamed one. A send waits while the peer is slow
 * to read (the transport's buffer is full): a slow reader holds its senders, nothing queues.
 *
 * <p><b>Closing</b>: {@link #close(int, String)} sends a Close and waits for the peer's (at
 * most {@link WebSocketOptions#closeTimeout()}); a receive that meets the peer's Close answers it
 * and returns null. A protocol error or a crossed limit closes with its code (1002, 1007, 1009...)
 * and throws a {@link WebSocketException} carrying it.
 */
public interface WebSocket extends AutoCloseable {

    /**
     * The next whole message, or null when the peer closed (its Close is answered; see
     * {@link #closeCode()}). Answers Pings and takes Pongs on the way.
     *
     * @throws WebSocketException when the peer broke the protocol, a message was too big, or the
     *     connection failed; the Close frame's code has been sent where it could be
     */
    WebSocketMessage receive() throws IOException;

    /**
     * The next message as a stream read as its frames arrive, or null when the peer closed. Read
     * it to its end (-1) before the next receive; the message size limit holds for it too.
     */
    MessageInputStream receiveStream() throws IOException;

    /** Sends a text message. */
    void send(String text) throws IOException;

    /** Sends a binary message of {@code data}. */
    void send(byte[] data) throws IOException;

    /** Sends {@code message} as it is: its type and bytes. */
    void send(WebSocketMessage message) throws IOException;

    /**
     * A message sent as a stream: each write that fills the buffer is a frame, {@code close()}
     * sends the last. No other message goes out until it is closed; Pongs and Close frames may.
     * Sent uncompressed. A text stream's bytes must be UTF-8: the peer checks them.
     */
    OutputStream sendStream(MessageType type) throws IOException;

    /** Sends a Ping with {@code payload} (at most 125 bytes); its Pong arrives while receiving. */
    void ping(byte[] payload) throws IOException;

    /**
     * Starts the closing handshake with {@code code} and {@code reason} (at most 123 UTF-8 bytes),
     * then waits for the peer's Close, reading and dropping data messages meanwhile unless
     * another thread is receiving, at most {@link WebSocketOptions#closeTimeout()}. Does nothing
     * if the socket is closed or closing.
     *
     * @throws IllegalArgumentException for a code that may not be sent ({@link CloseCodes#isSendable})
     *     or a reason too long
     */
    void close(int code, String reason) throws IOException;

    /**
     * Sends a Close without waiting for the answer: for another thread (a shutdown, a timer) while
     * the handler receives, which then meets the peer's Close and returns null. Does not block on
     * a sender stuck behind a slow peer: the connection is dropped after the close timeout instead.
     */
    void closeAsync(int code, String reason);

    /** {@code close(1000, "")}. */
    @Override
    void close() throws IOException;

    /** Drops the connection at once, with no closing handshake; receives and sends fail. */
    void abort();

    WebSocketState state();

    /**
     * The code of the Close frame that ended the socket: the peer's, if it closed first or
     * answered ours ({@link CloseCodes#NO_STATUS_RECEIVED} for a Close without one), else -1.
     */
    int closeCode();

    /** The reason of the peer's Close frame, "" when it gave none; null before. */
    String closeReason();

    /** The subprotocol the handshake chose, or null. */
    String subProtocol();

    /** The compression both sides agreed on, or null. */
    PerMessageDeflate compression();

    /**
     * A server's socket over the raw streams of an accepted handshake.
     *
     * @param input bytes from the client
     * @param output bytes to the client; flushed after every frame
     * @param compression what was negotiated, or null for none
     * @param subProtocol the subprotocol answered, or null
     * @param abort drops the connection under the streams (a blocked read must fail): the
     *     request's abort; called on a timeout, a failure, or {@link #abort()}
     */
    static WebSocket server(InputStream input, OutputStream output, WebSocketOptions options, PerMessageDeflate compression,
            String subProtocol, Runnable abort) {
        return ManagedWebSocket.server(input, output, options, compression, subProtocol, abort);
    }
}
