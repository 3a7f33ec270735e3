package io.windhover.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class EndPointTest {

    private static String text(String address, int port) throws Exception {
        return EndPoint.of(new InetSocketAddress(InetAddress.getByName(address), port)).toString();
    }

    @Test
    void writesAddressesAsPeopleWriteThem() throws Exception {
        assertThat(text("127.0.0.1", 80)).isEqualTo("127.0.0.1:80");
        assertThat(text("::1", 5000)).isEqualTo("[::1]:5000");
        assertThat(text("::", 0)).isEqualTo("[::]:0");
        assertThat(text("2001:db8:0:0:1:0:0:1", 443)).as("the longer run of zeros").isEqualTo("[2001:db8::1:0:0:1]:443");
        assertThat(text("2001:db8:0:1:1:1:1:1", 1)).as("one zero group stays").isEqualTo("[2001:db8:0:1:1:1:1:1]:1");
        assertThat(text("fe80:0:0:0:0:0:0:1", 2)).isEqualTo("[fe80::1]:2");
    }
}
