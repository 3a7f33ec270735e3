package io.windhover.websockets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 7692 §7's negotiation: the four parameters, and offers declined rather than refused. */
class PerMessageDeflateTest {

    private static PerMessageDeflate negotiate(String... fields) {
        return PerMessageDeflate.negotiate(List.of(fields), false);
    }

    @Test
    void plainOfferIsAcceptedAsIs() {
        var accepted = negotiate("permessage-deflate");
        assertThat(accepted).isEqualTo(new PerMessageDeflate(false, false, 15, 15));
        assertThat(accepted.responseHeader()).isEqualTo("permessage-deflate");
        assertThat(accepted.serverCompresses()).isTrue();
    }

    @Test
    void browsersOfferWithClientMaxWindowBitsWithoutValue() {
        var accepted = negotiate("permessage-deflate; client_max_window_bits");
        assertThat(accepted.clientMaxWindowBits()).isEqualTo(15);
        assertThat(accepted.responseHeader()).isEqualTo("permessage-deflate");
    }

    @Test
    void noContextTakeoverBothWaysIsAnswered() {
        var accepted = negotiate("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
        assertThat(accepted.responseHeader()).isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    }

    @Test
    void smallerServerWindowIsAcceptedAndThisSideThenSendsUncompressed() {
        var accepted = negotiate("permessage-deflate; server_max_window_bits=10");
        assertThat(accepted.serverMaxWindowBits()).isEqualTo(10);
        assertThat(accepted.serverCompresses()).isFalse();
        assertThat(accepted.responseHeader()).isEqualTo("permessage-deflate; server_max_window_bits=10");
    }

    @Test
    void quotedValuesAreRead() {
        assertThat(negotiate("permessage-deflate; client_max_window_bits=\"10\"").clientMaxWindowBits()).isEqualTo(10);
    }

    @Test
    void invalidOffersAreDeclinedAndTheNextOneConsidered() {
        assertThat(negotiate("permessage-deflate; server_max_window_bits")).as("value required").isNull();
        assertThat(negotiate("permessage-deflate; server_max_window_bits=7")).isNull();
        assertThat(negotiate("permessage-deflate; client_max_window_bits=16")).isNull();
        assertThat(negotiate("permessage-deflate; client_max_window_bits=08")).isNull();
        assertThat(negotiate("permessage-deflate; server_no_context_takeover=1")).isNull();
        assertThat(negotiate("permessage-deflate; unknown")).isNull();
        assertThat(negotiate("permessage-deflate; client_no_context_takeover; client_no_context_takeover")).isNull();
        assertThat(negotiate("x-webkit-deflate-frame")).isNull();
        assertThat(negotiate("permessage-deflate; server_max_window_bits=20, permessage-deflate; client_no_context_takeover"))
                .isEqualTo(new PerMessageDeflate(false, true, 15, 15));
        assertThat(negotiate("foo", "permessage-deflate")).isNotNull();
    }

    @Test
    void serverMayAskForNoContextTakeoverItself() {
        var accepted = PerMessageDeflate.negotiate(List.of("permessage-deflate"), true);
        assertThat(accepted.serverNoContextTakeover()).isTrue();
        assertThat(accepted.responseHeader()).isEqualTo("permessage-deflate; server_no_context_takeover");
    }
}
