package io.windhover.samples.todo;

import io.windhover.web.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The todos' changes as one feed in the process, with a bounded history: what {@code GET /todos/events}
 * streams as server-sent events, and what {@code GET /todos/live} ({@link TodoLive}, a WebSocket) subscribes to the same way.
 * {@link TodoStore} publishes each change it commits, in the order it commits them; each gets the next
 * id (from 1) and its JSON, made once for every subscriber:
 *
 * <pre>
 * {"type": "created", "todo": {"id": 3, "title": "buy milk", "done": false, "attachments": []}}
 * {"type": "updated", "todo": {...}}           a new title or state, or an attachment added or removed
 * {"type": "deleted", "todo": {"id": 3}}
 * </pre>
 *
 * <p><b>Resuming.</b> {@link #subscribe(String)} takes the id of the last change a client saw (an
 * event stream's {@code Last-Event-ID}) and replays what came after it from the history, which keeps
 * the last {@code historySize} changes. An id the history no longer reaches (older than its first
 * change), an id it never gave (larger than its last: a client of an earlier run of the server, whose
 * ids started again from 1) and one that is no number replay everything kept: the client may have
 * missed more than that, and a page that must be exact reloads the list when its stream opens. No id
 * replays nothing.
 *
 * <p><b>Slow subscribers.</b> A subscriber holds at most {@code historySize} changes it has not taken.
 * One that falls further behind is ended (it gets what it holds, then the end): its client reconnects
 * with the last id it saw and is replayed the rest from the history, so no subscriber grows a queue
 * without bound and none holds up the writers.
 *
 * <p>Thread-safe; publishing never waits for a subscriber.
 */
final class TodoFeed implements AutoCloseable {

    /** 1,000 changes: a client away for a while on a busy list still resumes exactly. */
    static final int DEFAULT_HISTORY_SIZE = 1000;

    /** One change as every subscriber gets it. */
    record Change(long id, String json) {
    }

    /** The JSON of a change; records, so that Jackson writes the members in this order. */
    private record Message(String type, Object todo) {
    }

    private record Deleted(int id) {
    }

    private final int historySize;
    private final JsonCodec json;
    private final ArrayDeque<Change> history = new ArrayDeque<>();
    private final List<Subscription> subscribers = new ArrayList<>();
    private long lastId;
    private boolean closed;

    TodoFeed(int historySize, JsonCodec json) {
        if (historySize < 1) {
            throw new IllegalArgumentException("the history must keep at least one change, was " + historySize);
        }
        this.historySize = historySize;
        this.json = json;
    }

    void created(TodoApp.Todo todo) {
        publish("created", todo);
    }

    void updated(TodoApp.Todo todo) {
        publish("updated", todo);
    }

    void deleted(int id) {
        publish("deleted", new Deleted(id));
    }

    private void publish(String type, Object todo) {
        String text;
        try {
            text = new String(json.write(new Message(type, todo)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("a todo that cannot be written as JSON", e);
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            var change = new Change(++lastId, text);
            history.addLast(change);
            if (history.size() > historySize) {
                history.removeFirst();
            }
            subscribers.removeIf(subscriber -> !subscriber.offer(change)); // fallen too far behind: ended
        }
    }

    /**
     * A subscription to every change from now on, after those the history holds past
     * {@code lastSeenId} (see the class comment; null replays none). Close it when done.
     */
    synchronized Subscription subscribe(String lastSeenId) {
        var subscription = new Subscription(this, historySize);
        for (Change change : replay(lastSeenId)) {
            subscription.offer(change); // fits: it holds as many as the history
        }
        if (closed) {
            subscription.end();
        } else {
            subscribers.add(subscription);
        }
        return subscription;
    }

    /** The changes kept after {@code lastSeenId}. */
    private List<Change> replay(String lastSeenId) {
        if (lastSeenId == null || history.isEmpty()) {
            return List.of();
        }
        long after;
        try {
            after = Long.parseLong(lastSeenId.strip());
        } catch (NumberFormatException e) {
            return List.copyOf(history);
        }
        if (after > lastId || after < history.getFirst().id() - 1) {
            return List.copyOf(history);
        }
        return history.stream().filter(change -> change.id() > after).toList();
    }

    /** The id of the last change published; 0 before the first. */
    synchronized long lastId() {
        return lastId;
    }

    /** Subscribers now, for tests and metrics. */
    synchronized int subscriberCount() {
        return subscribers.size();
    }

    private synchronized void unsubscribe(Subscription subscription) {
        subscribers.remove(subscription);
    }

    /** Ends every subscription (each gets what it holds, then the end) and publishes nothing more: the server is stopping. */
    @Override
    public synchronized void close() {
        closed = true;
        subscribers.forEach(Subscription::end);
        subscribers.clear();
    }

    /**
     * One subscriber's changes, taken in order by one thread. {@link #take()} waits for the next and
     * answers null at the end: the subscriber fell too far behind, or the feed closed.
     */
    static final class Subscription implements AutoCloseable {
        private final TodoFeed feed;
        private final int capacity;
        private final ArrayDeque<Change> pending = new ArrayDeque<>();
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private boolean ended;

        private Subscription(TodoFeed feed, int capacity) {
            this.feed = feed;
            this.capacity = capacity;
        }

        /** The next change, waiting for it; null once the subscription has ended and nothing is left. */
        Change take() throws InterruptedException {
            lock.lock();
            try {
                while (pending.isEmpty() && !ended) {
                    changed.await();
                }
                return pending.poll();
            } finally {
                lock.unlock();
            }
        }

        /** Adds {@code change}; false, and the end, when the subscriber already holds as many as it may. */
        private boolean offer(Change change) {
            lock.lock();
            try {
                if (ended) {
                    return false;
                }
                if (pending.size() >= capacity) {
                    ended = true;
                    changed.signalAll();
                    return false;
                }
                pending.addLast(change);
                changed.signalAll();
                return true;
            } finally {
                lock.unlock();
            }
        }

        private void end() {
            lock.lock();
            try {
                ended = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** Stops receiving changes. */
        @Override
        public void close() {
            end();
            feed.unsubscribe(this);
        }
    }
}
