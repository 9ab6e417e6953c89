package io.comet.interop;

import io.comet.ClusterResult;
import io.comet.RemoteSocket;
import io.comet.Socket;
import io.comet.test.EventLog;
import io.comet.test.JavaClient;
import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
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
 * The cluster operations on a single node, with the default in-memory adapter: each acts on this node's
 * sockets, and none is ever partial. Clients are the Maven Central socket.io client; a client's query
 * names its room and its {@code data().name}.
 */
@DisplayName("Cluster operations on a single node")
class SingleNodeClusterOperationsTest {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

    @RegisterExtension
    static final TestServer server = TestServer.withDefaults().serving(s -> s.sockets().onConnection(socket -> {
        socket.join(socket.handshake().query().get("room"));
        socket.data().put("name", socket.handshake().query().get("name"));
    }));

    private static JavaClient client(String room, String name) {
        return JavaClient.to(server).query("room=" + room + "&name=" + name).connect();
    }

    private static Socket serverSide(JavaClient client) {
        return server.sockets().socket(client.id()).orElseThrow();
    }

    private static void assertWhole(ClusterResult<?> result) {
        assertFalse(result.partial(), "partial");
        assertEquals(Set.of("local"), result.nodesHeard());
        assertEquals(1, result.nodesAnswered());
        assertEquals(1, result.nodesExpected());
    }

    @Test
    @DisplayName("fetchSockets finds the selected sockets with their handshake, rooms and data")
    void fetchSockets() {
        try (JavaClient ann = client("blue", "ann"); JavaClient bob = client("blue", "bob"); JavaClient cat = client("red", "cat")) {
            serverSide(bob).join("quiet");

            ClusterResult<List<RemoteSocket>> result = await(server.sockets().to("blue").except("quiet").fetchSockets(), "fetchSockets");

            assertWhole(result);
            assertEquals(1, result.value().size());
            RemoteSocket found = result.value().get(0);
            assertEquals(ann.id(), found.id());
            assertTrue(found.id().matches("[A-Za-z0-9_-]{20}"), "20 characters of URL-safe base64, as socket.io's: " + found.id());
            assertEquals(Set.of(ann.id(), "blue"), found.rooms());
            assertEquals(Map.of("name", "ann"), found.data());
            assertEquals("ann", found.handshake().query().get("name"));
            assertEquals("127.0.0.1", found.handshake().address());
            assertTrue(found.local());
            assertEquals(3, await(server.sockets().fetchSockets(), "fetchSockets of all").value().size());
        }
    }

    @Test
    @DisplayName("socketsJoin and socketsLeave change the rooms of the selected sockets")
    void joinAndLeave() {
        try (JavaClient ann = client("blue", "ann"); JavaClient cat = client("red", "cat")) {
            server.sockets().to("blue").socketsJoin("team", "news");
            server.server().to("team").emit("to-team", 1);
            server.server().emit("marker");

            assertEquals(Set.of(ann.id(), "blue", "team", "news"), serverSide(ann).rooms());
            assertEquals(List.of(1), ann.next("to-team").argsBeforeOffset());
            cat.next("marker");
            assertTrue(cat.events().named("to-team").isEmpty(), "cat is not in the team");

            server.sockets().socketsLeave("news");
            assertEquals(Set.of(ann.id(), "blue", "team"), serverSide(ann).rooms());
            assertEquals(Set.of(cat.id(), "red"), serverSide(cat).rooms());
        }
    }

    @Test
    @DisplayName("disconnectSockets disconnects the selected sockets only, with or without their connection")
    void disconnectSockets() {
        try (JavaClient ann = client("blue", "ann"); JavaClient bob = client("green", "bob"); JavaClient cat = client("red", "cat")) {
            String bobId = bob.id();
            server.sockets().to("blue").disconnectSockets(false);
            assertEquals("io server disconnect", ann.awaitDisconnect());

            server.sockets().except("red").disconnectSockets(true);
            bob.awaitDisconnect();
            until(() -> server.sockets().socket(bobId).isEmpty(), "bob's socket to leave");
            assertTrue(cat.connected() && server.sockets().socket(cat.id()).isPresent(), "cat stays");
        }
    }

    @Test
    @DisplayName("timeout().emitWithAck returns every client's answer, on a worker thread; a client that does not answer makes it partial")
    void emitWithAck() throws InterruptedException {
        try (JavaClient ann = client("blue", "ann"); JavaClient bob = client("blue", "bob"); JavaClient cat = client("red", "cat")) {
            List<String> completedOn = new ArrayList<>();
            CompletableFuture<ClusterResult<List<Object>>> asked = server.sockets().to("blue").timeout(ACK_TIMEOUT).emitWithAck("question", "colour?")
                    .whenComplete((r, e) -> completedOn.add(Thread.currentThread().getName()));
            JavaClient.answer(ann.next("question"), "cyan", "ignored");
            EventLog.Event toBob = bob.next("question");
            assertEquals(List.of("colour?"), toBob.args());
            JavaClient.answer(toBob, Map.of("colour", "navy"));

            ClusterResult<List<Object>> answers = await(asked, "the answers");
            assertWhole(answers);
            assertEquals(Set.of("cyan", Map.of("colour", "navy")), Set.copyOf(answers.value()));
            assertTrue(completedOn.get(0).startsWith("comet-worker"), "completed on a worker: " + completedOn);

            ClusterResult<List<Object>> silent = await(server.sockets().timeout(Duration.ofMillis(300)).emitWithAck("question", "again?"), "the answers");
            assertTrue(silent.partial(), "nobody answered");
            assertEquals(List.of(), silent.value());
            assertEquals(1, silent.nodesAnswered());
        }
    }

    @Test
    @DisplayName("emitWithAck to nobody, and serverSideEmitWithAck with no other node, complete at once and whole")
    void nothingToWaitFor() {
        ClusterResult<List<Object>> none = await(server.sockets().to("nobody").timeout(ACK_TIMEOUT).emitWithAck("question"), "no answers");
        ClusterResult<List<Object>> noNode = await(server.sockets().serverSideEmitWithAck(ACK_TIMEOUT, "ping", 1), "no nodes");
        server.sockets().serverSideEmit("ping", 1);

        assertWhole(none);
        assertEquals(List.of(), none.value());
        assertWhole(noNode);
        assertEquals(List.of(), noNode.value());
    }
}
