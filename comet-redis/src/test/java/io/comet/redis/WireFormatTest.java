package io.comet.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comet.test.JavaClient;
import io.comet.test.TestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.msgpack.jackson.dataformat.MessagePackFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The requests and responses of a Comet node as bytes on Redis, read and written by a bare Redis client:
 * socket.io's Redis adapter 8.x format, including the requests no 8.x node sends any more but older
 * ones do (SOCKETS), and which messages are MessagePack rather than JSON.
 */
@DisplayName("The wire format of the cluster operations")
class WireFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper MSGPACK = new ObjectMapper(new MessagePackFactory());

    private static Cluster cluster;
    private static TestServer comet;
    private static RedisClient redis;
    private static StatefulRedisPubSubConnection<byte[], byte[]> listener;
    private static StatefulRedisConnection<byte[], byte[]> publisher;
    private static final BlockingQueue<byte[]> requests = new LinkedBlockingQueue<>();
    private static final BlockingQueue<byte[]> responses = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() {
        cluster = new Cluster(RedisCluster.Format.PUB_SUB);
        comet = cluster.node();
        redis = RedisClient.create(Cluster.REDIS);
        publisher = redis.connect(ByteArrayCodec.INSTANCE);
        listener = redis.connectPubSub(ByteArrayCodec.INSTANCE);
        String responseChannel = cluster.key() + "-response#/#";
        listener.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] channel, byte[] message) {
                (new String(channel, StandardCharsets.UTF_8).equals(responseChannel) ? responses : requests).add(message);
            }
        });
        listener.sync().subscribe(bytes(cluster.requestChannel()), bytes(responseChannel));
        cluster.awaitNodes(2);
    }

    @AfterAll
    static void stop() {
        listener.close();
        publisher.close();
        redis.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        cluster.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] next(BlockingQueue<byte[]> queue, String what) throws InterruptedException {
        byte[] message = queue.poll(10, TimeUnit.SECONDS);
        assertNotNull(message, "timed out waiting for " + what);
        return message;
    }

    /** A message, JSON when it starts with '{', else MessagePack: as socket.io's adapter reads it. */
    private static JsonNode read(byte[] message) throws IOException {
        return message[0] == '{' ? JSON.readTree(message) : MSGPACK.readTree(message);
    }

    private void request(String json) {
        publisher.sync().publish(bytes(cluster.requestChannel()), bytes(json));
    }

    @Test
    @DisplayName("SOCKETS and ALL_ROOMS requests are answered in JSON on the common response channel")
    void socketsAndAllRooms() throws Exception {
        try (JavaClient client = JavaClient.to(comet).query("room=wire").connect()) {
            responses.clear();
            request("{\"uid\":\"tester\",\"requestId\":\"r-sockets\",\"type\":0,\"rooms\":[\"wire\"]}");
            JsonNode sockets = JSON.readTree(next(responses, "the SOCKETS answer"));
            assertEquals("r-sockets", sockets.get("requestId").asText());
            assertEquals(List.of(client.id()), JSON.convertValue(sockets.get("sockets"), List.class));

            request("{\"uid\":\"tester\",\"requestId\":\"r-rooms\",\"type\":1}");
            JsonNode rooms = JSON.readTree(next(responses, "the ALL_ROOMS answer"));
            assertEquals("r-rooms", rooms.get("requestId").asText());
            assertEquals(Set.of(client.id(), "wire"), Set.copyOf(JSON.convertValue(rooms.get("rooms"), List.class)));
            assertEquals(cluster.uid(comet), rooms.get("uid").asText(), "Comet names itself; socket.io ignores the field");
        }
    }

    @Test
    @DisplayName("socketsJoin, socketsLeave and disconnectSockets are JSON requests that wait for no answer")
    void fireAndForgetRequests() throws Exception {
        requests.clear();
        comet.sockets().to("a").except("b").socketsJoin("c");
        comet.sockets().socketsLeave("c");
        comet.sockets().to("d").disconnectSockets(true);

        assertEquals(JSON.readTree("{\"uid\":\"" + cluster.uid(comet) + "\",\"type\":2,\"opts\":{\"rooms\":[\"a\"],\"except\":[\"b\"]},\"rooms\":[\"c\"]}"),
                JSON.readTree(next(requests, "REMOTE_JOIN")));
        assertEquals(JSON.readTree("{\"uid\":\"" + cluster.uid(comet) + "\",\"type\":3,\"opts\":{\"rooms\":[],\"except\":[]},\"rooms\":[\"c\"]}"),
                JSON.readTree(next(requests, "REMOTE_LEAVE")));
        assertEquals(JSON.readTree("{\"uid\":\"" + cluster.uid(comet) + "\",\"type\":4,\"opts\":{\"rooms\":[\"d\"],\"except\":[]},\"close\":true}"),
                JSON.readTree(next(requests, "REMOTE_DISCONNECT")));
    }

    @Test
    @DisplayName("a broadcast with acknowledgements is a MessagePack request; its client count is JSON and each answer MessagePack")
    void broadcastWithAck() throws Exception {
        try (JavaClient client = JavaClient.to(comet).query("room=acks").connect()) {
            requests.clear();
            // This test's subscriber counts as a node that never answers: the result would be partial, and is not awaited.
            comet.sockets().to("acks").timeout(Duration.ofSeconds(5)).emitWithAck("question", 1);
            byte[] request = next(requests, "the BROADCAST request");
            assertNotEquals('{', request[0], "MessagePack");
            JsonNode broadcast = MSGPACK.readTree(request);
            assertEquals(7, broadcast.get("type").asInt());
            assertEquals(JSON.readTree("{\"type\":2,\"nsp\":\"/\",\"data\":[\"question\",1]}"), JSON.valueToTree(broadcast.get("packet")));
            assertEquals(5000, broadcast.get("opts").get("flags").get("timeout").asInt());
            JavaClient.answer(client.next("question"), "own answer");

            // The same request from another node: Comet counts its clients, then sends each answer.
            responses.clear();
            ((ObjectNode) broadcast).put("uid", "tester").put("requestId", "r-ack");
            publisher.sync().publish(bytes(cluster.requestChannel()), MSGPACK.writeValueAsBytes(broadcast));
            byte[] count = next(responses, "the client count");
            assertEquals('{', count[0], "JSON");
            assertEquals(1, read(count).get("clientCount").asInt());
            assertEquals(8, read(count).get("type").asInt());
            JavaClient.answer(client.next("question"), "remote answer");
            byte[] answer = next(responses, "the client's answer");
            assertNotEquals('{', answer[0], "MessagePack");
            assertEquals(9, read(answer).get("type").asInt());
            assertEquals("r-ack", read(answer).get("requestId").asText());
            assertEquals("remote answer", read(answer).get("packet").asText());
        }
    }
}
