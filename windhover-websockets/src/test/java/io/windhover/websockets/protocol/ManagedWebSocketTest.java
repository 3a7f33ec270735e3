package io.windhover.websockets.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.websockets.CloseCodes;
import io.windhover.websockets.MessageInputStream;
import io.windhover.websockets.MessageType;
import io.windhover.websockets.WebSocketException;
import io.windhover.websockets.WebSocketMessage;
import io.windhover.websockets.WebSocketOptions;
import io.windhover.websockets.WebSocketState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server socket against a client that writes frames by hand: RFC 6455's rules, one by one, as wire transcripts. */
@Timeout(20)
class ManagedWebSocketTest {

    private static WebSocketOptions.Builder options() {
        return WebSocketOptions.builder().keepAliveInterval(Duration.ZERO);
    }

    private static CompletableFuture<WebSocketMessage> receiving(ManagedWebSocket socket) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return socket.receive();
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, command -> Thread.startVirtualThread(command));
    }

    private static void assertFailsWith(RawClient client, int code) throws Exception {
        assertThatThrownBy(client.server::receive).isInstanceOfSatisfying(WebSocketException.class,
                e -> assertThat(e.closeCode()).isEqualTo(code));
        RawClient.Frame close = client.next();
        assertThat(close.opcode()).isEqualTo(Opcode.CLOSE);
        assertThat(close.closeCode()).isEqualTo(code);
        assertThat(client.next()).as("the server ends its output after failing").isNull();
        assertThat(client.server.state()).isEqualTo(WebSocketState.ABORTED);
    }

    @Test
    void receivesAMessageFragmentedWithAPingBetweenAndAnswersThePing() throws Exception {
        var client = new RawClient(options());
        client.send(false, Opcode.TEXT, "Hel".getBytes(StandardCharsets.UTF_8));
        client.send(true, Opcode.PING, "are you there".getBytes(StandardCharsets.UTF_8));
        client.send(false, Opcode.CONTINUATION, "lo, ".getBytes(StandardCharsets.UTF_8));
        client.send(true, Opcode.CONTINUATION, "wörld".getBytes(StandardCharsets.UTF_8));

        WebSocketMessage message = client.server.receive();

        assertThat(message.type()).isEqualTo(MessageType.TEXT);
        assertThat(message.text()).isEqualTo("Hello, wörld");
        RawClient.Frame pong = client.next();
        assertThat(pong.opcode()).isEqualTo(Opcode.PONG);
        assertThat(pong.text()).isEqualTo("are you there");
    }

    @Test
    void sendsTextAndBinaryAsOneUnmaskedFrameEach() throws Exception {
        var client = new RawClient(options());
        client.server.send("héllo");
        client.server.send(new byte[] {1, 2, 3});

        RawClient.Frame text = client.next();
        assertThat(text.fin()).isTrue();
        assertThat(text.opcode()).isEqualTo(Opcode.TEXT);
        assertThat(text.text()).isEqualTo("héllo");
        RawClient.Frame binary = client.next();
        assertThat(binary.opcode()).isEqualTo(Opcode.BINARY);
        assertThat(binary.payload()).containsExactly(1, 2, 3);
    }

    @Test
    void peersCloseIsEchoedAndReceiveReturnsNull() throws Exception {
        var client = new RawClient(options());
        client.sendClose(4000, "done");

        assertThat(client.server.receive()).isNull();

        RawClient.Frame close = client.next();
        assertThat(close.opcode()).isEqualTo(Opcode.CLOSE);
        assertThat(close.closeCode()).isEqualTo(4000);
        assertThat(client.next()).as("the server closes its side first").isNull();
        assertThat(client.server.state()).isEqualTo(WebSocketState.CLOSED);
        assertThat(client.server.closeCode()).isEqualTo(4000);
        assertThat(client.server.closeReason()).isEqualTo("done");
        assertThat(client.server.receive()).isNull();
    }

    @Test
    void emptyCloseIsAnsweredWithAnEmptyClose() throws Exception {
        var client = new RawClient(options());
        client.send(true, Opcode.CLOSE, new byte[0]);

        assertThat(client.server.receive()).isNull();

        assertThat(client.next().payload()).isEmpty();
        assertThat(client.server.closeCode()).isEqualTo(CloseCodes.NO_STATUS_RECEIVED);
    }

    @Test
    void closeWaitsForThePeersCloseDroppingDataMeanwhile() throws Exception {
        var client = new RawClient(options());
        var closing = CompletableFuture.runAsync(() -> {
            try {
                client.server.close(CloseCodes.NORMAL, "bye");
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, command -> Thread.startVirtualThread(command));
        RawClient.Frame close = client.next();
        assertThat(close.closeCode()).isEqualTo(1000);
        assertThat(close.payload()).endsWith("bye".getBytes(StandardCharsets.UTF_8));
        awaitState(client, WebSocketState.CLOSE_SENT); // set just after the Close is written

        client.sendText("late message");
        client.sendClose(1000, "");
        closing.get(10, TimeUnit.SECONDS);

        assertThat(client.server.state()).isEqualTo(WebSocketState.CLOSED);
        assertThat(client.aborts).isZero();
    }

    @Test
    void closeTimeoutDropsAPeerThatNeverAnswers() throws Exception {
        var client = new RawClient(options().closeTimeout(Duration.ofSeconds(5)));
        var closing = CompletableFuture.runAsync(() -> {
            try {
                client.server.close(CloseCodes.NORMAL, "");
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, command -> Thread.startVirtualThread(command));
        assertThat(client.next().opcode()).isEqualTo(Opcode.CLOSE);
        // The timer is armed just after the Close is written: time must not move before it exists.
        awaitUntil(() -> client.scheduler.pending() == 1, "the close timer is armed");

        client.scheduler.advance(Duration.ofMillis(4999));
        assertThat(client.aborts).as("within the timeout").isZero();
        client.scheduler.advance(Duration.ofMillis(1));

        closing.get(10, TimeUnit.SECONDS);
        assertThat(client.aborts).isEqualTo(1);
        assertThat(client.server.state()).isEqualTo(WebSocketState.ABORTED);
    }

    @Test
    void unmaskedClientFrameIs1002() throws Exception {
        var client = new RawClient(options());
        new FrameWriter(client.toServer.output, false).write(true, false, Opcode.TEXT, new byte[] {'a'}, 0, 1);
        assertFailsWith(client, CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void reservedBitsAndOpcodesAre1002() throws Exception {
        for (byte[] head : new byte[][] {
            {(byte) 0xA1, (byte) 0x80}, // RSV2
            {(byte) 0x91, (byte) 0x80}, // RSV3
            {(byte) 0xC1, (byte) 0x80}, // RSV1 without permessage-deflate
            {(byte) 0x83, (byte) 0x80}, // opcode 3
            {(byte) 0x8B, (byte) 0x80}, // opcode 11
        }) {
            var client = new RawClient(options());
            client.toServer.output.write(head);
            client.toServer.output.write(new byte[4]); // mask key
            assertFailsWith(client, CloseCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void controlFrameOf125BytesIsTakenAnd126Is1002() throws Exception {
        var client = new RawClient(options());
        client.send(true, Opcode.PING, new byte[125]);
        client.sendText("after");
        assertThat(client.server.receive().text()).isEqualTo("after");
        assertThat(client.next().payload()).hasSize(125);

        var over = new RawClient(options());
        over.send(true, Opcode.PING, new byte[126]);
        assertFailsWith(over, CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void fragmentedControlFrameIs1002() throws Exception {
        var client = new RawClient(options());
        client.send(false, Opcode.PING, new byte[] {1});
        assertFailsWith(client, CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void continuationWithoutAMessageAndANewMessageInsideOneAre1002() throws Exception {
        var client = new RawClient(options());
        client.send(true, Opcode.CONTINUATION, new byte[] {'a'});
        assertFailsWith(client, CloseCodes.PROTOCOL_ERROR);

        var interleaved = new RawClient(options());
        interleaved.send(false, Opcode.TEXT, new byte[] {'a'});
        interleaved.send(true, Opcode.BINARY, new byte[] {'b'});
        assertFailsWith(interleaved, CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void invalidUtf8IsRefusedWith1007AsSoonAsItArrives() throws Exception {
        var client = new RawClient(options());
        // A frame that declares 1,000 bytes; the first ones are already invalid (an overlong '/').
        byte[] start = {(byte) 0x81, (byte) (0x80 | 126), 0x03, (byte) 0xE8, 0, 0, 0, 0, (byte) 0xC0, (byte) 0xAF};
        client.toServer.output.write(start);
        assertFailsWith(client, CloseCodes.INVALID_PAYLOAD); // without the other 998 bytes
    }

    @Test
    void utf8CutAcrossFragmentsIsValidAndOneThatNeverEndsIs1007() throws Exception {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        var client = new RawClient(options());
        client.send(false, Opcode.TEXT, Arrays.copyOfRange(euro, 0, 1));
        client.send(false, Opcode.CONTINUATION, Arrays.copyOfRange(euro, 1, 2));
        client.send(true, Opcode.CONTINUATION, Arrays.copyOfRange(euro, 2, 3));
        assertThat(client.server.receive().text()).isEqualTo("€");

        var cut = new RawClient(options());
        cut.send(true, Opcode.TEXT, Arrays.copyOfRange(euro, 0, 2));
        assertFailsWith(cut, CloseCodes.INVALID_PAYLOAD);
    }

    @Test
    void messageAtTheSizeLimitIsTakenAndOneByteOverIs1009FromTheHeader() throws Exception {
        var client = new RawClient(options().maxMessageSize(1000));
        client.send(true, Opcode.BINARY, new byte[1000]);
        assertThat(client.server.receive().data()).hasSize(1000);

        var over = new RawClient(options().maxMessageSize(1000));
        // Only the header of a 1,001-byte frame: refused before any payload arrives.
        over.toServer.output.write(new byte[] {(byte) 0x82, (byte) (0x80 | 126), 0x03, (byte) 0xE9, 0, 0, 0, 0});
        assertFailsWith(over, CloseCodes.MESSAGE_TOO_BIG);
    }

    @Test
    void fragmentsThatAddUpToOneByteOverTheLimitAre1009() throws Exception {
        var client = new RawClient(options().maxMessageSize(1000));
        client.send(false, Opcode.BINARY, new byte[600]);
        client.send(true, Opcode.CONTINUATION, new byte[401]);
        assertFailsWith(client, CloseCodes.MESSAGE_TOO_BIG);
    }

    @Test
    void invalidCloseFramesAreRefused() throws Exception {
        var oneByte = new RawClient(options());
        oneByte.send(true, Opcode.CLOSE, new byte[] {3});
        assertFailsWith(oneByte, CloseCodes.PROTOCOL_ERROR);

        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000}) {
            var client = new RawClient(options());
            client.send(true, Opcode.CLOSE, new byte[] {(byte) (code >>> 8), (byte) code});
            assertFailsWith(client, CloseCodes.PROTOCOL_ERROR);
        }

        var badReason = new RawClient(options());
        badReason.send(true, Opcode.CLOSE, new byte[] {0x03, (byte) 0xE8, (byte) 0xFF});
        assertFailsWith(badReason, CloseCodes.INVALID_PAYLOAD);
    }

    @Test
    void connectionEndingWithoutACloseIs1006() throws Exception {
        var client = new RawClient(options());
        client.toServer.output.close();
        assertThatThrownBy(client.server::receive).isInstanceOfSatisfying(WebSocketException.class,
                e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.ABNORMAL_CLOSURE));
        assertThat(client.server.state()).isEqualTo(WebSocketState.ABORTED);
    }

    @Test
    void keepAlivePingsASilentPeerAndClosesWith1011WhenNoPongComes() throws Exception {
        var client = new RawClient(WebSocketOptions.builder().keepAliveInterval(Duration.ofSeconds(30))
                .keepAliveTimeout(Duration.ofSeconds(10)).closeTimeout(Duration.ofSeconds(5)));
        var receiving = receiving(client.server);

        client.scheduler.advance(Duration.ofSeconds(30));
        RawClient.Frame ping = client.next();
        assertThat(ping.opcode()).isEqualTo(Opcode.PING);

        client.scheduler.advance(Duration.ofSeconds(10));
        RawClient.Frame close = client.next();
        assertThat(close.opcode()).isEqualTo(Opcode.CLOSE);
        assertThat(close.closeCode()).isEqualTo(CloseCodes.INTERNAL_ERROR);
        assertThat(close.text()).contains("keepalive ping timeout");
        assertThat(client.next()).isNull();

        // The receiving thread waits on a peer that may be dead: the close timeout drops the connection.
        awaitState(client, WebSocketState.ABORTED);
        client.scheduler.advance(Duration.ofSeconds(5));
        assertThatThrownBy(receiving::join).hasCauseInstanceOf(WebSocketException.class)
                .cause().satisfies(e -> assertThat(((WebSocketException) e).closeCode()).isEqualTo(CloseCodes.INTERNAL_ERROR));
        assertThat(client.aborts).isEqualTo(1);
    }

    @Test
    void keepAliveIsSatisfiedByThePong() throws Exception {
        var client = new RawClient(WebSocketOptions.builder().keepAliveInterval(Duration.ofSeconds(30))
                .keepAliveTimeout(Duration.ofSeconds(10)));
        var receiving = receiving(client.server);
        client.scheduler.advance(Duration.ofSeconds(30));
        assertThat(client.next().opcode()).isEqualTo(Opcode.PING);
        client.send(true, Opcode.PONG, new byte[0]);
        client.sendText("still here"); // a frame the test can wait for: the pong was read before it
        assertThat(receiving.get(10, TimeUnit.SECONDS).text()).isEqualTo("still here");

        client.scheduler.advance(Duration.ofSeconds(10));
        assertThat(client.server.state()).isEqualTo(WebSocketState.OPEN);
        assertThat(client.toClient.buffered()).as("no Close sent").isZero();
    }

    @Test
    void aTalkativePeerIsNeverPinged() throws Exception {
        var client = new RawClient(WebSocketOptions.builder().keepAliveInterval(Duration.ofSeconds(30)));
        for (int i = 0; i < 3; i++) {
            client.sendText("tick " + i);
            assertThat(client.server.receive().text()).isEqualTo("tick " + i);
            client.scheduler.advance(Duration.ofSeconds(30));
        }
        assertThat(client.toClient.buffered()).isZero();
    }

    @Test
    void aSlowReaderHoldsTheSenderWithoutAQueue() throws Exception {
        var client = new RawClient(options(), null, 64 * 1024);
        byte[] big = new byte[1024 * 1024];
        var sending = CompletableFuture.runAsync(() -> {
            try {
                client.server.send(big);
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, command -> Thread.startVirtualThread(command));

        client.toClient.awaitWriterBlocked();
        assertThat(sending).isNotDone();
        assertThat(client.toClient.written()).as("bytes given to the transport while the peer reads nothing")
                .isLessThanOrEqualTo(64 * 1024);

        RawClient.Frame frame = client.next();
        sending.get(10, TimeUnit.SECONDS);
        assertThat(frame.payload()).hasSize(big.length);
    }

    @Test
    void aPingFloodFromAPeerThatDoesNotReadStopsTheReaderInsteadOfQueueingPongs() throws Exception {
        var client = new RawClient(options(), null, 4096);
        var flooding = Thread.startVirtualThread(() -> {
            try {
                for (int i = 0; i < 10_000; i++) {
                    client.send(true, Opcode.PING, new byte[100]);
                }
            } catch (IOException e) {
                // the test aborts the connection at the end
            }
        });
        var receiving = receiving(client.server);

        client.toClient.awaitWriterBlocked(); // the server's pong waits: its reader stops reading
        client.toServer.awaitWriterBlocked(); // so the flood waits too
        assertThat(client.toClient.buffered()).isLessThanOrEqualTo(4096);
        assertThat(receiving).isNotDone();

        client.server.abort();
        flooding.join();
    }

    @Test
    void sendsFromManyThreadsArriveWholeAndUninterleaved() throws Exception {
        var client = new RawClient(options());
        int threads = 8;
        int each = 20;
        var start = new CountDownLatch(1);
        var senders = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            byte[] payload = new byte[70_000];
            Arrays.fill(payload, (byte) t);
            senders[t] = Thread.startVirtualThread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        client.server.send(payload);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
        }
        start.countDown();
        for (int i = 0; i < threads * each; i++) {
            RawClient.Frame frame = client.next();
            assertThat(frame.payload()).hasSize(70_000);
            byte[] whole = new byte[70_000];
            Arrays.fill(whole, frame.payload()[0]);
            assertThat(Arrays.equals(frame.payload(), whole)).as("one sender's message, not mixed with another's").isTrue();
        }
        for (Thread sender : senders) {
            sender.join();
        }
    }

    @Test
    void streamedSendGoesOutAsFragmentsWithPongsBetween() throws Exception {
        var client = new RawClient(options());
        OutputStream stream = client.server.sendStream(MessageType.BINARY);
        stream.write(new byte[20_000]); // one 16 KiB frame goes now
        RawClient.Frame first = client.next();
        assertThat(first.fin()).isFalse();
        assertThat(first.opcode()).isEqualTo(Opcode.BINARY);

        client.send(true, Opcode.PING, new byte[] {7});
        var receiving = receiving(client.server);
        RawClient.Frame pong = client.next();
        assertThat(pong.opcode()).isEqualTo(Opcode.PONG);

        stream.close();
        RawClient.Frame last = client.next();
        assertThat(last.fin()).isTrue();
        assertThat(last.opcode()).isEqualTo(Opcode.CONTINUATION);
        assertThat(first.payload().length + last.payload().length).isEqualTo(20_000);
        client.sendClose(1000, "");
        assertThat(receiving.get(10, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void receiveStreamReadsALargeMessageAsItsFramesArrive() throws Exception {
        var client = new RawClient(options().maxMessageSize(10_000_000));
        client.send(false, Opcode.BINARY, new byte[100_000]);
        MessageInputStream stream = client.server.receiveStream();
        assertThat(stream.type()).isEqualTo(MessageType.BINARY);
        assertThat(stream.readNBytes(100_000)).hasSize(100_000); // before the last fragment is sent
        client.send(true, Opcode.CONTINUATION, new byte[] {1, 2});
        assertThat(stream.readAllBytes()).containsExactly(1, 2);
    }

    @Test
    void closeAsyncFromAnotherThreadSends1001AndTheReceiverEndsWithThePeersAnswer() throws Exception {
        var client = new RawClient(options());
        var receiving = receiving(client.server);
        client.server.closeAsync(CloseCodes.GOING_AWAY, "server shutting down");
        RawClient.Frame close = client.next();
        assertThat(close.closeCode()).isEqualTo(CloseCodes.GOING_AWAY);
        client.sendClose(CloseCodes.GOING_AWAY, "");
        assertThat(receiving.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(client.server.state()).isEqualTo(WebSocketState.CLOSED);
    }

    @Test
    void sendAfterCloseIsRefused() throws Exception {
        var client = new RawClient(options());
        client.sendClose(1000, "");
        assertThat(client.server.receive()).isNull();
        assertThatThrownBy(() -> client.server.send("too late")).isInstanceOf(WebSocketException.class);
    }

    private static void awaitState(RawClient client, WebSocketState state) throws InterruptedException {
        awaitUntil(() -> client.server.state() == state, "state " + state);
        assertThat(client.server.state()).isEqualTo(state);
    }

    /** Polls a condition another thread makes true, bounded by the class's timeout rather than a spin count. */
    private static void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
            Thread.sleep(1);
        }
    }
}
