package io.comet.redis;

import com.fasterxml.jackson.databind.JsonNode;
import io.comet.ClusterResult;
import io.comet.RemoteSocket;
import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static io.comet.test.Await.await;
import static io.comet.test.Await.until;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recovery across nodes when a node dies: the default (streams) format keeps every socket's state and
 * every broadcast in Redis, so a client whose node was killed recovers on another one.
 */
@DisplayName("A Comet node killed mid-stream")
class NodeDeathTest {
    private static final int EVENTS = 500;
    private static final int KILL_AT = 150;

    @Test
    @DisplayName("its clients (stock socket.io-client, every transport) move to another node and recover 500/500 events, in order, once")
    void clientsOfAKilledNodeRecoverElsewhere() throws Exception {
        List<String> transports = List.of("websocket", "polling", "polling,websocket", "websocket", "polling");
        List<RecoveringClient> clients = new ArrayList<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        try (Cluster cluster = new Cluster(); CometNodeProcess doomed = cluster.nodeProcess()) {
            TestServer survivor = cluster.node();
            for (String t : transports) {
                clients.add(RecoveringClient.start(doomed.url(), survivor.url(), t, EVENTS - 1));
            }
            clients.forEach(c -> await(c.connected(), "the " + c.transports() + " client to connect to the doomed node"));
            until(() -> inTicks(survivor) == clients.size(), "every client in the room ticks, seen from the survivor");

            // 500 events 10 ms apart from the surviving node; the other node is killed at the 150th.
            AtomicInteger next = new AtomicInteger();
            CompletableFuture<Void> reachedKill = new CompletableFuture<>();
            ticker.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                if (i < EVENTS) {
                    survivor.server().to("ticks").emit("tick", i);
                }
                if (i == KILL_AT) {
                    reachedKill.complete(null);
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
            await(reachedKill, "the stream to reach event " + KILL_AT);
            long killedAt = System.currentTimeMillis();
            doomed.kill();

            List<Runnable> checks = new ArrayList<>();
            List<Integer> all = IntStream.range(0, EVENTS).boxed().toList();
            for (RecoveringClient c : clients) {
                JsonNode r = await(c.result(), "the " + c.transports() + " client to get the last event", java.time.Duration.ofSeconds(40));
                List<Integer> ticks = new ArrayList<>();
                r.path("ticks").forEach(n -> ticks.add(n.asInt()));
                List<Boolean> recovered = new ArrayList<>();
                r.path("recovered").forEach(n -> recovered.add(n.asBoolean()));
                System.out.printf("%s client: recovered %s, back %d ms after the kill%n", c.transports(), recovered,
                        r.path("backAt").asLong() - killedAt);
                checks.add(() -> {
                    assertTrue(r.path("error").isNull(), c.transports() + ": " + r.path("error"));
                    assertFalse(recovered.isEmpty(), c.transports() + " was never cut");
                    assertTrue(recovered.stream().allMatch(b -> b), c.transports() + " recovered " + recovered);
                    assertEquals(all, ticks, c.transports() + ": every event, in order, once");
                });
            }
            assertAll(checks.stream().map(check -> check::run));
        } finally {
            ticker.shutdownNow();
            clients.forEach(RecoveringClient::close);
        }
    }

    private static int inTicks(TestServer node) {
        ClusterResult<List<RemoteSocket>> found = await(node.server().to("ticks").fetchSockets(), "fetchSockets");
        return found.value().size();
    }
}
