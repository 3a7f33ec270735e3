package io.windhover.web;

/**
 * What an endpoint gives {@link Results#serverSentEvents}: the code that writes the stream's events.
 * It runs on the request's thread (a virtual thread by default, so it may block waiting for the next
 * event) for as long as the stream lasts; returning ends the response.
 *
 * <p>When the client goes away — noticed when an event or a heartbeat cannot be written, or when the
 * server aborts the request — {@link ServerSentEventSink#send} throws an {@link java.io.IOException}
 * and the producer's thread is interrupted, so a producer blocked in {@code BlockingQueue.take()},
 * {@code Thread.sleep} or a lock wakes with an {@link InterruptedException}. Either may be left to
 * propagate: the result treats an exception after the client left as the stream's normal end.
 */
@FunctionalInterface
public interface ServerSentEventProducer {

    void produce(ServerSentEventSink events) throws Exception;
}
