package io.windhover.web;

import io.windhover.server.http.HttpContext;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sink one server-sent events response writes through: events from the producer, heartbeats
 * from the scheduler, each written whole and flushed under one lock, and the link between the
 * request's abort signal and the producer's thread.
 *
 * <p>Lifecycle: made and {@link #open() opened} on the request's thread, which then runs the
 * producer; {@link #finish()} on the same thread when the producer returns, after which nothing is
 * written and no interrupt reaches the thread (it serves the connection's next request).
 */
final class ServerSentEventStream implements ServerSentEventSink {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServerSentEventStream.class);

    /** A comment line and the blank line after it: keeps the connection busy, dispatches nothing. */
    static final byte[] HEARTBEAT = {':', '\n', '\n'};

    private final HttpContext http;
    private final OutputStream body;
    private final String lastEventId;
    private final Duration heartbeatInterval;
    private final TaskScheduler scheduler;
    private final Thread producer = Thread.currentThread();
    /** Held for each write and its flush: events and heartbeats never interleave. */
    private final ReentrantLock writing = new ReentrantLock();
    /** Orders the abort's interrupt, the heartbeat's rescheduling and the end of the stream. */
    private final Object state = new Object();
    /** False once the client left (a write failed, the request was aborted) or the stream ended. */
    private volatile boolean open = true;
    /** Whether the client went away (or the server aborted the request), as opposed to the producer ending. */
    private volatile boolean gone;
    /** When the last bytes were written, on the scheduler's clock: a heartbeat is due only after a silence. */
    private volatile long lastWrite;
    private boolean finished;
    private Future<?> heartbeat;

    ServerSentEventStream(HttpContext http, OutputStream body, String lastEventId, ServerSentEventOptions options) {
        this.http = http;
        this.body = body;
        this.lastEventId = lastEventId;
        this.heartbeatInterval = options.heartbeatInterval();
        this.scheduler = options.scheduler();
    }

    /** Sends the head (so the client's {@code EventSource} opens now, not at the first event) and arms the heartbeat. */
    void open() throws IOException {
        write(new byte[0]);
        http.onAborted(this::aborted);
        if (heartbeatInterval != null) {
            scheduleHeartbeat(heartbeatInterval);
        }
    }

    @Override
    public void send(ServerSentEvent event) throws IOException {
        write(ServerSentEventEncoder.encode(event));
    }

    @Override
    public void comment(String text) throws IOException {
        write(ServerSentEventEncoder.comment(text));
    }

    @Override
    public String lastEventId() {
        return lastEventId;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Whether the client went away or the request was aborted while the stream was open. */
    boolean clientGone() {
        return gone || http.isAborted();
    }

    private void write(byte[] bytes) throws IOException {
        writing.lock();
        try {
            if (!open) {
                throw new IOException(gone ? "the client went away" : "the event stream has ended");
            }
            body.write(bytes);
            body.flush();
            lastWrite = scheduler.nanoTime();
        } catch (IOException e) {
            lost(e);
            throw e;
        } finally {
            writing.unlock();
        }
    }

    /**
     * Runs on the scheduler when a silence may have lasted the interval: sends a heartbeat if it did,
     * and looks again when the next could be due.
     */
    private void beat() {
        long silence = scheduler.nanoTime() - lastWrite;
        long interval = heartbeatInterval.toNanos();
        if (silence >= interval && writing.tryLock()) { // held: an event is being written, as good as a heartbeat
            try {
                if (!open) {
                    return;
                }
                body.write(HEARTBEAT);
                body.flush();
                lastWrite = scheduler.nanoTime();
                silence = 0;
            } catch (IOException e) {
                lost(e);
                return;
            } finally {
                writing.unlock();
            }
        }
        scheduleHeartbeat(Duration.ofNanos(silence >= interval ? interval : interval - silence));
    }

    private void scheduleHeartbeat(Duration delay) {
        synchronized (state) {
            if (!finished && open) {
                heartbeat = scheduler.schedule(this::beat, delay);
            }
        }
    }

    /**
     * A write failed: the client is gone. The request is aborted so that every party learns it the
     * same way — the abort signal interrupts the producer, which may be waiting for its next event,
     * and the protocol resets the stream (HTTP/2) or closes the connection (HTTP/1.1).
     */
    private void lost(IOException cause) {
        if (!open) {
            return;
        }
        LOG.debug("request {}: event stream lost: {}", http.requestId(), cause.toString());
        gone = true;
        open = false;
        http.abort();
    }

    /** The request's abort signal: on the thread that saw the abort, so no waiting here. */
    private void aborted() {
        synchronized (state) {
            if (finished) {
                return;
            }
            gone = true;
            open = false;
            producer.interrupt();
        }
    }

    /** The producer returned: nothing more is written, the heartbeat stops, and no interrupt is left on the thread. */
    void finish() {
        writing.lock(); // waits for a heartbeat being written: the response is about to end
        try {
            open = false;
        } finally {
            writing.unlock();
        }
        synchronized (state) {
            finished = true;
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
        }
        Thread.interrupted(); // an abort that came as the producer returned is not the next request's
    }
}
