package io.windhover.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HttpProtocolsTest {

    @Test
    void readsKestrelsConfigurationNamesIgnoringCase() {
        assertThat(HttpProtocols.parse("Http1")).isEqualTo(HttpProtocols.HTTP1);
        assertThat(HttpProtocols.parse("http2")).isEqualTo(HttpProtocols.HTTP2);
        assertThat(HttpProtocols.parse(" Http1AndHttp2 ")).isEqualTo(HttpProtocols.HTTP1_AND_HTTP2);
        assertThat(HttpProtocols.parse("HTTP1_AND_HTTP2")).isEqualTo(HttpProtocols.HTTP1_AND_HTTP2);
        assertThatThrownBy(() -> HttpProtocols.parse("Http3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'Http3' is not a protocol set; use Http1, Http2 or Http1AndHttp2");
    }

    @Test
    void offersHttp2FirstByAlpn() {
        assertThat(HttpProtocols.HTTP1.alpnIds()).isEqualTo(List.of("http/1.1"));
        assertThat(HttpProtocols.HTTP2.alpnIds()).isEqualTo(List.of("h2"));
        assertThat(HttpProtocols.HTTP1_AND_HTTP2.alpnIds()).isEqualTo(List.of("h2", "http/1.1"));
    }

}
