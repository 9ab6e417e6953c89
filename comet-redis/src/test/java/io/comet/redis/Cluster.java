package io.comet.redis;

import io.comet.CometServer;
import io.comet.test.InteropApp;
import io.comet.test.TestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static io.comet.test.Await.until;

/**
 * Comet nodes in one cluster on the real Redis at 127.0.0.1:6379, for tests: each node a
 * {@link TestServer} with its own {@link RedisCluster}, all on a key of the test's own, so that runs and
 * tests never hear each other. Each node serves {@link InteropApp}, puts a client in the room its query's
 * {@code room} names, and answers {@code count}.
 */
final class Cluster implements AutoCloseable {
    static final String REDIS = "redis://127.0.0.1:6379";

    private final String key = "comet-test-" + UUID.randomUUID();
    private final String redis;
    private final List<TestServer> nodes = new ArrayList<>();
    private final List<RedisCluster> memberships = new ArrayList<>();

    /** A cluster on the Redis at 127.0.0.1:6379. */
    Cluster() {
        this(REDIS);
    }

    /** A cluster whose nodes reach Redis at this URI (e.g. through a proxy). */
    Cluster(String redis) {
        this.redis = redis;
    }

    String key() {
        return key;
    }

    /** Starts a Comet node in this cluster; its clients join the room their query's {@code room} names. */
    TestServer node(UnaryOperator<CometServer.Builder> settings) {
        RedisCluster membership = RedisCluster.builder(redis).key(key).build();
        memberships.add(membership);
        TestServer node = TestServer.with(b -> settings.apply(b.adapter(membership))).serving(server -> {
            InteropApp.install(server);
            server.sockets().onConnection(socket -> {
                String room = socket.handshake().query().get("room");
                if (room != null) {
                    socket.join(room);
                }
                // count (n): n numbered "n" events to the sender, then the ack.
                socket.on("count", (args, ack) -> {
                    int n = ((Number) args.get(0)).intValue();
                    for (int i = 0; i < n; i++) {
                        socket.emit("n", i);
                    }
                    ack.send(n);
                });
            });
        }).start();
        nodes.add(node);
        membership.subscribed().join();
        return node;
    }

    /** The nodes' memberships, in the order the nodes started. */
    List<RedisCluster> memberships() {
        return memberships;
    }

    /** Waits until every node knows where every other one serves. */
    void awaitNodesKnown() {
        until(() -> memberships.stream().allMatch(m -> memberships.stream().allMatch(o -> m.knows(o.uid()))),
                "every node to know every other's address");
    }

    TestServer node() {
        return node(UnaryOperator.identity());
    }

    /** Waits until {@code count} subscribers other than Comet's listen on this cluster's request channel (Node.js nodes). */
    void awaitNodeJsNodes(int count) {
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            String channel = key + "-request#/#";
            until(() -> {
                Map<String, Long> numsub = connection.sync().pubsubNumsub(channel);
                return numsub.getOrDefault(channel, 0L) >= count;
            }, count + " Node.js nodes subscribed to " + channel);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        nodes.forEach(TestServer::close);
        memberships.forEach(RedisCluster::close);
    }
}
