package io.comet.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.comet.Adapter;
import io.comet.AdapterContext;
import io.comet.SessionRouting;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * A Comet node's membership of a cluster over Redis: the {@link Adapter.Factory} to give
 * {@code CometServer.builder().adapter(...)}. Every namespace's adapter speaks the wire format of one of
 * socket.io's Redis adapters ({@link Format}): by default its streams adapter
 * ({@code @socket.io/redis-streams-adapter}), where every broadcast goes through one Redis stream and a
 * client recovers on any node; or its classic one ({@code @socket.io/redis-adapter} 8.x). Comet nodes,
 * Node.js socket.io nodes with the same adapter, and backends publishing with
 * {@code @socket.io/redis-emitter} share rooms, broadcasts and the cluster operations
 * ({@code fetchSockets}, {@code socketsJoin}/{@code socketsLeave}, {@code disconnectSockets}, server-side
 * emits, broadcasts with acknowledgements). See docs/scaling.md.
 *
 * <pre>{@code
 * RedisCluster cluster = RedisCluster.connect("redis://127.0.0.1:6379");
 * CometServer server = CometServer.builder().adapter(cluster).build().start();
 * }</pre>
 *
 * <p>It is also the cluster's {@link SessionRouting}: session ids start with this node's id, and a node
 * forwards a request for another node's session to where that node serves (no sticky sessions).
 *
 * <p>Redis connections serve every namespace (Lettuce, non-blocking): one sends the commands, one is
 * subscribed, and in the streams format one reads the log ({@code XREAD BLOCK}). Nothing waits on Redis:
 * while it is away, publishing fails at once (logged, the message is lost for the other nodes; local
 * clients still get it), a cluster operation completes at once with this node's part, marked partial, and
 * Lettuce reconnects and subscribes again.
 */
