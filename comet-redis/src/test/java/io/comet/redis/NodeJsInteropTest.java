package io.comet.redis;

import io.comet.ClusterResult;
import io.comet.RemoteSocket;
import io.comet.test.JavaClient;
import io.comet.test.NodeClients;
import io.comet.test.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.comet.test.Await.await;
import static io.comet.test.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Comet node and a stock Node.js socket.io 4.8 server in one cluster, in one of the two formats (the
 * subclasses: {@code @socket.io/redis-streams-adapter} 0.3, the default, and
 * {@code @socket.io/redis-adapter} 8.3), and a backend publishing with {@code @socket.io/redis-emitter}
 * 5.1: broadcasts cross both ways, by room, and each node runs every cluster operation on the other's
 * sockets and answers the other's requests. The Node.js server runs its operations when its client asks
 * ({@code src/test/node/socketio-node.js}). Clients are the Maven Central socket.io client, on either
 * server; a client's query names its room and its data's name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NodeJsInteropTest {
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

    Cluster cluster;
    TestServer comet;
    NodeServer node;

    /** The format both nodes speak. */
    abstract RedisCluster.Format format();

    @BeforeAll
    void start() {
        cluster = new Cluster(format());
        comet = cluster.node();
        node = cluster.nodeJsNode();
        cluster.awaitNodes(2);
        try (JavaClient asker = JavaClient.toUrl(node.url()).connect()) {
            until(() -> ((Number) asker.ask("server-count").get(0)).intValue() == 2, "the Node.js node to count both nodes");
        }
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    @DisplayName("a Comet broadcast to a room reaches that room's clients on the Node.js server")
    void cometToNodeJs() {
        try (JavaClient onNode = JavaClient.toUrl(node.url()).query("room=green").connect();
             JavaClient elsewhere = JavaClient.toUrl(node.url()).query("room=grey").connect()) {
            comet.server().to("green").emit("from-comet", "hello", Map.of("n", 42));

            assertEquals(List.of("hello", Map.of("n", 42)), onNode.next("from-comet").args().subList(0, 2));
            comet.server().emit("marker");
            elsewhere.next("marker");
            assertTrue(elsewhere.events().named("from-comet").isEmpty(), "a client of another room got nothing");
        }
    }

    @Test
    @DisplayName("a Node.js broadcast to a room reaches that room's clients on the Comet node")
    void nodeJsToComet() {
        try (JavaClient onComet = JavaClient.to(comet).query("room=orange").connect();
             JavaClient sender = JavaClient.toUrl(node.url()).connect()) {
            sender.emit("to-room", "orange", "from-node", Map.of("text", "hi from Node"));

            assertEquals(Map.of("text", "hi from Node"), onComet.next("from-node").arg(0));
        }
    }

    @Test
    @DisplayName("@socket.io/redis-emitter reaches a room's clients on the Comet node")
    void emitterToComet() throws Exception {
        try (JavaClient onComet = JavaClient.to(comet).query("room=news").connect()) {
            NodeClients.run(30, "emit.js", cluster.key(), "news", "headline", "{\"title\":\"Comet joins the cluster\"}");

            assertEquals(Map.of("title", "Comet joins the cluster"), onComet.next("headline").arg(0));
        }
    }

    // ---------------------------------------------------------------- cluster operations

    JavaClient onComet(String room, String name) {
        return Cluster.connected(comet, "room=" + room + "&name=" + name);
    }

    JavaClient onNode(String room, String name) {
        return JavaClient.toUrl(node.url()).query("room=" + room + "&name=" + name).connect();
    }

    /**
     * Both nodes answered. Comet names itself; the Node.js node does in the streams format, whose answers
     * carry the server id, not in the pub/sub one.
     */
    private void assertBothAnswered(ClusterResult<?> result) {
        assertFalse(result.partial(), "partial");
        assertEquals(2, result.nodesAnswered());
        assertEquals(2, result.nodesExpected());
        assertTrue(result.nodesHeard().contains(cluster.uid(comet)), "heard " + result.nodesHeard());
        assertEquals(format() == RedisCluster.Format.STREAMS ? 2 : 1, result.nodesHeard().size(), "heard " + result.nodesHeard());
    }

    @Test
    @DisplayName("Comet's fetchSockets returns the Node.js node's sockets with their handshake, rooms and data")
    void cometFetchesNodeSockets() {
        try (JavaClient here = onComet("both", "ann"); JavaClient there = onNode("both", "bob"); JavaClient not = onNode("other", "cat")) {
            ClusterResult<List<RemoteSocket>> result = await(comet.sockets().to("both").fetchSockets(), "fetchSockets");

            assertBothAnswered(result);
            assertEquals(Set.of(here.id(), there.id()), Set.copyOf(result.value().stream().map(RemoteSocket::id).toList()));
            RemoteSocket bob = result.value().stream().filter(s -> s.id().equals(there.id())).findFirst().orElseThrow();
            assertFalse(bob.local());
            assertEquals(20, bob.id().length(), "socket.io's ids are 20 characters, as Comet's");
            assertEquals(Set.of(there.id(), "both"), bob.rooms());
            assertEquals(Map.of("name", "bob"), bob.data());
            assertEquals("bob", bob.handshake().query().get("name"));
            assertTrue(bob.handshake().address().endsWith("127.0.0.1"), bob.handshake().address());
            assertTrue(bob.handshake().time() > 0, "issued");
            assertTrue(bob.handshake().header("host").startsWith("127.0.0.1:"), "headers: " + bob.handshake().headers());
        }
    }

    @Test
    @DisplayName("the Node.js node's fetchSockets returns Comet's sockets in socket.io's shape")
    @SuppressWarnings("unchecked")
    void nodeFetchesCometSockets() {
        try (JavaClient here = onComet("fetched", "ann"); JavaClient asker = onNode("askers", "bob")) {
            List<Object> sockets = (List<Object>) asker.ask("fetch", List.of("fetched"), List.of()).get(0);

            assertEquals(1, sockets.size());
            Map<String, Object> ann = (Map<String, Object>) sockets.get(0);
            assertEquals(here.id(), ann.get("id"));
            assertEquals(Set.of(here.id(), "fetched"), Set.copyOf((List<Object>) ann.get("rooms")));
            assertEquals(Map.of("name", "ann"), ann.get("data"));
            Map<String, Object> handshake = (Map<String, Object>) ann.get("handshake");
            assertEquals("ann", ((Map<String, Object>) handshake.get("query")).get("name"));
            assertEquals("127.0.0.1", handshake.get("address"));
            assertTrue(handshake.get("time") instanceof String && handshake.get("issued") instanceof Number, "time and issued: " + handshake);
            assertEquals("127.0.0.1:" + comet.port(), ((Map<String, Object>) handshake.get("headers")).get("host"));
            assertEquals(false, handshake.get("secure"));
        }
    }

    @Test
    @DisplayName("socketsJoin and socketsLeave from Comet change the rooms of the Node.js node's sockets")
    void cometJoinsNodeSockets() throws InterruptedException {
        try (JavaClient there = onNode("to-join", "bob")) {
            comet.sockets().to("to-join").socketsJoin("joined");
            comet.server().to("joined").emit("welcome", "bob");
            assertEquals("bob", there.next("welcome").arg(0));

            comet.sockets().to("to-join").socketsLeave("joined");
            comet.server().to("joined").emit("after-leaving");
            comet.server().emit("marker");
            assertFalse(there.events().namesBefore("marker", ACK_TIMEOUT).contains("after-leaving"), "left");
        }
    }

    @Test
    @DisplayName("socketsJoin and socketsLeave from the Node.js node change the rooms of Comet's sockets")
    void nodeJoinsCometSockets() {
        try (JavaClient here = onComet("to-join-js", "ann"); JavaClient asker = onNode("askers", "bob")) {
            asker.ask("join", List.of("to-join-js"), List.of("joined-js"));
            asker.emit("to-room", "joined-js", "welcome", "ann");
            assertEquals("ann", here.next("welcome").arg(0));
            assertTrue(comet.sockets().socket(here.id()).orElseThrow().rooms().contains("joined-js"));

            asker.ask("leave", List.of("to-join-js"), List.of("joined-js"));
            until(() -> !comet.sockets().socket(here.id()).orElseThrow().rooms().contains("joined-js"), "ann to leave joined-js");
        }
    }

    @Test
    @DisplayName("disconnectSockets crosses both ways")
    void disconnectSockets() {
        try (JavaClient there = onNode("to-drop", "bob"); JavaClient here = onComet("to-drop-js", "ann");
             JavaClient asker = onNode("askers", "cat")) {
            comet.sockets().to("to-drop").disconnectSockets(false);
            assertEquals("io server disconnect", there.awaitDisconnect());

            asker.ask("disconnect-sockets", List.of("to-drop-js"), true);
            here.awaitDisconnect();
        }
    }

    @Test
    @DisplayName("serverSideEmit crosses both ways, without acknowledgement")
    void serverSideEmit() {
        CompletableFuture<List<Object>> heard = new CompletableFuture<>();
        comet.sockets().onServerSideEmit("note", (args, ack) -> heard.complete(args));
        try (JavaClient there = onNode("listeners", "bob")) {
            comet.sockets().serverSideEmit("note", "from comet", Map.of("n", 1));
            assertEquals(List.of("from comet", Map.of("n", 1)), there.next("server-side-note").args());

            there.ask("server-emit", "note", "from node", 2);
            assertEquals(List.of("from node", 2), await(heard, "Comet's listener"));
        }
    }

    @Test
    @DisplayName("serverSideEmitWithAck crosses both ways: each side gets the other's answer")
    @SuppressWarnings("unchecked")
    void serverSideEmitWithAck() {
        comet.sockets().onServerSideEmit("ping", (args, ack) -> ack.send(Map.of("pong", "comet", "arg", args.get(0))));

        ClusterResult<List<Object>> answers = await(comet.sockets().serverSideEmitWithAck(ACK_TIMEOUT, "ping", "from comet"), "the answers");
        assertBothAnswered(answers);
        assertEquals(List.of(Map.of("pong", "node", "arg", "from comet")), answers.value());

        try (JavaClient asker = onNode("askers", "bob")) {
            Map<String, Object> outcome = (Map<String, Object>) asker.ask("server-emit-ack", "ping", "from node").get(0);
            assertEquals(Map.of("responses", List.of(Map.of("pong", "comet", "arg", "from node"))), outcome);
        }
    }

    @Test
    @DisplayName("timeout().emitWithAck collects the answers of both nodes' clients, from either node")
    @SuppressWarnings("unchecked")
    void emitWithAck() {
        try (JavaClient here = onComet("quiz", "ann"); JavaClient there = onNode("quiz", "bob"); JavaClient asker = onNode("askers", "cat")) {
            CompletableFuture<ClusterResult<List<Object>>> asked = comet.sockets().to("quiz").timeout(ACK_TIMEOUT).emitWithAck("question", "colour?");
            JavaClient.answer(here.next("question"), "red");
            JavaClient.answer(there.next("question"), Map.of("colour", "blue"));
            ClusterResult<List<Object>> answers = await(asked, "the answers");
            assertBothAnswered(answers);
            assertEquals(Set.of("red", Map.of("colour", "blue")), Set.copyOf(answers.value()));

            CompletableFuture<List<Object>> nodeAsked = asker.emitWithAck("emit-ack", List.of("quiz"), "question", 5000, "shape?");
            JavaClient.answer(here.next("question"), "round");
            JavaClient.answer(there.next("question"), "square");
            Map<String, Object> outcome = (Map<String, Object>) await(nodeAsked, "the Node.js node's answers").get(0);
            assertEquals(Set.of("round", "square"), Set.copyOf((List<Object>) outcome.get("responses")));
        }
    }
}
