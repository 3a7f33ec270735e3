package io.windhover.samples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.web.JacksonJsonCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The feed alone: ids, the JSON of each change, the history's bound and what Last-Event-ID replays, slow subscribers, the end. */
class TodoFeedTest {

    private final TodoFeed feed = new TodoFeed(3, new JacksonJsonCodec());

    private static TodoApp.Todo todo(int id, String title) {
        return new TodoApp.Todo(id, title, false, List.of());
    }

    /** Publishes {@code count} creations, todos 1 to count. */
    private void publish(int count) {
        for (int i = 1; i <= count; i++) {
            feed.created(todo(i, "t" + i));
        }
    }

    /** The ids a subscription holds now, without waiting. */
    private static List<Long> held(TodoFeed.Subscription subscription) throws InterruptedException {
        subscription.close(); // ends it: take() gives what it holds, then null
        List<Long> ids = new ArrayList<>();
        for (TodoFeed.Change change; (change = subscription.take()) != null; ) {
            ids.add(change.id());
        }
        return ids;
    }

    @Test
    void writesEachChangeAsTypeAndTodoWithTheNextId() throws Exception {
        try (var subscription = feed.subscribe(null)) {
            feed.created(todo(1, "buy milk"));
            feed.updated(new TodoApp.Todo(1, "buy milk", true, List.of(new TodoApp.Attachment("list.txt", 5, "text/plain"))));
            feed.deleted(1);
            assertThat(subscription.take()).isEqualTo(new TodoFeed.Change(1,
                    "{\"type\":\"created\",\"todo\":{\"id\":1,\"title\":\"buy milk\",\"done\":false,\"attachments\":[]}}"));
            assertThat(subscription.take()).isEqualTo(new TodoFeed.Change(2, "{\"type\":\"updated\",\"todo\":{\"id\":1,\"title\":\"buy milk\","
                    + "\"done\":true,\"attachments\":[{\"name\":\"list.txt\",\"size\":5,\"contentType\":\"text/plain\"}]}}"));
            assertThat(subscription.take()).isEqualTo(new TodoFeed.Change(3, "{\"type\":\"deleted\",\"todo\":{\"id\":1}}"));
        }
    }

    @Test
    void replaysWhatCameAfterTheLastIdSeenWhileTheHistoryReachesIt() throws Exception {
        publish(5); // the history of 3 keeps 3, 4 and 5
        assertThat(held(feed.subscribe(null))).as("a first connection").isEmpty();
        assertThat(held(feed.subscribe("2"))).as("the oldest id the history follows on from").containsExactly(3L, 4L, 5L);
        assertThat(held(feed.subscribe("4"))).containsExactly(5L);
        assertThat(held(feed.subscribe(" 4 "))).containsExactly(5L);
        assertThat(held(feed.subscribe("5"))).as("up to date").isEmpty();
    }

    @Test
    void replaysEverythingKeptForAnIdTheHistoryCannotPlaceAfter() throws Exception {
        publish(5);
        assertThat(held(feed.subscribe("1"))).as("one past the history: 2 is lost").containsExactly(3L, 4L, 5L);
        assertThat(held(feed.subscribe("0"))).containsExactly(3L, 4L, 5L);
        assertThat(held(feed.subscribe("6"))).as("an id never given: an earlier run of the server").containsExactly(3L, 4L, 5L);
        assertThat(held(feed.subscribe("seven"))).containsExactly(3L, 4L, 5L);
    }

    @Test
    void endsASubscriberThatFallsFurtherBehindThanTheHistoryAndKeepsTheOthers() throws Exception {
        var slow = feed.subscribe(null);
        publish(3); // exactly as many as it may hold
        assertThat(feed.subscriberCount()).isEqualTo(1);
        var keeping = feed.subscribe(null);
        feed.created(todo(4, "one too many for the slow one"));
        assertThat(feed.subscriberCount()).as("the slow one is dropped").isEqualTo(1);
        assertThat(slow.take().id()).isEqualTo(1);
        assertThat(slow.take().id()).isEqualTo(2);
        assertThat(slow.take().id()).isEqualTo(3);
        assertThat(slow.take()).as("then the end: it reconnects with id 3 and is replayed 4").isNull();
        assertThat(held(feed.subscribe("3"))).containsExactly(4L);
        assertThat(keeping.take().id()).isEqualTo(4);
        keeping.close();
        assertThat(feed.subscriberCount()).isZero();
    }

    @Test
    void closingTheFeedEndsEverySubscription() throws Exception {
        var subscription = feed.subscribe(null);
        var taken = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return subscription.take(); // waits: nothing was published
            } catch (InterruptedException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        feed.close();
        assertThat(taken.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("the waiting taker is woken with the end").isNull();
        assertThat(feed.subscriberCount()).isZero();
        feed.created(todo(1, "after the end"));
        assertThat(feed.lastId()).as("nothing is published once closed").isZero();
        assertThat(feed.subscribe(null).take()).isNull();
    }
}
