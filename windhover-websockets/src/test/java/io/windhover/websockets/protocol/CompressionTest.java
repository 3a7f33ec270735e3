package io.windhover.websockets.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.websockets.CloseCodes;
import io.windhover.websockets.PerMessageDeflate;
import io.windhover.websockets.WebSocketException;
import io.windhover.websockets.WebSocketMessage;
import io.windhover.websockets.WebSocketOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** permessage-deflate end to end between a client and a server socket, and the compression bomb. */
@Timeout(30)
class CompressionTest {

    private static final WebSocketOptions OPTIONS = WebSocketOptions.builder().keepAliveInterval(Duration.ZERO)
            .maxMessageSize(4 * 1024 * 1024).build();

    private record Pair(ManagedWebSocket client, ManagedWebSocket server) {
    }

    private static Pair pair(PerMessageDeflate negotiated) {
        var up = new TestPipe(1 << 20);
        var down = new TestPipe(1 << 20);
        Runnable abort = () -> {
            up.abort();
            down.abort();
        };
        return new Pair(ManagedWebSocket.client(down.input, up.output, OPTIONS, negotiated, abort),
                ManagedWebSocket.server(up.input, down.output, OPTIONS, negotiated, null, abort));
    }

    private static byte[] sample(int size, long seed) {
        byte[] words = "the quick brown fox jumps over the lazy dog, ".getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[size];
        var random = new Random(seed);
        for (int i = 0; i < size; i++) {
            data[i] = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : words[i % words.length];
        }
        return data;
    }

    @Test
    void messagesRoundTripCompressedUnderEveryContextSetting() throws Exception {
        for (var negotiated : new PerMessageDeflate[] {
            new PerMessageDeflate(false, false, 15, 15),
            new PerMessageDeflate(true, true, 15, 15),
            new PerMessageDeflate(false, false, 9, 15), // the server may not compress: sends plain
        }) {
            var pair = pair(negotiated);
            for (int size : new int[] {0, 1, 125, 4096, 70_000, 1_000_000}) {
                byte[] data = sample(size, size);
                pair.client.send(data);
                WebSocketMessage atServer = pair.server.receive();
                assertThat(atServer.data()).as("%s, %d bytes up", negotiated, size).isEqualTo(data);
                pair.server.send(atServer);
                assertThat(pair.client.receive().data()).as("%s, %d bytes down", negotiated, size).isEqualTo(data);
            }
            pair.client.send("text ünïcode");
            assertThat(pair.server.receive().text()).isEqualTo("text ünïcode");
        }
    }

    @Test
    void serverFramesAreCompressedWhenItMay() throws Exception {
        var client = new RawClient(WebSocketOptions.builder().keepAliveInterval(Duration.ZERO),
                new PerMessageDeflate(false, false, 15, 15), 1 << 20);
        byte[] data = new byte[10_000];
        client.server.send(data);
        RawClient.Frame frame = client.next();
        assertThat(frame.rsv1()).isTrue();
        assertThat(frame.payload().length).isLessThan(100);
    }

    @Test
    void compressionBombIsStoppedAtTheSizeLimitWith1009() throws Exception {
        // 64 MiB of zeros deflate to about 64 KiB; the limit is 1 MiB.
        var deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] zeros = new byte[1024 * 1024];
        byte[] out = new byte[256 * 1024];
        int length = 0;
        for (int i = 0; i < 64; i++) {
            deflater.setInput(zeros);
            while (!deflater.needsInput()) {
                length += deflater.deflate(out, length, out.length - length, Deflater.NO_FLUSH);
            }
        }
        length += deflater.deflate(out, length, out.length - length, Deflater.SYNC_FLUSH);
        byte[] bomb = Arrays.copyOf(out, length - 4);

        var client = new RawClient(WebSocketOptions.builder().keepAliveInterval(Duration.ZERO).maxMessageSize(1024 * 1024),
                new PerMessageDeflate(false, false, 15, 15), 1 << 20);
        client.send(true, true, Opcode.BINARY, bomb);
        assertThatThrownBy(client.server::receive).isInstanceOfSatisfying(WebSocketException.class,
                e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG));
        assertThat(client.next().closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    }

    @Test
    void inflatedMessageAtTheLimitIsTakenAndOneByteOverIs1009() throws Exception {
        for (int size : new int[] {1000, 1001}) {
            var client = new RawClient(WebSocketOptions.builder().keepAliveInterval(Duration.ZERO).maxMessageSize(1000),
                    new PerMessageDeflate(false, false, 15, 15), 1 << 20);
            var deflater = new MessageDeflater(false);
            byte[] compressed = Arrays.copyOf(deflater.deflate(new byte[size], 0, size), deflater.length());
            client.send(true, true, Opcode.BINARY, compressed);
            if (size == 1000) {
                assertThat(client.server.receive().data()).hasSize(1000);
            } else {
                assertThatThrownBy(client.server::receive).isInstanceOfSatisfying(WebSocketException.class,
                        e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG));
            }
        }
    }

    @Test
    void rsv1OnAContinuationIs1002AndGarbageIs1007() throws Exception {
        var negotiated = new PerMessageDeflate(false, false, 15, 15);
        var client = new RawClient(WebSocketOptions.builder().keepAliveInterval(Duration.ZERO), negotiated, 1 << 20);
        client.send(false, true, Opcode.TEXT, new byte[] {0x00});
        client.send(true, true, Opcode.CONTINUATION, new byte[] {0x00});
        assertThatThrownBy(client.server::receive).isInstanceOfSatisfying(WebSocketException.class,
                e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR));

        var garbage = new RawClient(WebSocketOptions.builder().keepAliveInterval(Duration.ZERO), negotiated, 1 << 20);
        garbage.send(true, true, Opcode.BINARY, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        assertThatThrownBy(garbage.server::receive).isInstanceOfSatisfying(WebSocketException.class,
                e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.INVALID_PAYLOAD));
    }

    @Test
    void compressedTextIsCheckedAsUtf8AfterInflating() throws IOException {
        var client = new RawClient(WebSocketOptions.builder().keepAliveInterval(Duration.ZERO),
                new PerMessageDeflate(false, false, 15, 15), 1 << 20);
        var deflater = new MessageDeflater(false);
        byte[] invalid = {'o', 'k', (byte) 0xC0, (byte) 0xAF};
        client.send(true, true, Opcode.TEXT, Arrays.copyOf(deflater.deflate(invalid, 0, invalid.length), deflater.length()));
        assertThatThrownBy(client.server::receive).isInstanceOfSatisfying(WebSocketException.class,
                e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.INVALID_PAYLOAD));
    }
}
