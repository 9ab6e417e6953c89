package io.comet.redis;

import io.comet.test.JavaClient;
import io.comet.test.NodeClients;
import io.comet.test.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Comet node and a stock Node.js socket.io 4.8 server with {@code @socket.io/redis-adapter} 8.3 in one
 * cluster, and a backend publishing with {@code @socket.io/redis-emitter} 5.1: broadcasts cross both
 * ways, by room. Clients are the Maven Central socket.io client, on either server.
 */
@DisplayName("A Comet node beside Node.js socket.io over Redis")
class NodeJsInteropTest {
    private static Cluster cluster;
    private static TestServer comet;
    private static NodeServer node;

    @BeforeAll
    static void start() {
        cluster = new Cluster();
        comet = cluster.node();
        node = NodeServer.start(cluster.key());
        cluster.awaitNodeJsNodes(1);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
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
}
