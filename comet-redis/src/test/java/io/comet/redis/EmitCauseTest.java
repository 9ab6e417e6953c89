package io.comet.redis;

import io.comet.AdapterContext;
import io.comet.BroadcastMessage;
import io.comet.SavedSocket;
import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import static io.comet.test.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A node can die between running a client emit's handler and saving that it ran. The broadcasts that
 * handler made are in the log with their cause, so the node that recovers the socket counts the emit
 * as run and does not run it again when the client sends it once more.
 */
@DisplayName("The cause of a broadcast, in the log")
class EmitCauseTest {
    /** A broadcast as a handler of emit {@code cause} made it. */
    private record Caused(String event, List<Object> args, Set<String> rooms, Set<String> except, String cause)
            implements BroadcastMessage {
        @Override
        public boolean remote() {
            return false;
        }
    }

    @Test
    @DisplayName("an emit whose handler's broadcast reached the log counts as run, though its number was never saved")
    void broadcastInTheLogCountsAsRun() {
        onANode((cluster, recovery) -> {
            String pid = "pid-" + UUID.randomUUID();
            await(recovery.save(new SavedSocket("socket-id-of-twenty", pid, Set.of("socket-id-of-twenty"), Map.of(), 5)), "the save");
            // Emit 6 ran and its broadcast was logged; its node died before saving 6.
            await(cluster.log().append(cluster.entries().broadcast(cluster.uid(), "/",
                    new Caused("said", List.of("six"), Set.of(), Set.of(), pid + " 6")), () -> { }), "the append");

            SavedSocket taken = await(recovery.take(pid), "the take");

            assertEquals(6, taken.upstream(), "emits up to 6 ran");
            assertEquals(Set.of("socket-id-of-twenty"), taken.rooms());
        });
    }

    @Test
    @DisplayName("without such a broadcast, the saved number stands")
    void savedNumberStands() {
        onANode((cluster, recovery) -> {
            String pid = "pid-" + UUID.randomUUID();
            await(recovery.save(new SavedSocket("socket-id-of-twenty", pid, Set.of(), Map.of(), 5)), "the save");
            await(cluster.log().append(cluster.entries().broadcast(cluster.uid(), "/",
                    new Caused("said", List.of("other"), Set.of(), Set.of(), "another-pid 9")), () -> { }), "the append");

            assertEquals(5, await(recovery.take(pid), "the take").upstream());
        });
    }

    /** A node of a cluster of its own, and its main namespace's recovery. */
    private static void onANode(BiConsumer<RedisCluster, LogRecovery> test) {
        String key = "comet-test-" + UUID.randomUUID();
        AtomicReference<AdapterContext> namespace = new AtomicReference<>();
        try (RedisCluster cluster = RedisCluster.builder(Cluster.REDIS).key(key).build();
             TestServer node = TestServer.with(b -> b.adapter(context -> {
                 namespace.compareAndSet(null, context);
                 return cluster.create(context);
             })).start()) {
            await(cluster.subscribed(), "the log to be read");
            LogRecovery recovery = new LogRecovery(cluster.savedSockets(), cluster.log(), cluster.entries(), namespace.get());
            test.accept(cluster, recovery);
        }
    }
}
