package io.windhover.server.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.transport.EndPoint;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptBackoffTest {

    private final AcceptBackoff backoff = new AcceptBackoff(EndPoint.loopback(80));
    private final IOException emfile = new IOException("Too many open files");

    private List<Long> pausesInMillis(int failures) {
        List<Long> pauses = new ArrayList<>();
        for (int i = 0; i < failures; i++) {
            pauses.add(backoff.onFailure(emfile).toMillis());
        }
        return pauses;
    }

    @Test
    void pausesTenMillisecondsFirstThenTwiceAsLongEachTimeUpToOneSecond() {
        assertThat(AcceptBackoff.FIRST_DELAY).isEqualTo(Duration.ofMillis(10));
        assertThat(AcceptBackoff.MAX_DELAY).isEqualTo(Duration.ofSeconds(1));
        // 640 ms doubled would be 1,280: held at the 1 s limit, and there it stays.
        assertThat(pausesInMillis(10)).containsExactly(10L, 20L, 40L, 80L, 160L, 320L, 640L, 1000L, 1000L, 1000L);
    }

    @Test
    void anAcceptThatWorksStartsTheNextBurstFromTheFirstPause() {
        pausesInMillis(4);
        backoff.onSuccess();
        assertThat(pausesInMillis(2)).containsExactly(10L, 20L);
    }

    @Test
    void anAcceptThatWorksWithoutAFailureBeforeItChangesNothing() {
        backoff.onSuccess();
        assertThat(pausesInMillis(1)).containsExactly(10L);
    }
}
