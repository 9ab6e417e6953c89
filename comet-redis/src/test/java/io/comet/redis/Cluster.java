package io.comet.redis;

import io.comet.CometServer;
import io.comet.test.InteropApp;
import io.comet.test.JavaClient;
import io.comet.test.TestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static io.comet.test.Await.until;

/**
 * Comet nodes in one cluster on the real Redis at 127.0.0.1:6379, for tests: each node a
 * {@link TestServer} with its own {@link RedisCluster}, all on a key of the test's own, so that runs and
 * tests never hear each other. Each node serves {@link InteropApp}; a client joins the room its query's
 * {@code room} names, its query's {@code name} becomes its {@code data().name}, and {@code count (n)}
 * pushes it n numbered {@code n} events before the ack.
 */
final class Cluster implements AutoCloseable {
    static final String REDIS = "redis://127.0.0.1:6379";

    private final String key = "comet-test-" + UUID.randomUUID();
    private final Duration requestTimeout;
    private final String redisUri;
    private final RedisCluster.Format format;
    private final List<TestServer> nodes = new ArrayList<>();
    private final Map<TestServer, RedisCluster> memberships = new IdentityHashMap<>();
    private final List<NodeServer> nodeJsNodes = new ArrayList<>();
    private final RedisClient redis = RedisClient.create(REDIS);

    /** A cluster in the default format whose nodes wait socket.io's 5 seconds for each other's answers. */
    Cluster() {
        this(RedisCluster.Format.STREAMS);
    }

    /** A cluster in this format. */
    Cluster(RedisCluster.Format format) {
        this(Duration.ofSeconds(5), REDIS, format);
    }

    /** A cluster whose nodes wait {@code requestTimeout} for each other's answers. */
    Cluster(Duration requestTimeout) {
        this(requestTimeout, REDIS, RedisCluster.Format.STREAMS);
    }

    /** A cluster whose nodes reach Redis at this URI (e.g. through a proxy). */
    Cluster(String redisUri) {
        this(Duration.ofSeconds(5), redisUri, RedisCluster.Format.STREAMS);
    }

    private Cluster(Duration requestTimeout, String redisUri, RedisCluster.Format format) {
        this.requestTimeout = requestTimeout;
        this.redisUri = redisUri;
        this.format = format;
    }

    String key() {
        return key;
    }

    /**
     * The request channel of the main namespace, which every node subscribes to and whose subscribers are
     * the nodes: {@code <key>#/#} in the streams format, {@code <key>-request#/#} in the pub/sub one.
     */
    String requestChannel() {
        return format == RedisCluster.Format.STREAMS ? key + "#/#" : key + "-request#/#";
    }

    /** Starts a Comet node in this cluster. */
    synchronized TestServer node(UnaryOperator<CometServer.Builder> settings) {
        RedisCluster membership = RedisCluster.builder(redisUri).key(key).requestTimeout(requestTimeout).format(format).build();
        TestServer node = TestServer.with(b -> settings.apply(b.adapter(membership))).serving(Cluster::install).start();
        nodes.add(node);
        memberships.put(node, membership);
        membership.subscribed().join();
        return node;
    }

    /**
     * A client of a node whose connection handlers have run (it joined its query's room): the client
     * gets its CONNECT reply before they run, and its own events are handled after them, so one round trip
     * tells. A test that acts from another client or node needs that.
     */
    static JavaClient connected(TestServer node, String query) {
        JavaClient client = JavaClient.to(node).query(query).connect();
        client.ask("echo-ack");
        return client;
    }

    /** What every node of a test cluster serves; see the class comment. */
    static void install(CometServer server) {
        InteropApp.install(server);
        server.sockets().onConnection(socket -> {
            String room = socket.handshake().query().get("room");
            if (room != null) {
                socket.join(room);
            }
            String name = socket.handshake().query().get("name");
            if (name != null) {
                socket.data().put("name", name);
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
    }

    /** A node of the cluster of {@code key} in the default format, as its own process runs it ({@link CometNodeProcess}). */
    static TestServer standalone(String key) {
        RedisCluster membership = RedisCluster.builder(REDIS).key(key).build();
        TestServer node = TestServer.with(b -> b.adapter(membership)).serving(Cluster::install).start();
        membership.subscribed().join();
        return node;
    }

    /** Starts a Comet node of this cluster in a process of its own, which a test may kill. */
    CometNodeProcess nodeProcess() {
        return CometNodeProcess.start(key);
    }

    TestServer node() {
        return node(UnaryOperator.identity());
    }

    /** Starts a stock Node.js socket.io node ({@link NodeServer}) in this cluster; it stops with the cluster. */
    synchronized NodeServer nodeJsNode() {
        NodeServer node = NodeServer.start(key, format);
        nodeJsNodes.add(node);
        return node;
    }

    /** Waits until every node knows where every other one serves (for forwarding). */
    synchronized void awaitNodesKnown() {
        List<RedisCluster> all = List.copyOf(memberships.values());
        until(() -> all.stream().allMatch(m -> all.stream().allMatch(o -> m.knows(o.uid()))),
                "every node to know every other's address");
    }

    /** The node's server id in the cluster's messages. */
    synchronized String uid(TestServer node) {
        return memberships.get(node).uid();
    }

    /** Stops a node: its server, then its membership, as an application would on shutdown. */
    synchronized void stop(TestServer node) {
        node.close();
        memberships.remove(node).close();
        nodes.remove(node);
    }

    /**
     * A node that hangs: a real subscriber of the channel by which the nodes are counted
     * ({@code PUBSUB NUMSUB}), that never answers. Closing it unsubscribes.
     */
    AutoCloseable silentNode() {
        StatefulRedisPubSubConnection<String, String> connection = redis.connectPubSub();
        connection.sync().subscribe(requestChannel());
        return connection::close;
    }

    /** Waits until exactly {@code count} nodes (Comet, Node.js, silent) are subscribed to the channel that counts them. */
    void awaitNodes(int count) {
        try (StatefulRedisConnection<String, String> connection = redis.connect()) {
            until(() -> connection.sync().pubsubNumsub(requestChannel()).getOrDefault(requestChannel(), 0L) == count,
                    count + " nodes subscribed to " + requestChannel());
        }
    }

    /** A connection to the cluster's Redis, for a test to look at what the nodes keep there. */
    StatefulRedisConnection<String, String> redis() {
        return redis.connect();
    }

    @Override
    public synchronized void close() {
        nodeJsNodes.forEach(NodeServer::close);
        nodes.forEach(TestServer::close);
        memberships.values().forEach(RedisCluster::close);
        redis.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
