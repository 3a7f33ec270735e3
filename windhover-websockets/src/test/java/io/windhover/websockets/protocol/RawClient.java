package io.windhover.websockets.protocol;

import io.windhover.websockets.PerMessageDeflate;
import io.windhover.websockets.WebSocketOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A server socket under test and a client that speaks frames by hand: what it sends is exactly
 * what the test writes, what the server sends is read frame by frame.
 */
final class RawClient {

    record Frame(boolean fin, boolean rsv1, int opcode, byte[] payload) {
        int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    final TestPipe toServer;
    final TestPipe toClient;
    final ManualScheduler scheduler = new ManualScheduler();
    final ManagedWebSocket server;
    final FrameWriter writer;
    private final FrameReader reader;
    volatile int aborts;

    RawClient(WebSocketOptions.Builder options, PerMessageDeflate compression, int capacity) {
        toServer = new TestPipe(capacity);
        toClient = new TestPipe(capacity);
        server = ManagedWebSocket.server(toServer.input, toClient.output, options.scheduler(scheduler).build(), compression, null,
                () -> {
                    aborts++;
                    toServer.abort();
                    toClient.abort();
                });
        writer = new FrameWriter(toServer.output, true);
        reader = new FrameReader(toClient.input, false, compression != null);
    }

    RawClient(WebSocketOptions.Builder options) {
        this(options, null, 1 << 20);
    }

    void send(boolean fin, int opcode, byte[] payload) throws IOException {
        writer.write(fin, false, opcode, payload, 0, payload.length);
    }

    void send(boolean fin, boolean rsv1, int opcode, byte[] payload) throws IOException {
        writer.write(fin, rsv1, opcode, payload, 0, payload.length);
    }

    void sendText(String text) throws IOException {
        send(true, Opcode.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    void sendClose(int code, String reason) throws IOException {
        byte[] payload = new CloseFrame(code, reason).payload();
        send(true, Opcode.CLOSE, payload);
    }

    /** The server's next frame, or null when its output ended. */
    Frame next() throws IOException {
        if (!reader.readHeader()) {
            return null;
        }
        boolean fin = reader.fin;
        boolean rsv1 = reader.rsv1;
        int opcode = reader.opcode;
        byte[] payload = new byte[(int) reader.remaining];
        int position = 0;
        while (position < payload.length) {
            position += reader.readPayload(payload, position, payload.length - position);
        }
        return new Frame(fin, rsv1, opcode, payload);
    }
}
