package io.comet.socketio;

import io.comet.Namespace;
import io.comet.test.PollingSession;
import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static io.comet.test.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Application handlers")
class EventDispatchTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    /** A namespace of the test's own, so its handlers meet no other test's clients. */
    private static Namespace namespace(String name) {
        return server.server().of(name);
    }

    @Test
    @DisplayName("a handler that throws an Error (a StackOverflowError) does not stop the connection's later events")
    void errorInAHandler() {
        CompletableFuture<Object> after = new CompletableFuture<>();
        namespace("/throws").onConnection(socket -> {
            socket.on("boom", (args, ack) -> {
                throw new StackOverflowError("from a handler");
            });
            socket.on("after", (args, ack) -> after.complete(args.get(0)));
        });
        PollingSession session = PollingSession.open(server);
        session.connect("/throws");

        session.send("42/throws,[\"boom\"]", "42/throws,[\"after\",\"still handled\"]");

        assertEquals("still handled", await(after, "the event after the failed handler"));
    }

    @Test
    @DisplayName("of one connection run one at a time, in the order the events arrived")
    void oneAtATimeInOrder() {
        int count = 50;
        List<Object> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CompletableFuture<Void> done = new CompletableFuture<>();
        namespace("/serial").onConnection(socket -> socket.on("n", (args, ack) -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            seen.add(args.get(0));
            running.decrementAndGet();
            if (seen.size() == count) {
                done.complete(null);
            }
        }));
        PollingSession session = PollingSession.open(server);
        session.connect("/serial");

        session.send(IntStream.range(0, count).mapToObj(i -> "42/serial,[\"n\"," + i + "]").toArray(String[]::new));

        await(done, count + " events");
        assertEquals(IntStream.range(0, count).boxed().toList(), seen);
        assertEquals(1, mostAtOnce.get());
    }

    @Test
    @DisplayName("a handler that throws does not stop the events after it")
    void failingHandlerIsIsolated() {
        CompletableFuture<Object> next = new CompletableFuture<>();
        namespace("/failing").onConnection(socket -> {
            socket.on("boom", (args, ack) -> {
                throw new IllegalStateException("handler failure on purpose");
            });
            socket.on("after", (args, ack) -> next.complete(args.get(0)));
        });
        PollingSession session = PollingSession.open(server);
        session.connect("/failing");

        session.send("42/failing,[\"boom\"]", "42/failing,[\"after\",\"still here\"]");

        assertEquals("still here", await(next, "the event after the failure"));
    }

    @Test
    @DisplayName("an event sent right after the CONNECT reply reaches the handlers its slow connection listener registers")
    void eventRightAfterConnectReachesSlowListener() throws InterruptedException {
        CountDownLatch profileLoaded = new CountDownLatch(1);
        CompletableFuture<List<Object>> greeting = new CompletableFuture<>();
        namespace("/slow").onConnection(socket -> {
            try {
                assertTrue(profileLoaded.await(10, TimeUnit.SECONDS)); // e.g. loading the user's profile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            socket.on("hello", (args, ack) -> greeting.complete(args));
        });
        PollingSession session = PollingSession.open(server);
        session.connect("/slow"); // the CONNECT reply is out while the connection listener still works

        session.send("42/slow,[\"hello\",\"world\"]"); // the client greets as soon as it is connected
        profileLoaded.countDown();

        // Once the listener is done the handler runs within milliseconds; a few seconds is plenty.
        assertEquals(List.of("world"), await(greeting, "the greeting to reach its handler", Duration.ofSeconds(3)));
    }
}
