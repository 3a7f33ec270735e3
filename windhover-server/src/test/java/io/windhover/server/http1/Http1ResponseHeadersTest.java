package io.windhover.server.http1;

import io.windhover.server.InMemoryHttpServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windhover.buffers.BufferSequence;
import io.windhover.server.Http1Limits;
import io.windhover.server.HttpLimits;
import io.windhover.server.Scheduling;
import io.windhover.server.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Response header splitting: a response field whose name is not a token, or whose value holds CR,
 * LF, NUL or another control, is refused where the handler sets it, so it never reaches the wire;
 * the same for trailers. Request fields, parsed under the parser's own rules, are left alone.
 */
@ParameterizedClass
@EnumSource(Scheduling.class)
class Http1ResponseHeadersTest {

    /** Field names and values a handler might take from a request, each of which would split or corrupt the head. */
    private static final List<String[]> INVALID = List.of(
            new String[] {"X-Value", "a\r\nSet-Cookie: admin=1"},
            new String[] {"X-Value", "a\nInjected: 1"},
            new String[] {"X-Value", "a\rb"},
            new String[] {"X-Value", "a\u0000b"},
            new String[] {"X-Value", "a\u0001b"},
            new String[] {"X-Value", "a\u007Fb"},
            new String[] {"X-Value", "a\u010Ab"}, // cast to a byte it is LF
            new String[] {"X-Value", "snow \u2603"},
            new String[] {"X Name", "v"},
            new String[] {"X-Name:", "v"},
            new String[] {"X-Name\r\nInjected", "v"},
            new String[] {"", "v"},
            new String[] {"Ärger", "v"},
            new String[] {"(comment)", "v"});

    @Parameter
    Scheduling scheduling;

    private InMemoryHttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = new InMemoryHttpServer(scheduling, HttpLimits.defaults(), context -> {
            var request = context.request();
            var response = context.response();
            switch (request.path()) {
                case "/refused" -> {
                    var refused = new StringBuilder();
                    for (String[] field : INVALID) {
                        refused.append(attempt(() -> response.headers().add(field[0], field[1])));
                        refused.append(attempt(() -> response.headers().set(field[0], field[1])));
                        refused.append(attempt(() -> response.trailers().add(field[0], field[1])));
                    }
                    response.body().write(refused.toString().getBytes(StandardCharsets.US_ASCII));
                }
                case "/unchecked" -> response.headers().set("X-Value", request.headers().get("X-In") + "\r\nInjected: 1");
                case "/kept" -> {
                    response.headers().set("X-Kept", "first");
                    attempt(() -> response.headers().set("X-Kept", "second\r\n"));
                }
                case "/valid" -> {
                    response.headers().set("X-Tokens!#$%&'*+-.^_`|~", "tab\tspace obs-text \u00E9 \u00FF");
                    response.headers().set("X-Empty", "");
                    response.body().write(new byte[] {'o', 'k'});
                    response.body().flush(); // chunked, so that the trailer goes out
                    response.trailers().add("X-Trailer", "\u00E9t\u00E9");
                }
                case "/request" -> {
                    // The request's own fields: as parsed (obs-text included), and open to the application.
                    request.headers().add("X Not A Token", "a\r\nb");
                    response.body().write(request.headers().get("X-In").getBytes(StandardCharsets.ISO_8859_1));
                }
                default -> response.status(404);
            }
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** "1" if {@code change} was refused with an IllegalArgumentException, "0" if it was accepted. */
    private static String attempt(Runnable change) {
        try {
            change.run();
            return "0";
        } catch (IllegalArgumentException refused) {
            return "1";
        }
    }

    @Test
    void refusesInvalidNamesAndValuesInHeadersAndTrailers() throws Exception {
        String response = server.exchange("GET /refused HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n")
                .endsWith("\r\n\r\n" + "111".repeat(INVALID.size()))
                .doesNotContain("Injected").doesNotContain("admin").doesNotContain("X-Value");
    }

    @Test
    void answers500AndSendsNothingOfAFieldTheHandlerDidNotCatch() throws Exception {
        String response = server.exchange("GET /unchecked HTTP/1.1\r\nHost: a\r\nX-In: x\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 500 Internal Server Error\r\n").doesNotContain("Injected");
    }

    @Test
    void keepsTheFieldASetWouldHaveReplacedWhenTheSetIsRefused() throws Exception {
        assertThat(server.exchange("GET /kept HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                .contains("\r\nX-Kept: first\r\n").doesNotContain("second");
    }

    @Test
    void sendsTokenNamesAndValuesWithTabsSpacesAndObsText() throws Exception {
        String response = server.exchange("GET /valid HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("\r\nX-Tokens!#$%&'*+-.^_`|~: tab\tspace obs-text \u00E9 \u00FF\r\n")
                .contains("\r\nX-Empty: \r\n")
                .endsWith("\r\n\r\n2\r\nok\r\n0\r\nX-Trailer: \u00E9t\u00E9\r\n\r\n");
    }

    @Test
    void leavesRequestFieldsToTheParser() throws Exception {
        assertThat(server.exchange("GET /request HTTP/1.1\r\nHost: a\r\nX-In: caf\u00E9\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\ncaf\u00E9");
    }

    @Test
    void checksFieldsAddedAsBytesToAResponse() {
        var fields = HttpHeaders.forResponse();
        var parsed = BufferSequence.of("X-A: a\rb".getBytes(StandardCharsets.ISO_8859_1));
        long at = parsed.start();
        assertThatThrownBy(() -> fields.addBytes(parsed, at, at + 3, at + 5, at + 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x0D").hasMessageContaining("'X-A'");
        assertThat(fields.isEmpty()).as("nothing added").isTrue();
        fields.addBytes(parsed, at, at + 3, at + 5, at + 6);
        assertThat(fields.get("X-A")).isEqualTo("a");
    }
}
