package io.comet.redis;

import io.comet.test.JavaClient;
import io.comet.test.NodeClients;
import io.comet.test.TestServer;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default format, socket.io's streams adapter: a Comet node beside a stock Node.js socket.io server
 * with {@code @socket.io/redis-streams-adapter} on one stream, and {@code @socket.io/redis-emitter}
 * (the classic format) reaching Comet's clients all the same.
 */
@DisplayName("The streams format, beside Node.js socket.io with its streams adapter")
class StreamsInteropTest {
    private static final String STREAM_OFFSET = "\\d+-\\d+";

    private static Cluster cluster;
    private static TestServer comet;
    private static NodeServer node;

    @BeforeAll
    static void start() {
        cluster = new Cluster(RedisCluster.Format.STREAMS);
        comet = cluster.node();
        node = cluster.nodeJsNode();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    @DisplayName("a Comet broadcast is one entry of the stream, in socket.io's format, and reaches the room's clients on the Node.js server")
    void cometToNodeJs() {
        try (JavaClient onNode = JavaClient.toUrl(node.url()).query("room=green").connect();
             JavaClient onComet = JavaClient.to(comet).query("room=green").connect();
             StatefulRedisConnection<String, String> redis = cluster.redis()) {
            comet.server().to("green").emit("from-comet", "hello", Map.of("n", 42));

            var onNodeArgs = onNode.next("from-comet").args();
            var onCometArgs = onComet.next("from-comet").args();
            assertEquals(List.of("hello", Map.of("n", 42)), onNodeArgs.subList(0, 2));
            assertEquals(List.of("hello", Map.of("n", 42)), onCometArgs.subList(0, 2));
            assertEquals(onNodeArgs.get(2), onCometArgs.get(2), "both nodes tag it with the same offset, its entry id");

            StreamMessage<String, String> entry = redis.sync().xrange(cluster.key(), Range.create("-", "+")).stream()
                    .filter(e -> e.getId().equals(onCometArgs.get(2))).findFirst().orElseThrow();
            assertEquals("3", entry.getBody().get("type"));
            assertEquals("/", entry.getBody().get("nsp"));
            assertEquals(cluster.uid(comet), entry.getBody().get("uid"));
            assertEquals("{\"packet\":{\"type\":2,\"nsp\":\"/\",\"data\":[\"from-comet\",\"hello\",{\"n\":42}]},"
                    + "\"opts\":{\"rooms\":[\"green\"],\"except\":[],\"flags\":{}}}", entry.getBody().get("data"));
        }
    }

    @Test
    @DisplayName("a Node.js broadcast reaches the room's clients on the Comet node, tagged with its entry id")
    void nodeJsToComet() {
        try (JavaClient onComet = JavaClient.to(comet).query("room=orange").connect();
             JavaClient sender = JavaClient.toUrl(node.url()).connect()) {
            sender.emit("to-room", "orange", "from-node", Map.of("text", "hi from Node"));

            var args = onComet.next("from-node").args();
            assertEquals(Map.of("text", "hi from Node"), args.get(0));
            assertTrue(args.get(1).toString().matches(STREAM_OFFSET), "offset " + args.get(1));
        }
    }

    @Test
    @DisplayName("@socket.io/redis-emitter (the classic format) still reaches a room's clients on the Comet node")
    void emitterToComet() throws Exception {
        try (JavaClient onComet = JavaClient.to(comet).query("room=news").connect()) {
            NodeClients.run(30, "emit.js", cluster.key(), "news", "headline", "{\"title\":\"Comet on streams\"}");

            assertEquals(Map.of("title", "Comet on streams"), onComet.next("headline").arg(0));
        }
    }
}
