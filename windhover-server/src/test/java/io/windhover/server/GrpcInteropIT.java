package io.windhover.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.windhover.server.http.HttpContext;
import io.windhover.transport.EndPoint;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * grpc-java, a real gRPC client on Netty, against the HTTP/2 engine over h2c (prior knowledge), in
 * both schedulings. The server side is a handler that speaks gRPC's wire format by hand — length
 * prefixed messages, {@code grpc-status} in the trailers — so what is tested is the engine: HTTP/2
 * framing, flow control, trailers and streaming as gRPC uses them.
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class GrpcInteropIT {

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    @Parameter
    Scheduling scheduling;

    private WindhoverServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        server = WindhoverServer.builder().scheduling(scheduling).shutdownTimeout(Duration.ofSeconds(2))
                .listen(EndPoint.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), HttpProtocols.HTTP2)
                .application(GrpcInteropIT::serve)
                .build();
        server.start();
        URI uri = URI.create(server.listeningUrls().getFirst());
        channel = NettyChannelBuilder.forAddress(uri.getHost(), uri.getPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        server.close();
    }

    /** Echo (unary), Repeat (server streaming: the message three times, flushed one by one) and Fail. */
    private static void serve(HttpContext context) throws IOException {
        var request = context.request();
        var response = context.response();
        if (!"application/grpc".equals(request.headers().get("content-type")) || !"HTTP/2".equals(request.protocol())) {
            response.status(415);
            return;
        }
        response.headers().set("content-type", "application/grpc");
        if (request.path().equals("/test.Echo/Chat")) {
            // Bidirectional: each message back as soon as it has come, before the next is read.
            var in = new DataInputStream(request.body());
            for (int flag; (flag = in.read()) >= 0; ) {
                byte[] message = new byte[in.readInt()];
                in.readFully(message);
                writeMessage(response.body(), message);
                response.body().flush();
            }
            response.trailers().add("grpc-status", "0");
            return;
        }
        List<byte[]> messages = readMessages(request.body());
        switch (request.path()) {
            case "/test.Echo/Echo" -> writeMessage(response.body(), messages.getFirst());
            case "/test.Echo/Repeat" -> {
                for (int i = 0; i < 3; i++) {
                    writeMessage(response.body(), messages.getFirst());
                    response.body().flush();
                }
            }
            default -> {
                response.trailers().add("grpc-status", Integer.toString(Status.Code.NOT_FOUND.value()));
                response.trailers().add("grpc-message", "no such method");
                return;
            }
        }
        response.trailers().add("grpc-status", "0");
    }

    // gRPC over HTTP/2: Length-Prefixed-Message = Compressed-Flag (1 byte) Message-Length (4 bytes) Message.
    private static List<byte[]> readMessages(InputStream body) throws IOException {
        var in = new DataInputStream(body);
        List<byte[]> messages = new ArrayList<>();
        int flag;
        while ((flag = in.read()) >= 0) {
            assertThat(flag).as("uncompressed").isZero();
            byte[] message = new byte[in.readInt()];
            in.readFully(message);
            messages.add(message);
        }
        return messages;
    }

    private static void writeMessage(OutputStream out, byte[] message) throws IOException {
        out.write(new byte[] {0, (byte) (message.length >>> 24), (byte) (message.length >>> 16), (byte) (message.length >>> 8),
            (byte) message.length});
        out.write(message);
    }

    private static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(type).setFullMethodName("test.Echo/" + name)
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
    }

    @Test
    void answersUnaryCallsSmallAndLargerThanEveryWindow() {
        var echo = method("Echo", MethodDescriptor.MethodType.UNARY);
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        assertThat(ClientCalls.blockingUnaryCall(channel, echo, CallOptions.DEFAULT, hello)).isEqualTo(hello);
        byte[] big = new byte[3 << 20]; // 3 MiB each way: past the stream's 768 KiB and the connection's 1 MiB
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        for (int call = 0; call < 5; call++) {
            assertThat(ClientCalls.blockingUnaryCall(channel, echo, CallOptions.DEFAULT.withMaxOutboundMessageSize(8 << 20), big))
                    .isEqualTo(big);
        }
    }

    @Test
    void streamsMessagesAndEndsWithTheStatusInTrailers() {
        var repeat = method("Repeat", MethodDescriptor.MethodType.SERVER_STREAMING);
        Iterator<byte[]> replies = ClientCalls.blockingServerStreamingCall(channel, repeat, CallOptions.DEFAULT,
                "tick".getBytes(StandardCharsets.UTF_8));
        List<String> received = new ArrayList<>();
        replies.forEachRemaining(reply -> received.add(new String(reply, StandardCharsets.UTF_8)));
        assertThat(received).containsExactly("tick", "tick", "tick");
    }

    @Test
    void streamsAThousandMessagesBothWaysWithFlowControlEngaged() throws Exception {
        var chat = method("Chat", MethodDescriptor.MethodType.BIDI_STREAMING);
        List<byte[]> received = java.util.Collections.synchronizedList(new ArrayList<>());
        var done = new java.util.concurrent.CompletableFuture<Void>();
        var requests = ClientCalls.asyncBidiStreamingCall(channel.newCall(chat, CallOptions.DEFAULT),
                new io.grpc.stub.StreamObserver<byte[]>() {
                    @Override
                    public void onNext(byte[] value) {
                        received.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(null);
                    }
                });
        // 1,000 messages of 4 KiB: 4 MB each way, past every window many times over.
        for (int i = 0; i < 1000; i++) {
            byte[] message = new byte[4096];
            java.util.Arrays.fill(message, (byte) i);
            message[0] = (byte) (i >>> 8);
            message[1] = (byte) i;
            requests.onNext(message);
        }
        requests.onCompleted();
        done.get(60, TimeUnit.SECONDS);
        assertThat(received).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            byte[] message = received.get(i);
            assertThat((message[0] & 0xFF) << 8 | message[1] & 0xFF).as("message %d in order", i).isEqualTo(i);
            assertThat(message[4095]).isEqualTo((byte) i);
        }
    }

    @Test
    void carriesAnErrorStatusInTrailers() {
        var missing = method("Missing", MethodDescriptor.MethodType.UNARY);
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, missing, CallOptions.DEFAULT, new byte[0]))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).isEqualTo("no such method");
                });
    }
}
