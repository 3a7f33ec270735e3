package io.windhover.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.transport.EndPoint;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ListenAddressTest {

    private static InetSocketAddress inet(ListenAddress address, int index) {
        return ((EndPoint.Inet) address.endPoints().get(index)).address();
    }

    @Test
    void readsIpv4AndIpv6Literals() {
        ListenAddress v4 = ListenAddress.parse("http://127.0.0.1:5000");
        assertThat(v4.scheme()).isEqualTo("http");
        assertThat(v4.endPoints()).hasSize(1);
        assertThat(inet(v4, 0).getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(inet(v4, 0).getPort()).isEqualTo(5000);

        ListenAddress v6 = ListenAddress.parse("https://[::1]:5001/");
        assertThat(v6.scheme()).isEqualTo("https");
        assertThat(inet(v6, 0).getAddress().isLoopbackAddress()).isTrue();
        assertThat(inet(v6, 0).getAddress().getHostAddress()).contains(":");
        assertThat(inet(v6, 0).getPort()).isEqualTo(5001);
    }

    @Test
    void localhostMeansBothLoopbacks() {
        ListenAddress address = ListenAddress.parse("http://localhost:5000");
        assertThat(address.endPoints()).hasSize(2);
        assertThatThrownBy(() -> ListenAddress.parse("http://localhost:0")).hasMessageContaining("dynamic port");
        assertThat(inet(address, 0).getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(inet(address, 1).getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test
    void wildcardsAndHostNamesMeanEveryInterface() {
        for (String url : new String[] {"http://*:8080", "http://+:8080", "http://example.test:8080"}) {
            ListenAddress address = ListenAddress.parse(url);
            assertThat(inet(address, 0).getAddress().isAnyLocalAddress()).as(url).isTrue();
            assertThat(inet(address, 0).getPort()).isEqualTo(8080);
        }
    }

    @Test
    void defaultsThePortFromTheScheme() {
        assertThat(inet(ListenAddress.parse("http://127.0.0.1"), 0).getPort()).isEqualTo(80);
        assertThat(inet(ListenAddress.parse("https://127.0.0.1"), 0).getPort()).isEqualTo(443);
    }

    @Test
    void readsUnixSocketPathsAsAspNetWritesThem() {
        ListenAddress address = ListenAddress.parse("http://unix:/tmp/windhover.sock");
        assertThat(address.endPoints()).containsExactly(EndPoint.unix(Path.of("/tmp/windhover.sock")));
    }

    @Test
    void rejectsWhatItCannotBind() {
        assertThatThrownBy(() -> ListenAddress.parse("127.0.0.1:80")).hasMessageContaining("no scheme");
        assertThatThrownBy(() -> ListenAddress.parse("ftp://127.0.0.1:21")).hasMessageContaining("http or https");
        assertThatThrownBy(() -> ListenAddress.parse("http://127.0.0.1:99999")).hasMessageContaining("is not a port");
        assertThatThrownBy(() -> ListenAddress.parse("http://127.0.0.1:http")).hasMessageContaining("is not a port");
        assertThatThrownBy(() -> ListenAddress.parse("http://[::1:80")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> ListenAddress.parse("http://unix:relative.sock")).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> ListenAddress.parse("http://:80")).hasMessageContaining("no host");
    }
}
