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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.comet.test.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three Comet nodes in one cluster over the real Redis: every cluster operation made on one node acts
 * on the selected sockets of all three, and each result says which nodes answered. A client's query
 * names its room and its {@code data().name}.
 */
@DisplayName("Cluster operations across three Comet nodes")
class ClusterOperationsTest {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

    private static Cluster cluster;
    private static TestServer a;
    private static TestServer b;
    private static TestServer c;

    @BeforeAll
    static void start() {
        cluster = new Cluster();
        a = cluster.node();
        b = cluster.node();
        c = cluster.node();
        cluster.awaitNodes(3);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static JavaClient client(TestServer node, String room, String name) {
        return Cluster.connected(node, "room=" + room + "&name=" + name);
    }

    private static void assertAllNodes(ClusterResult<?> result) {
        assertFalse(result.partial(), "partial");
        assertEquals(Set.of(cluster.uid(a), cluster.uid(b), cluster.uid(c)), result.nodesHeard());
        assertEquals(3, result.nodesAnswered());
        assertEquals(3, result.nodesExpected());
    }

    @Test
    @DisplayName("fetchSockets with rooms and except returns the sockets of every node, with handshake, rooms and data")
    void fetchSockets() {
        try (JavaClient onA = client(a, "fetch", "ann"); JavaClient onB = client(b, "fetch", "bob");
             JavaClient onC = client(c, "fetch", "cat"); JavaClient quiet = client(c, "fetch", "dan")) {
            c.sockets().socket(quiet.id()).orElseThrow().join("quiet");

            ClusterResult<List<RemoteSocket>> result = await(a.sockets().to("fetch").except("quiet").fetchSockets(), "fetchSockets");

            assertAllNodes(result);
            Map<String, RemoteSocket> byId = result.value().stream().collect(Collectors.toMap(RemoteSocket::id, Function.identity()));
            assertEquals(Set.of(onA.id(), onB.id(), onC.id()), byId.keySet());
            RemoteSocket bob = byId.get(onB.id());
            assertFalse(bob.local());
            assertTrue(byId.get(onA.id()).local());
            assertEquals(Set.of(onB.id(), "fetch"), bob.rooms());
            assertEquals(Map.of("name", "bob"), bob.data());
            assertEquals("bob", bob.handshake().query().get("name"));
            assertEquals("127.0.0.1", bob.handshake().address());
            assertTrue(bob.handshake().time() > 0 && bob.handshake().url().startsWith("/socket.io/"), "time and url: " + bob.handshake());
            assertEquals(List.of("127.0.0.1:" + b.port()), bob.handshake().headers().get("host"));
        }
    }

    @Test
    @DisplayName("socketsJoin makes remote sockets join at once for later broadcasts, and socketsLeave makes them leave")
    void joinAndLeave() throws InterruptedException {
        try (JavaClient onB = client(b, "joiners", "bob"); JavaClient onC = client(c, "joiners", "cat");
             JavaClient other = client(c, "others", "dan")) {
            a.sockets().to("joiners").socketsJoin("club");
            a.server().to("club").emit("welcome", 1);

            assertEquals(List.of(1), onB.next("welcome").argsBeforeOffset());
            assertEquals(List.of(1), onC.next("welcome").argsBeforeOffset());
            assertTrue(c.sockets().socket(onC.id()).orElseThrow().rooms().contains("club"));

            a.sockets().to("joiners").socketsLeave("club");
            a.server().to("club").emit("after-leaving");
            a.server().emit("marker");
            for (JavaClient client : List.of(onB, onC, other)) {
                assertFalse(client.events().namesBefore("marker", ACK_TIMEOUT).contains("after-leaving"), "left the club");
            }
            assertFalse(other.events().names().contains("welcome"), "never joined");
        }
    }

    @Test
    @DisplayName("disconnectSockets disconnects the selected sockets of other nodes, with or without their connection")
    void disconnectSockets() {
        try (JavaClient onB = client(b, "leavers", "bob"); JavaClient onC = client(c, "closers", "cat");
             JavaClient stays = client(c, "stayers", "dan")) {
            a.sockets().to("leavers").disconnectSockets(false);
            assertEquals("io server disconnect", onB.awaitDisconnect());

            a.sockets().to("closers").disconnectSockets(true);
            onC.awaitDisconnect();

            ClusterResult<List<RemoteSocket>> left = await(a.sockets().to("leavers", "closers", "stayers").fetchSockets(), "fetchSockets");
            assertEquals(List.of(stays.id()), left.value().stream().map(RemoteSocket::id).toList());
        }
    }

    @Test
    @DisplayName("serverSideEmit reaches the listeners of every other node, not its own")
    void serverSideEmit() {
        List<Object> heardOnA = new CopyOnWriteArrayList<>();
        CompletableFuture<List<Object>> onB = new CompletableFuture<>();
        CompletableFuture<List<Object>> onC = new CompletableFuture<>();
        CompletableFuture<List<Object>> seen = new CompletableFuture<>();
        a.sockets().onServerSideEmit("hello", (args, ack) -> heardOnA.add(args));
        b.sockets().onServerSideEmit("hello", (args, ack) -> onB.complete(args));
        c.sockets().onServerSideEmit("hello", (args, ack) -> {
            onC.complete(args);
            c.sockets().serverSideEmit("hello-seen");
        });
        a.sockets().onServerSideEmit("hello-seen", (args, ack) -> seen.complete(args));

        a.sockets().serverSideEmit("hello", "from a", Map.of("n", 1));

        assertEquals(List.of("from a", Map.of("n", 1)), await(onB, "b's listener"));
        assertEquals(List.of("from a", Map.of("n", 1)), await(onC, "c's listener"));
        await(seen, "c's answer, published after a's emit reached a");
        assertEquals(List.of(), heardOnA, "a's own listener");
    }

    @Test
    @DisplayName("serverSideEmitWithAck returns one answer per other node")
    void serverSideEmitWithAck() {
        b.sockets().onServerSideEmit("roll-call", (args, ack) -> ack.send("b here, " + args.get(0), "dropped"));
        c.sockets().onServerSideEmit("roll-call", (args, ack) -> ack.send(Map.of("node", "c")));

        ClusterResult<List<Object>> answers = await(a.sockets().serverSideEmitWithAck(ACK_TIMEOUT, "roll-call", "a asks"), "the answers");

        assertAllNodes(answers);
        assertEquals(Set.of("b here, a asks", Map.of("node", "c")), Set.copyOf(answers.value()));
    }

    @Test
    @DisplayName("timeout().emitWithAck collects every client's answer from every node")
    void emitWithAck() {
        try (JavaClient onA = client(a, "quiz", "ann"); JavaClient onB = client(b, "quiz", "bob");
             JavaClient onC = client(c, "quiz", "cat"); JavaClient outside = client(c, "elsewhere", "dan")) {
            CompletableFuture<ClusterResult<List<Object>>> asked = a.sockets().to("quiz").timeout(ACK_TIMEOUT).emitWithAck("question", "2+2?");
            for (JavaClient client : List.of(onA, onB, onC)) {
                var question = client.next("question");
                assertEquals(List.of("2+2?"), question.args());
                JavaClient.answer(question, client == onB ? Map.of("says", 4) : client.id());
            }

            ClusterResult<List<Object>> answers = await(asked, "the answers");

            assertAllNodes(answers);
            assertEquals(Set.of(onA.id(), Map.of("says", 4), onC.id()), Set.copyOf(answers.value()));
            assertTrue(outside.events().named("question").isEmpty(), "not in the quiz");
        }
    }
}