public final class RedisCluster implements Adapter.Factory, SessionRouting, AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(RedisCluster.class);
    private static final String UID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> publisher;
    private final StatefulRedisPubSubConnection<byte[], byte[]> subscriber;
    private final Map<String, BiConsumer<String, byte[]>> patterns = new ConcurrentHashMap<>();
    private final Map<String, BiConsumer<String, byte[]>> channels = new ConcurrentHashMap<>();
    private final String key;
    private final String uid = randomId(6);
    private final Duration requestTimeout;
    private final PacketCodec codec;
    private final NodeDirectory nodes;
    private final StreamLog log;           // null in the pub/sub format
    private final SavedSockets savedSockets; // null in the pub/sub format
    private final StreamEntries entries;
    private volatile CompletableFuture<Void> subscribed = CompletableFuture.completedFuture(null);
    private final AtomicBoolean warned = new AtomicBoolean();

    private RedisCluster(Builder b) {
        this.key = b.key;
        this.requestTimeout = b.requestTimeout;
        this.codec = new PacketCodec(b.mapper);
        this.client = RedisClient.create(b.uri);
        // While Redis is away, commands fail at once instead of queueing without bound.
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        this.publisher = client.connect(ByteArrayCodec.INSTANCE);
        this.subscriber = client.connectPubSub(ByteArrayCodec.INSTANCE);
        this.nodes = new NodeDirectory(publisher, client.getResources().eventExecutorGroup(), key, uid);
        this.entries = new StreamEntries(codec);
        if (b.format == Format.STREAMS) {
            this.log = new StreamLog(client, publisher, key, b.streamMaxLength, requestTimeout.toMillis());
            this.savedSockets = new SavedSockets(publisher, client.getResources().eventExecutorGroup(), codec, key, uid);
        } else {
            this.log = null;
            this.savedSockets = null;
        }
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] pattern, byte[] channel, byte[] message) {
                BiConsumer<String, byte[]> handler = patterns.get(new String(pattern, StandardCharsets.UTF_8));
                if (handler != null) {
                    handler.accept(new String(channel, StandardCharsets.UTF_8), message);
                }
            }

            @Override
            public void message(byte[] channel, byte[] message) {
                String name = new String(channel, StandardCharsets.UTF_8);
                BiConsumer<String, byte[]> handler = channels.get(name);
                if (handler != null) {
                    handler.accept(name, message);
                }
            }
        });
    }

    /** Joins the cluster of the Redis server at this URI (e.g. {@code redis://127.0.0.1:6379}), key {@code socket.io}. */
    public static RedisCluster connect(String uri) {
        return builder(uri).build();
    }

    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    @Override
    public Adapter create(AdapterContext namespace) {
        return new RedisAdapter(this, namespace);
    }

    /** This node's server id in the cluster's messages (6 characters, as socket.io's). */
    public String uid() {
        return uid;
    }

    /** The node id that prefixes this node's session ids: its {@link #uid()}. */
    @Override
    public String nodeId() {
        return uid;
    }

    @Override
    public URI nodeUrl(String nodeId) {
        return nodes.url(nodeId);
    }

    @Override
    public void advertise(URI self) {
        nodes.advertise(self);
    }

    /** Whether this node knows, now, where the node with this id serves. */
    public boolean knows(String nodeId) {
        return nodes.knows(nodeId);
    }

    /** Completes once every subscription asked for so far is in place, and the cluster's log is being read. */
    public CompletableFuture<Void> subscribed() {
        return log == null ? subscribed : CompletableFuture.allOf(subscribed, log.started());
    }


    String key() {
        return key;
    }

    PacketCodec codec() {
        return codec;
    }

    void psubscribe(String pattern, BiConsumer<String, byte[]> handler) {
        patterns.put(pattern, handler);
        CompletableFuture<Void> done = subscriber.async().psubscribe(bytes(pattern)).toCompletableFuture()
                .thenApply(v -> (Void) null);
        subscribed = CompletableFuture.allOf(subscribed, done);
    }

    void subscribe(BiConsumer<String, byte[]> handler, String... names) {
        byte[][] raw = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            channels.put(names[i], handler);
            raw[i] = bytes(names[i]);
        }
        CompletableFuture<Void> done = subscriber.async().subscribe(raw).toCompletableFuture().thenApply(v -> (Void) null);
        subscribed = CompletableFuture.allOf(subscribed, done);
    }

    void unsubscribe(String... names) {
        byte[][] raw = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            channels.remove(names[i]);
            raw[i] = bytes(names[i]);
        }
        if (subscriber.isOpen()) {
            subscriber.async().unsubscribe(raw);
        }
    }

    /**
     * How many connections are subscribed to a channel ({@code PUBSUB NUMSUB}): on a request channel, the
     * number of nodes of the cluster, this one included, as socket.io's {@code serverCount()} counts them.
     */
    CompletableFuture<Integer> subscribers(String channel) {
        return publisher.async().pubsubNumsub(bytes(channel)).toCompletableFuture()
                .thenApply(counts -> counts.values().stream().mapToInt(Long::intValue).sum());
    }

    /** How long this node waits for the other nodes' answers to a request ({@code fetchSockets}). */
    Duration requestTimeout() {
        return requestTimeout;
    }

    /** A new request id: random, so that the requests of different nodes never share one. */
    static String newRequestId() {
        return randomId(12);
    }

    void punsubscribe(String pattern) {
        patterns.remove(pattern);
        if (subscriber.isOpen()) {
            subscriber.async().punsubscribe(bytes(pattern));
        }
    }

    /** Publishes without waiting; a failure (Redis away) is logged once until a publish succeeds again. */
    void publish(String channel, byte[] message) {
        publisher.async().publish(bytes(channel), message).whenComplete((receivers, error) -> reportPublished(error));
    }

    /** Logs the first failure to publish (or append), and the first success after failures. */
    void reportPublished(Throwable error) {
        if (error == null) {
            if (warned.compareAndSet(true, false)) {
                logger.info("publishing to Redis again");
            }
        } else if (warned.compareAndSet(false, true)) {
            logger.warn("cannot publish to Redis ({}); other nodes miss this node's broadcasts until it is back", error.toString());
        }
    }

    /** The cluster's log, or {@code null} in the pub/sub format. */
    StreamLog log() {
        return log;
    }

    SavedSockets savedSockets() {
        return savedSockets;
    }

    StreamEntries entries() {
        return entries;
    }

    @Override
    public void close() {
        nodes.close();
        if (log != null) {
            log.close();
            savedSockets.close();
        }
        subscriber.close();
        publisher.close();
        client.shutdown();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String randomId(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(UID_CHARS.charAt(RANDOM.nextInt(UID_CHARS.length())));
        }
        return sb.toString();
    }

    /** How broadcasts travel between the nodes. */
    public enum Format {
        /**
         * The wire format of {@code @socket.io/redis-streams-adapter}: every broadcast goes through one
         * Redis stream, the cluster's log, read back by every node in order; a client recovers on any
         * node, from the log, even when its own node died. Broadcasts published in the pub/sub format
         * ({@code @socket.io/redis-emitter}) are still delivered.
         */
        STREAMS,
        /**
         * The wire format of {@code @socket.io/redis-adapter} 8.x: broadcasts are published on Redis
         * channels; recovery is each node's own (a client recovers only on the node it left).
         */
        PUB_SUB
    }

    /** Builds a {@link RedisCluster}. */
    public static final class Builder {
        private final String uri;
        private String key = "socket.io";
        private ObjectMapper mapper = new ObjectMapper();
        private Duration requestTimeout = Duration.ofSeconds(5);
        private Format format = Format.STREAMS;
        private long streamMaxLength = 10_000;

        private Builder(String uri) {
            this.uri = Objects.requireNonNull(uri);
        }

        /** The prefix of the cluster's channels; the same on every node. Default {@code socket.io}, as socket.io's. */
        public Builder key(String key) {
            this.key = Objects.requireNonNull(key);
            return this;
        }

        /** The mapper that turns broadcast arguments into JSON values; use the server's. Default a plain one. */
        public Builder objectMapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper);
            return this;
        }

        /**
         * How long {@code fetchSockets} waits for the other nodes before it completes with what arrived,
         * marked partial. Default 5 seconds, as socket.io's {@code requestsTimeout}.
         */
        public Builder requestTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("a request timeout must be positive: " + timeout);
            }
            this.requestTimeout = timeout;
            return this;
        }

        /** How broadcasts travel between the nodes; default {@link Format#STREAMS}. */
        public Builder format(Format format) {
            this.format = Objects.requireNonNull(format);
            return this;
        }

        /**
         * About how many entries the cluster's log keeps (trimmed with {@code MAXLEN ~}, as socket.io's
         * streams adapter does, default 10,000): the cluster-wide bound of what a recovery on another
         * node can replay.
         */
        public Builder streamMaxLength(long entries) {
            if (entries < 1) {
                throw new IllegalArgumentException("a log keeps at least one entry: " + entries);
            }
            this.streamMaxLength = entries;
            return this;
        }

        public RedisCluster build() {
            return new RedisCluster(this);
        }
    }
}
