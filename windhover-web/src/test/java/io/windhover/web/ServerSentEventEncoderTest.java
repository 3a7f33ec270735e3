package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Events as the {@code text/event-stream} lines a browser parses, and the fields that could inject others refused. */
class ServerSentEventEncoderTest {

    private static String wire(ServerSentEvent event) {
        return new String(ServerSentEventEncoder.encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void writesEveryFieldThenTheBlankLineThatDispatches() {
        var event = ServerSentEvent.of("{\"n\":7}").withId("7").withEvent("count").withRetry(Duration.ofMillis(2500));
        assertThat(wire(event)).isEqualTo("id: 7\nevent: count\nretry: 2500\ndata: {\"n\":7}\n\n");
    }

    @Test
    void writesEachLineOfDataAsItsOwnFieldWhateverEndsIt() {
        // CRLF, a lone CR and a lone LF each end a line for the browser: a CR kept inside a field would split it there.
        assertThat(wire(ServerSentEvent.of("a\r\nb\rc\nd"))).isEqualTo("data: a\ndata: b\ndata: c\ndata: d\n\n");
        assertThat(wire(ServerSentEvent.of("a\n"))).as("a trailing line break is an empty last line").isEqualTo("data: a\ndata: \n\n");
        assertThat(wire(ServerSentEvent.of("\r\n\r\n"))).isEqualTo("data: \ndata: \ndata: \n\n");
        assertThat(wire(ServerSentEvent.of(""))).isEqualTo("data: \n\n");
    }

    @Test
    void dataThatLooksLikeFieldsStaysData() {
        assertThat(wire(ServerSentEvent.of("x\nid: 666\nevent: admin\n\ndata: y")))
                .isEqualTo("data: x\ndata: id: 666\ndata: event: admin\ndata: \ndata: data: y\n\n");
    }

    @Test
    void keepsALeadingSpaceTheBrowserWouldOtherwiseStrip() {
        assertThat(wire(ServerSentEvent.of(" indented"))).isEqualTo("data:  indented\n\n");
    }

    @Test
    void anEventWithoutDataCarriesItsOtherFields() {
        assertThat(wire(new ServerSentEvent("9", null, null, Duration.ofSeconds(3)))).isEqualTo("id: 9\nretry: 3000\n\n");
    }

    @Test
    void writesUtf8() {
        assertThat(ServerSentEventEncoder.encode(ServerSentEvent.of("é"))).containsExactly('d', 'a', 't', 'a', ':', ' ', 0xC3, 0xA9, '\n', '\n');
    }

    @Test
    void refusesAnIdOrEventNameThatWouldStartAnotherField() {
        for (String broken : new String[] {"1\ndata: injected", "1\r", "1\r\nretry: 1"}) {
            assertThatThrownBy(() -> ServerSentEvent.of("x").withId(broken)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("id must be one line");
            assertThatThrownBy(() -> ServerSentEvent.of("x").withEvent(broken)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("event must be one line");
        }
        assertThatThrownBy(() -> ServerSentEvent.of("x").withId("a\0b")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> ServerSentEvent.of("x").withRetry(Duration.ofMillis(-1))).hasMessageContaining("negative");
    }

    @Test
    void writesEachLineOfACommentBehindAColon() {
        assertThat(new String(ServerSentEventEncoder.comment("one\ntwo"), StandardCharsets.UTF_8)).isEqualTo(": one\n: two\n\n");
    }
}
