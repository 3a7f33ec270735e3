package io.windhover.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.buffers.DiagnosticMemoryPool;
import io.windhover.transport.memory.InMemoryTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** What the server end of an in-memory connection says about its client. */
class InMemoryTransportTest {

    private static final EndPoint END_POINT = EndPoint.loopback(80);

    @Test
    void reportsAClientWithANameAndNoAddressByDefault() throws Exception {
        try (var pool = new DiagnosticMemoryPool()) {
            var transport = new InMemoryTransport(pool);
            try (var listener = transport.bind(END_POINT)) {
                transport.connect(END_POINT);
                ConnectionContext server = listener.accept();
                assertThat(server.remoteAddress()).isInstanceOfSatisfying(InetSocketAddress.class, peer -> {
                    assertThat(peer.getHostString()).isEqualTo("in-memory-client");
                    assertThat(peer.getAddress()).as("unresolved").isNull();
                });
            }
        }
    }

    @Test
    void reportsTheAddressAClientConnectedFrom() throws Exception {
        try (var pool = new DiagnosticMemoryPool()) {
            var transport = new InMemoryTransport(pool);
            var from = new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 50_123);
            try (var listener = transport.bind(END_POINT)) {
                transport.connect(END_POINT, from);
                assertThat(listener.accept().remoteAddress()).isEqualTo(from);
            }
        }
    }
}
