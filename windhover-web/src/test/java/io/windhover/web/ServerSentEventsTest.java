package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.web.middleware.RequestTimeout;
import io.windhover.web.middleware.ResponseCompression;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Server-sent events as wire transcripts, in memory (on the diagnostic pool: a block left rented
 * fails the test at close) and over a socket: the head, one flushed chunk per event, heartbeats after
 * exactly the interval of silence on a test's scheduler, {@code Last-Event-ID}, the producer stopped
 * when the client goes away, and the compression and timeout middleware leaving streams alone.
 */
@ParameterizedClass
@EnumSource(TestHost.Kind.class)
class ServerSentEventsTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(ServerSentEventOptions.DEFAULT_HEARTBEAT_SECONDS);
    /** The end of a chunked body: the producer returned. */
    private static final String LAST_CHUNK = "\r\n0\r\n\r\n";
    private static final String GET = "GET /events HTTP/1.1\r\nHost: a\r\n\r\n";

    @Parameter
    TestHost.Kind kind;

    private final ManualTaskScheduler scheduler = new ManualTaskScheduler();
    /** What the test gives the producer to send; {@link #END} makes it return. */
    private final BlockingQueue<ServerSentEvent> toSend = new LinkedBlockingQueue<>();
    private static final ServerSentEvent END = ServerSentEvent.of("end");
    /** How the producer ended: "returned", or the exception it saw. */
    private final AtomicReference<String> ending = new AtomicReference<>();
    private final CountDownLatch producerEnded = new CountDownLatch(1);
    private final AtomicReference<ServerSentEventSink> sink = new AtomicReference<>();
    private TestHost host;

    @BeforeEach
    void configure() {
        host = null;
    }

    @AfterEach
    void stop() throws Exception {
        if (host != null) {
            host.close();
        }
    }

    private void start(java.util.function.Consumer<WebApplication> more) throws Exception {
        var app = WebApplication.create().server(server -> server.shutdownTimeout(Duration.ofSeconds(1)));
        more.accept(app);
        app.get("/events", context -> Results.serverSentEvents(ServerSentEventOptions.defaults().withScheduler(scheduler), this::produce));
        app.get("/ping", context -> "pong");
        host = TestHost.start(kind, app);
    }

    private void start() throws Exception {
        start(app -> { });
    }

    /** Sends what the test queues until {@link #END}; records how it ended. */
    private void produce(ServerSentEventSink events) throws Exception {
        sink.set(events);
        try {
            if (events.lastEventId() != null) {
                events.send(ServerSentEvent.of("resuming after " + events.lastEventId()));
            }
            for (ServerSentEvent event; (event = toSend.take()) != END; ) {
                events.send(event);
            }
            ending.set("returned");
        } catch (Exception e) {
            ending.set(e.getClass().getSimpleName());
            throw e;
        } finally {
            producerEnded.countDown();
        }
    }

    /** The event stream's text in {@code raw}: HTTP/1.1's chunk framing taken out (events never hold a CR). */
    private static String payload(String raw) {
        return raw.replaceAll("(?m)^[0-9a-f]+\r\n", "").replace("\r\n", "");
    }

    @Test
    void sendsTheHeadAtOnceThenEachEventAsItIsSent() throws Exception {
        start();
        try (var client = host.open(GET)) {
            String head = client.readUntil("\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nContent-Type: text/event-stream\r\n")
                    .contains("\r\nCache-Control: no-cache\r\n").contains("\r\nTransfer-Encoding: chunked\r\n")
                    .doesNotContain("Content-Length").doesNotContain("Content-Encoding");
            // Each event is on the wire before the next is given to the producer: nothing waits in a buffer.
            toSend.add(ServerSentEvent.of("one").withId("1").withEvent("todo"));
            assertThat(payload(client.readUntil("data: one\n\n"))).isEqualTo("id: 1\nevent: todo\ndata: one\n\n");
            toSend.add(ServerSentEvent.of("two\r\nlines").withRetry(Duration.ofSeconds(2)));
            assertThat(payload(client.readUntil("data: lines\n\n"))).isEqualTo("retry: 2000\ndata: two\ndata: lines\n\n");
            toSend.add(END);
            client.readUntil(LAST_CHUNK); // the response ended; the connection stays for the next request
        }
        assertThat(ending).hasValue("returned");
        assertThat(scheduler.pending()).as("the heartbeat is cancelled with the stream").isZero();
    }

    @Test
    void sendsAHeartbeatAfterExactlyTheIntervalOfSilence() throws Exception {
        start();
        try (var client = host.open(GET)) {
            client.readUntil("\r\n\r\n");
            scheduler.advance(HEARTBEAT.minusNanos(1));
            toSend.add(ServerSentEvent.of("a"));
            assertThat(payload(client.readUntil("data: a\n\n"))).as("no heartbeat 1 ns before the interval").isEqualTo("data: a\n\n");
            // The event restarted the silence: the interval after the stream opened is no longer the one.
            scheduler.advance(Duration.ofNanos(1));
            scheduler.advance(HEARTBEAT.minusNanos(2));
            toSend.add(ServerSentEvent.of("b"));
            assertThat(payload(client.readUntil("data: b\n\n"))).as("none 1 ns before the interval after the event").isEqualTo("data: b\n\n");
            scheduler.advance(HEARTBEAT); // silence since "b": exactly the interval
            assertThat(payload(client.readUntil(":\n\n"))).isEqualTo(":\n\n");
            scheduler.advance(HEARTBEAT);
            assertThat(payload(client.readUntil(":\n\n"))).as("and again after another interval").isEqualTo(":\n\n");
            toSend.add(ServerSentEvent.of("c"));
            assertThat(payload(client.readUntil("data: c\n\n"))).isEqualTo("data: c\n\n");
            toSend.add(END);
            client.readUntil(LAST_CHUNK);
        }
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void sendsNoHeartbeatWhenTheyAreTurnedOff() throws Exception {
        start(app -> app.get("/quiet", context -> Results.serverSentEvents(
                ServerSentEventOptions.defaults().withScheduler(scheduler).withHeartbeatInterval(null), this::produce)));
        try (var client = host.open(GET.replace("/events", "/quiet"))) {
            client.readUntil("\r\n\r\n");
            assertThat(scheduler.pending()).isZero();
            scheduler.advance(HEARTBEAT.multipliedBy(10));
            toSend.add(ServerSentEvent.of("only"));
            assertThat(payload(client.readUntil("data: only\n\n"))).isEqualTo("data: only\n\n");
            toSend.add(END);
        }
    }

    @Test
    void givesTheProducerTheLastEventIdTheClientSent() throws Exception {
        start();
        try (var client = host.open("GET /events HTTP/1.1\r\nHost: a\r\nLast-Event-ID: 41\r\n\r\n")) {
            client.readUntil("\r\n\r\n");
            assertThat(payload(client.readUntil("\n\n"))).isEqualTo("data: resuming after 41\n\n");
            toSend.add(END);
        }
    }

    @Test
    void aClientThatGoesAwayStopsAProducerWaitingForItsNextEventAtTheNextHeartbeat() throws Exception {
        start();
        var client = host.open(GET);
        client.readUntil("\r\n\r\n");
        toSend.add(ServerSentEvent.of("seen"));
        client.readUntil("data: seen\n\n");
        client.close();
        // In memory the first heartbeat finds the pipe closed; over TCP the first write after the
        // client's close draws its reset, and the next fails. Bounded either way.
        for (int beats = 0; beats < 10 && !producerEnded.await(200, TimeUnit.MILLISECONDS); beats++) {
            scheduler.advance(HEARTBEAT);
        }
        assertThat(producerEnded.await(5, TimeUnit.SECONDS)).as("the producer stopped").isTrue();
        assertThat(ending).as("interrupted in BlockingQueue.take()").hasValue("InterruptedException");
        assertThat(sink.get().isOpen()).isFalse();
        // The producer's end is seen before the result's: poll, bounded, for the stream to wind up.
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); scheduler.pending() > 0 && System.nanoTime() < deadline; ) {
            Thread.onSpinWait();
        }
        assertThat(scheduler.pending()).as("no heartbeat left behind").isZero();
        assertThat(host.send("GET /ping HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).endsWith("pong");
    }

    @Test
    void aClientThatGoesAwayFailsTheProducersNextSend() throws Exception {
        start(app -> app.get("/busy", context -> Results.serverSentEvents(
                ServerSentEventOptions.defaults().withScheduler(scheduler).withHeartbeatInterval(null), events -> {
                    sink.set(events);
                    try {
                        for (int i = 0; ; i++) { // sends without waiting: only a failed send can stop it
                            events.send(ServerSentEvent.of("n" + i));
                        }
                    } catch (IOException e) {
                        ending.set("IOException");
                        throw e;
                    } finally {
                        producerEnded.countDown();
                    }
                })));
        var client = host.open(GET.replace("/events", "/busy"));
        client.readUntil("data: n3\n\n");
        client.close();
        assertThat(producerEnded.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ending).hasValue("IOException");
        assertThat(host.send("GET /ping HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).endsWith("pong");
    }

    @Test
    void aSinkKeptPastTheProducerRefusesToSend() throws Exception {
        start();
        try (var client = host.open(GET)) {
            client.readUntil("\r\n\r\n");
            toSend.add(END);
            client.readUntil("0\r\n\r\n");
        }
        assertThat(producerEnded.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(sink.get().isOpen()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sink.get().send("late"))
                .isInstanceOf(IOException.class).hasMessage("the event stream has ended");
    }

    @Test
    void answersAHeadWithTheHeadAloneAndNeverRunsTheProducer() throws Exception {
        start();
        String response = host.send("HEAD /events HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nContent-Type: text/event-stream\r\n").endsWith("\r\n\r\n");
        assertThat(sink.get()).isNull();
    }

    @Test
    void compressionLeavesEventStreamsAlone() throws Exception {
        start(app -> app.use(new ResponseCompression(1)));
        try (var client = host.open("GET /events HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip, br\r\n\r\n")) {
            String head = client.readUntil("\r\n\r\n");
            assertThat(head).contains("\r\nContent-Type: text/event-stream\r\n").doesNotContain("Content-Encoding").doesNotContain("Vary");
            String large = "x".repeat(4096);
            toSend.add(ServerSentEvent.of(large));
            assertThat(payload(client.readUntil(large + "\n\n"))).isEqualTo("data: " + large + "\n\n");
            toSend.add(END);
        }
    }

    @Test
    void theRequestTimeoutDoesNotCutAStreamOff() throws Exception {
        var interrupted = new CountDownLatch(1);
        start(app -> {
            app.use(new RequestTimeout(Duration.ofSeconds(10), 504, scheduler));
            app.get("/slow", context -> {
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                }
                return "never";
            });
        });
        try (var client = host.open(GET)) {
            client.readUntil("\r\n\r\n");
            scheduler.advance(Duration.ofSeconds(11));
            toSend.add(ServerSentEvent.of("still here"));
            assertThat(payload(client.readUntil("data: still here\n\n"))).isEqualTo("data: still here\n\n");
            assertThat(ending).as("the producer was not interrupted").hasValue(null);
            toSend.add(END);
            client.readUntil(LAST_CHUNK);
        }
        // The same scheduler does time out an ordinary request: the limit was turned off for the stream alone.
        var slow = Thread.startVirtualThread(() -> {
            try {
                assertThat(host.send("GET /slow HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 504 ");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        while (!interrupted.await(50, TimeUnit.MILLISECONDS)) {
            scheduler.advance(Duration.ofSeconds(11));
        }
        slow.join(10_000);
    }
}
