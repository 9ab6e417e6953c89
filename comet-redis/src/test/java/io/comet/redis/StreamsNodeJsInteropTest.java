package io.comet.redis;

import io.comet.test.JavaClient;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NodeJsInteropTest} in the default format: the Node.js node runs
 * {@code @socket.io/redis-streams-adapter} 0.3 on the cluster's stream; and what that format puts in
 * the stream.
 */
@DisplayName("A Comet node beside Node.js socket.io, on the streams adapter")
class StreamsNodeJsInteropTest extends NodeJsInteropTest {
    private static final String STREAM_OFFSET = "\\d+-\\d+";

    @Override
    RedisCluster.Format format() {
        return RedisCluster.Format.STREAMS;
    }

    @Test
    @DisplayName("a Comet broadcast is one entry of the stream, in socket.io's format, tagged with its entry id on both nodes")
    void cometBroadcastIsOneEntry() {
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
    @DisplayName("a Node.js broadcast reaches the Comet node's clients tagged with its entry id")
    void nodeJsBroadcastCarriesItsEntryId() {
        try (JavaClient onComet = JavaClient.to(comet).query("room=orange").connect();
             JavaClient sender = JavaClient.toUrl(node.url()).connect()) {
            sender.emit("to-room", "orange", "from-node", Map.of("text", "hi from Node"));

            var args = onComet.next("from-node").args();
            assertEquals(Map.of("text", "hi from Node"), args.get(0));
            assertTrue(args.get(1).toString().matches(STREAM_OFFSET), "offset " + args.get(1));
        }
    }

}
