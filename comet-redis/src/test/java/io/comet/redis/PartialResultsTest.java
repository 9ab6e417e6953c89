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
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.comet.test.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node that does not answer does not fail a cluster operation (socket.io fails the whole call,
 * socket.io #4995): when the time allowed passes, the result holds what arrived, says it is partial, and
 * names the nodes heard. The node that hangs is a real subscriber of the request channel that never
 * answers, so {@code PUBSUB NUMSUB} counts it: the same as a node whose process is stuck.
 */
@DisplayName("Partial results when a node does not answer")
class PartialResultsTest {
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(400);

    private static Cluster cluster;
    private static TestServer a;
    private static TestServer b;

    @BeforeAll
    static void start() {
        cluster = new Cluster(REQUEST_TIMEOUT);
        a = cluster.node();
        b = cluster.node();
        cluster.awaitNodes(2);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** The result of two nodes that answered out of the three expected. */
    private static void assertPartial(ClusterResult<?> result) {
        assertTrue(result.partial(), "partial");
        assertEquals(Set.of(cluster.uid(a), cluster.uid(b)), result.nodesHeard());
        assertEquals(2, result.nodesAnswered());
        assertEquals(3, result.nodesExpected());
    }

    private static JavaClient client(TestServer node, String room) {
        return Cluster.connected(node, "room=" + room);
    }

    @Test
    @DisplayName("fetchSockets returns the sockets of the nodes that answered within the request timeout, marked partial")
    void fetchSockets() throws Exception {
        try (JavaClient onA = client(a, "partial-fetch"); JavaClient onB = client(b, "partial-fetch"); AutoCloseable hung = cluster.silentNode()) {
            cluster.awaitNodes(3);

            ClusterResult<List<RemoteSocket>> result = await(a.sockets().to("partial-fetch").fetchSockets(), "fetchSockets");

            assertPartial(result);
            assertEquals(Set.of(onA.id(), onB.id()), Set.copyOf(result.value().stream().map(RemoteSocket::id).toList()));
        }
    }

    @Test
    @DisplayName("serverSideEmitWithAck returns the answers that came within its timeout, marked partial")
    void serverSideEmitWithAck() throws Exception {
        b.sockets().onServerSideEmit("anyone", (args, ack) -> ack.send("b"));
        try (AutoCloseable hung = cluster.silentNode()) {
            cluster.awaitNodes(3);

            ClusterResult<List<Object>> result = await(a.sockets().serverSideEmitWithAck(REQUEST_TIMEOUT, "anyone"), "the answers");

            assertPartial(result);
            assertEquals(List.of("b"), result.value());
        }
    }

    @Test
    @DisplayName("emitWithAck returns the clients' answers of the nodes that answered, marked partial")
    void emitWithAckWithAHungNode() throws Exception {
        try (JavaClient onB = client(b, "partial-ack"); AutoCloseable hung = cluster.silentNode()) {
            cluster.awaitNodes(3);

            CompletableFuture<ClusterResult<List<Object>>> asked = a.sockets().to("partial-ack").timeout(REQUEST_TIMEOUT).emitWithAck("question");
            JavaClient.answer(onB.next("question"), "from b");
            ClusterResult<List<Object>> result = await(asked, "the answers");

            assertPartial(result);
            assertEquals(List.of("from b"), result.value());
        }
    }

    @Test
    @DisplayName("emitWithAck is partial when a client of another node does not answer, though every node did")
    void emitWithAckWithASilentClient() {
        try (JavaClient answers = client(a, "half-ack"); JavaClient silent = client(b, "half-ack")) {
            CompletableFuture<ClusterResult<List<Object>>> asked = a.sockets().to("half-ack").timeout(REQUEST_TIMEOUT).emitWithAck("question");
            JavaClient.answer(answers.next("question"), "from a");
            silent.next("question");
            ClusterResult<List<Object>> result = await(asked, "the answers");

            assertTrue(result.partial(), "partial");
            assertEquals(List.of("from a"), result.value());
            assertEquals(Set.of(cluster.uid(a), cluster.uid(b)), result.nodesHeard());
            assertEquals(2, result.nodesExpected());
        }
    }

    @Test
    @DisplayName("a node that stopped is no longer waited for: the result is whole again")
    void stoppedNode() {
        TestServer gone = cluster.node();
        cluster.awaitNodes(3);
        cluster.stop(gone);
        cluster.awaitNodes(2);

        ClusterResult<List<RemoteSocket>> result = await(a.sockets().fetchSockets(), "fetchSockets");

        assertFalse(result.partial(), "partial");
        assertEquals(Set.of(cluster.uid(a), cluster.uid(b)), result.nodesHeard());
        assertEquals(2, result.nodesExpected());
    }
}
