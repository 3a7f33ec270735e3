package io.windhover.benchmarks.tls;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.windhover.server.Scheduling;
import io.windhover.server.WindhoverServer;
import io.windhover.tls.ServerCertificate;
import io.windhover.tls.TlsOptions;
import io.windhover.transport.EndPoint;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Arrays;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One HTTPS server for the TLS comparison (windhover-benchmarks/tls/run.sh): Windhover, Netty or
 * Jetty, each on the JDK's own TLS provider with the same certificate, serving {@code GET /}
 * ({@code Hello, World!}) and {@code GET /1m} (1 MiB). Handshakes and bulk throughput then differ
 * by the server, not by the cryptography.
 *
 * <pre>
 * java -cp benchmarks.jar io.windhover.benchmarks.tls.HttpsComparisonServer windhover|windhover-inline|netty|jetty PORT CERT.pem KEY.pem
 * </pre>
 */
public final class HttpsComparisonServer {

    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MEBIBYTE = new byte[1 << 20];

    static {
        Arrays.fill(MEBIBYTE, (byte) 'x');
    }

    private HttpsComparisonServer() {
    }

    public static void main(String[] args) throws Exception {
        String which = args[0];
        int port = Integer.parseInt(args[1]);
        var certificate = ServerCertificate.fromPem(Path.of(args[2]), Path.of(args[3]), null);
        switch (which) {
            case "windhover" -> windhover(port, certificate, Scheduling.VIRTUAL_THREAD);
            case "windhover-inline" -> windhover(port, certificate, Scheduling.INLINE);
            case "netty" -> netty(port, certificate);
            case "jetty" -> jetty(port, certificate);
            default -> throw new IllegalArgumentException("windhover, windhover-inline, netty or jetty: " + which);
        }
    }

    private static void windhover(int port, ServerCertificate certificate, Scheduling scheduling) throws Exception {
        try (var server = WindhoverServer.builder().scheduling(scheduling)
                .listen(EndPoint.of(new InetSocketAddress("127.0.0.1", port)), TlsOptions.builder().certificate(certificate).build())
                .application(context -> {
                    context.response().headers().set("Content-Type", "text/plain");
                    context.response().body().write(context.request().path().equals("/1m") ? MEBIBYTE : HELLO);
                })
                .build()) {
            server.start();
            server.awaitShutdown();
        }
    }

    private static void netty(int port, ServerCertificate certificate) throws Exception {
        SslContext tls = SslContextBuilder.forServer(certificate.privateKey(), certificate.chain().toArray(new java.security.cert.X509Certificate[0]))
                .sslProvider(SslProvider.JDK).build();
        var group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(tls.newHandler(channel.alloc()), new HttpServerCodec(),
                                    new HttpObjectAggregator(1 << 16), new SimpleChannelInboundHandler<FullHttpRequest>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
                                            byte[] body = request.uri().equals("/1m") ? MEBIBYTE : HELLO;
                                            var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                                                    Unpooled.wrappedBuffer(body));
                                            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                                                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
                                            boolean keepAlive = HttpUtil.isKeepAlive(request);
                                            var written = context.writeAndFlush(response);
                                            if (!keepAlive) {
                                                written.addListener(ChannelFutureListener.CLOSE);
                                            }
                                        }
                                    });
                        }
                    })
                    .bind("127.0.0.1", port).sync().channel().closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    private static void jetty(int port, ServerCertificate certificate) throws Exception {
        var keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", certificate.privateKey(), "pw".toCharArray(), certificate.chain().toArray(Certificate[]::new));
        var tls = new SslContextFactory.Server();
        tls.setKeyStore(keys);
        tls.setKeyStorePassword("pw");
        var server = new Server(new QueuedThreadPool(16));
        var http = new HttpConfiguration();
        http.addCustomizer(new SecureRequestCustomizer(false));
        var connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                byte[] body = request.getHttpURI().getPath().equals("/1m") ? MEBIBYTE : HELLO;
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        });
        server.start();
        server.join();
    }
}
