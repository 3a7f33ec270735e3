package io.windhover.server.http1;

import io.windhover.server.InMemoryHttpServer;
import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.server.Http1Limits;
import io.windhover.server.HttpLimits;
import io.windhover.server.Scheduling;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The final status a handler sets: an informational (1xx) one is refused where it is set, so the
 * client always gets a final response; every status line carries its reason phrase.
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class Http1ResponseStatusTest {

    @Parameter
    Scheduling scheduling;

    private InMemoryHttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = new InMemoryHttpServer(scheduling, HttpLimits.defaults(), context -> {
            var response = context.response();
            String path = context.request().path();
            int status = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
            if (path.startsWith("/caught/")) {
                try {
                    response.status(status);
                } catch (IllegalArgumentException refused) {
                    response.body().write(refused.getMessage().getBytes(StandardCharsets.US_ASCII));
                }
            } else {
                response.status(status);
            }
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void refusesEarlyHintsAsTheFinalStatusWhereItIsSet() throws Exception {
        assertThat(server.exchange("GET /caught/103 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 OK\r\n")
                .endsWith("\r\n\r\nstatus 103 is informational (1xx), not a final status; use a final status, 200 to 999");
    }

    @Test
    void answers500WhenAHandlerSetsAnInformationalStatusAndDoesNotCatchTheRefusal() throws Exception {
        for (int status : new int[] {100, 101, 102, 103, 199}) {
            assertThat(server.exchange("GET /" + status + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                    .as("status %d", status)
                    .startsWith("HTTP/1.1 500 Internal Server Error\r\n")
                    .doesNotContain("HTTP/1.1 1");
        }
    }

    @Test
    void pointsAHandlerSetting101ToUpgrade() throws Exception {
        assertThat(server.exchange("GET /caught/101 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                .endsWith("switch protocols with HttpContext.upgrade()");
    }

    @Test
    void acceptsTheLowestFinalStatus() throws Exception {
        assertThat(server.exchange("GET /200 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 OK\r\n");
    }

    @Test
    void namesTheReasonOfRegisteredStatuses() throws Exception {
        assertThat(server.exchange("GET /451 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 451 Unavailable For Legal Reasons\r\n");
        assertThat(new String(StatusLines.of(103), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 103 Early Hints\r\n");
        assertThat(new String(StatusLines.of(102), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 102 Processing\r\n");
        assertThat(new String(StatusLines.of(599), StandardCharsets.US_ASCII)).as("unregistered: empty phrase")
                .isEqualTo("HTTP/1.1 599 \r\n");
    }
}
