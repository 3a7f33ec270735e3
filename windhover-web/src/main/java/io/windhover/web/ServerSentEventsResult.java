package io.windhover.web;

import io.windhover.server.http.HttpResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * A {@code text/event-stream} response written by a {@link ServerSentEventProducer}: ASP.NET Core's
 * {@code ServerSentEventsResult}, made by {@link Results#serverSentEvents}.
 *
 * <p>The head goes out at once, with {@code Cache-Control: no-cache}; every event is flushed as it
 * is sent, which makes an HTTP/1.1 response chunked and sends HTTP/2 DATA frames as they come. The
 * response compression middleware leaves {@code text/event-stream} alone (a compressor holds bytes
 * back), and a {@link RequestTimeoutFeature} on the request is turned off: a stream lasts as long
 * as its client stays. A {@code HEAD} gets the head alone; the producer does not run.
 */
final class ServerSentEventsResult implements Result {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServerSentEventsResult.class);

    private final ServerSentEventOptions options;
    private final ServerSentEventProducer producer;

    ServerSentEventsResult(ServerSentEventOptions options, ServerSentEventProducer producer) {
        this.options = Objects.requireNonNull(options, "options");
        this.producer = Objects.requireNonNull(producer, "producer");
    }

    @Override
    public void execute(WebContext context) throws IOException {
        HttpResponse response = context.response();
        response.status(200);
        response.headers().set("Content-Type", "text/event-stream");
        response.headers().set("Cache-Control", "no-cache");
        if (context.request().method().equals("HEAD")) {
            return;
        }
        RequestTimeoutFeature timeout = context.http().features().get(RequestTimeoutFeature.class);
        if (timeout != null) {
            timeout.disableTimeout();
        }
        var stream = new ServerSentEventStream(context.http(), response.body(), context.header("Last-Event-ID"), options);
        try {
            stream.open();
            producer.produce(stream);
        } catch (Exception e) {
            if (!stream.clientGone()) {
                if (e instanceof IOException io) {
                    throw io;
                }
                if (e instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IOException("the server-sent events producer failed", e);
            }
            // The client left and the producer learned it: the stream's normal end, not an error.
            LOG.debug("request {}: event stream ended, the client went away: {}", context.http().requestId(), e.toString());
        } finally {
            stream.finish();
        }
    }
}
