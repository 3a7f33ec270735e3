package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.buffers.PipeReader;
import io.windhover.buffers.PipeWriter;
import io.windhover.server.http.HttpContext;
import io.windhover.server.http.HttpExtendedConnectFeature;
import io.windhover.server.http.HttpHeaders;
import io.windhover.server.http.HttpRequest;
import io.windhover.server.http.HttpResponse;
import io.windhover.server.http.RequestFeatures;
import io.windhover.server.http.UpgradedConnection;
import io.windhover.transport.FeatureCollection;
import io.windhover.websockets.WebSocketMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The RFC 8441 path through a fake {@link HttpExtendedConnectFeature}: what the endpoint asks of
 * HTTP/2 (the feature first, {@code accept()} for a 200, no {@code Sec-WebSocket-Accept}) and the
 * socket it runs over the stream's bytes, until the HTTP/2 engine offers the feature for real.
 */
class WebSocketOverHttp2Test {

    /** A client's frames, masked with the key 1 2 3 4: Text "hi", then Close 1000. */
    private static final byte[] CLIENT = {
        (byte) 0x81, (byte) 0x82, 1, 2, 3, 4, 'h' ^ 1, 'i' ^ 2,
        (byte) 0x88, (byte) 0x82, 1, 2, 3, 4, 0x03 ^ 1, (byte) (0xE8 ^ 2),
    };

    private final WebApplication app = WebApplication.create();

    {
        app.webSocket("/chat", WebSocketEndpointOptions.builder().subProtocols("chat").compression(true).build(), socket -> {
            for (WebSocketMessage message; (message = socket.receive()) != null; ) {
                socket.send(message);
            }
        });
    }

    @Test
    void extendedConnectForWebsocketIsAcceptedWith200AndTheSocketRunsOverTheStream() throws Exception {
        var exchange = new FakeHttp2Exchange("websocket", CLIENT, "Sec-WebSocket-Version", "13",
                "Sec-WebSocket-Protocol", "chat", "Sec-WebSocket-Extensions", "permessage-deflate");

        app.toHttpApplication().process(exchange);

        assertThat(exchange.accepted).isTrue();
        assertThat(exchange.responseHeaders.get("Sec-WebSocket-Protocol")).isEqualTo("chat");
        assertThat(exchange.responseHeaders.get("Sec-WebSocket-Extensions")).isEqualTo("permessage-deflate");
        assertThat(exchange.responseHeaders.get("Sec-WebSocket-Accept")).as("RFC 8441 §5: no accept value").isNull();
        assertThat(exchange.responseHeaders.get("Upgrade")).isNull();
        byte[] sent = exchange.stream.toByteArray();
        // The echo, compressed (RSV1), then the Close answering the client's.
        assertThat(sent[0] & 0xFF).isEqualTo(0xC1);
        byte[] close = Arrays.copyOfRange(sent, sent.length - 4, sent.length);
        assertThat(close).containsExactly(0x88, 0x02, 0x03, 0xE8);
    }

    @Test
    void extendedConnectForAnotherProtocolIs400() throws Exception {
        var exchange = new FakeHttp2Exchange("webtransport", CLIENT, "Sec-WebSocket-Version", "13");
        app.toHttpApplication().process(exchange);
        assertThat(exchange.status).isEqualTo(400);
        assertThat(exchange.accepted).isFalse();
    }

    @Test
    void wrongVersionOverHttp2Is426Too() throws Exception {
        var exchange = new FakeHttp2Exchange("websocket", CLIENT, "Sec-WebSocket-Version", "12");
        app.toHttpApplication().process(exchange);
        assertThat(exchange.status).isEqualTo(426);
        assertThat(exchange.responseHeaders.get("Sec-WebSocket-Version")).isEqualTo("13");
    }

    /** An HTTP/2 stream carrying {@code CONNECT /chat} with {@code :protocol}, as the engine will present it. */
    private static final class FakeHttp2Exchange implements HttpContext, HttpExtendedConnectFeature {
        final HttpHeaders requestHeaders = new HttpHeaders();
        final HttpHeaders responseHeaders = new HttpHeaders();
        final ByteArrayOutputStream stream = new ByteArrayOutputStream();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final RequestFeatures features = new RequestFeatures(new FeatureCollection());
        private final String protocol;
        private final byte[] clientBytes;
        int status = 200;
        boolean accepted;

        FakeHttp2Exchange(String protocol, byte[] clientBytes, String... fields) {
            this.protocol = protocol;
            this.clientBytes = clientBytes;
            for (int i = 0; i < fields.length; i += 2) {
                requestHeaders.add(fields[i], fields[i + 1]);
            }
            features.setProtocolFeature(HttpExtendedConnectFeature.class, this);
        }

        @Override
        public boolean isExtendedConnect() {
            return true;
        }

        @Override
        public String protocol() {
            return protocol;
        }

        @Override
        public UpgradedConnection accept() {
            accepted = true;
            return new UpgradedConnection(new ByteArrayInputStream(clientBytes), stream);
        }

        private final HttpRequest request = new HttpRequest() {
            public String method() {
                return "CONNECT";
            }

            public String target() {
                return "/chat";
            }

            public String path() {
                return "/chat";
            }

            public String query() {
                return "";
            }

            public String authority() {
                return "example.com";
            }

            public String protocol() {
                return "HTTP/2";
            }

            public HttpHeaders headers() {
                return requestHeaders;
            }

            public InputStream body() {
                return InputStream.nullInputStream();
            }

            public PipeReader bodyReader() {
                throw new UnsupportedOperationException();
            }

            public long maxBodySize() {
                return 0;
            }

            public void maxBodySize(long bytes) {
            }

            public HttpHeaders trailers() {
                return new HttpHeaders();
            }
        };

        private final HttpResponse response = new HttpResponse() {
            public int status() {
                return status;
            }

            public HttpResponse status(int code) {
                status = code;
                return this;
            }

            public HttpHeaders headers() {
                return responseHeaders;
            }

            public OutputStream body() {
                return body;
            }

            public PipeWriter bodyWriter() {
                throw new UnsupportedOperationException();
            }

            public long bytesWritten() {
                return body.size();
            }

            public boolean hasStarted() {
                return accepted;
            }

            public void discardBody() {
            }

            public HttpHeaders trailers() {
                return new HttpHeaders();
            }
        };

        @Override
        public HttpRequest request() {
            return request;
        }

        @Override
        public HttpResponse response() {
            return response;
        }

        @Override
        public String connectionId() {
            return "h2";
        }

        @Override
        public SocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 50000);
        }

        @Override
        public SocketAddress localAddress() {
            return new InetSocketAddress("127.0.0.1", 443);
        }

        @Override
        public String requestId() {
            return "h2:1";
        }

        @Override
        public RequestFeatures features() {
            return features;
        }

        @Override
        public void abort() {
        }

        @Override
        public boolean isAborted() {
            return false;
        }

        @Override
        public void onAborted(Runnable callback) {
        }
    }
}
