package io.comet.redis;

import io.comet.ClusterResult;
import io.comet.RemoteSocket;
import io.comet.test.JavaClient;
import io.comet.test.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.comet.test.Await.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Comet nodes in one cluster over the real Redis: a broadcast made on either reaches the selected
 * clients of both, by room and {@code except}, encoded in socket.io's Redis adapter format; and the
 * cluster operations made on either see both ({@link ClusterOperationsTest} has each on three nodes).
 */
@DisplayName("Comet nodes over Redis")
class CometNodesTest {
    private static Cluster cluster;
    private static TestServer a;
    private static TestServer b;

    @BeforeAll
    static void start() {
        cluster = new Cluster();
        a = cluster.node();
        b = cluster.node();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static JavaClient client(TestServer node, String room) {
        return Cluster.connected(node, "room=" + room);
    }

    @Test
    @DisplayName("a broadcast to the namespace reaches the clients of every node, once")
    void broadcastToAll() {
        try (JavaClient onA = client(a, "lobby"); JavaClient onB = client(b, "lobby")) {
            a.server().emit("news", "to everyone", Map.of("n", 1));

            assertEquals(List.of("to everyone", Map.of("n", 1)), onA.next("news").argsBeforeOffset());
            assertEquals(List.of("to everyone", Map.of("n", 1)), onB.next("news").argsBeforeOffset());
            b.server().emit("marker");
            onA.next("marker");
            onB.next("marker");
            assertEquals(1, onA.events().named("news").size());
            assertEquals(1, onB.events().named("news").size());
        }
    }

    @Test
    @DisplayName("a broadcast to a room reaches its members on the other node, and nobody else")
    void broadcastToARoom() {
        try (JavaClient member = client(b, "blue"); JavaClient other = client(b, "red"); JavaClient here = client(a, "red")) {
            a.server().to("blue").emit("paint", "blue");

            assertEquals(List.of("blue"), member.next("paint").argsBeforeOffset());
            a.server().emit("marker");
            other.next("marker");
            here.next("marker");
            assertTrue(other.events().named("paint").isEmpty() && here.events().named("paint").isEmpty());
        }
    }

    @Test
    @DisplayName("except leaves out a room's members on every node")
    void except() {
        try (JavaClient left = client(b, "quiet"); JavaClient reached = client(b, "loud")) {
            a.server().sockets().except("quiet").emit("shout", 1);

            assertEquals(List.of(1), reached.next("shout").argsBeforeOffset());
            a.server().emit("marker");
            left.next("marker");
            assertTrue(left.events().named("shout").isEmpty());
        }
    }

    @Test
    @DisplayName("binary arguments cross nodes as binary")
    void binary() {
        try (JavaClient onB = client(b, "bytes")) {
            a.server().to("bytes").emit("blob", (Object) new byte[] {1, 2, 3, (byte) 255});

            Object blob = onB.next("blob").arg(0);
            assertArrayEquals(new byte[] {1, 2, 3, (byte) 255}, (byte[]) blob);
        }
    }

    @Test
    @DisplayName("the cluster operations made on the second node act on the first node's sockets too")
    void clusterOperationsFromEitherNode() {
        try (JavaClient onA = client(a, "pair"); JavaClient onB = client(b, "pair")) {
            ClusterResult<List<RemoteSocket>> found = await(b.sockets().to("pair").fetchSockets(), "fetchSockets");
            assertEquals(Set.of(onA.id(), onB.id()), Set.copyOf(found.value().stream().map(RemoteSocket::id).toList()),
                    "nodes heard " + found.nodesHeard() + " of " + found.nodesExpected());
            assertEquals(Set.of(cluster.uid(a), cluster.uid(b)), found.nodesHeard());
            assertFalse(found.partial());

            b.sockets().to("pair").socketsJoin("pair-2");
            CompletableFuture<ClusterResult<List<Object>>> asked = b.sockets().to("pair-2").timeout(Duration.ofSeconds(5)).emitWithAck("question");
            JavaClient.answer(onA.next("question"), "a");
            JavaClient.answer(onB.next("question"), "b");
            ClusterResult<List<Object>> answers = await(asked, "the answers");
            assertEquals(Set.of("a", "b"), Set.copyOf(answers.value()));
            assertEquals(2, answers.nodesExpected());
            assertFalse(answers.partial());
        }
    }
}
