package io.comet.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Where the nodes of a cluster serve, for forwarding a request to the node that holds its session. Each
 * node writes {@code url expiresAt} under its id in the hash {@code <key>#nodes} every few seconds; every
 * node reads the hash as often into memory, so that a lookup never waits on Redis. An entry whose time
 * is up (a node that died without a word) is left out, and removed.
 */
final class NodeDirectory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeDirectory.class);
    static final long REFRESH_MILLIS = 2_000;
    static final long TTL_MILLIS = 10_000;

    private final StatefulRedisConnection<byte[], byte[]> redis;
    private final EventExecutorGroup timers;
    private final byte[] hash;
    private final String uid;
    private final Map<String, URI> known = new ConcurrentHashMap<>();
    private volatile URI self;
    private volatile ScheduledFuture<?> refresh;

    NodeDirectory(StatefulRedisConnection<byte[], byte[]> redis, EventExecutorGroup timers, String key, String uid) {
        this.redis = redis;
        this.timers = timers;
        this.hash = (key + "#nodes").getBytes(StandardCharsets.UTF_8);
        this.uid = uid;
        this.refresh = timers.scheduleAtFixedRate(this::refresh, 0, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Where this node serves, from now on written for the others to read. */
    void advertise(URI url) {
        self = url;
        known.put(uid, url);
        timers.execute(this::refresh);
    }

    URI url(String nodeId) {
        return known.get(nodeId);
    }

    /** Whether a node with this id is known now. */
    boolean knows(String nodeId) {
        return known.containsKey(nodeId);
    }

    /** Writes this node's entry (when it serves) and reads everyone's; on the timers, never waited for. */
    private void refresh() {
        if (!redis.isOpen()) {
            return;
        }
        long now = System.currentTimeMillis();
        URI mine = self;
        if (mine != null) {
            redis.async().hset(hash, bytes(uid), bytes(mine + " " + (now + TTL_MILLIS)));
        }
        redis.async().hgetall(hash).whenComplete((entries, error) -> {
            if (error != null) {
                log.debug("cannot read the cluster's nodes: {}", error.toString());
                return;
            }
            read(entries, System.currentTimeMillis());
        });
    }

    private void read(Map<byte[], byte[]> entries, long now) {
        Map<String, URI> alive = new ConcurrentHashMap<>();
        entries.forEach((field, value) -> {
            String id = new String(field, StandardCharsets.UTF_8);
            String[] parts = new String(value, StandardCharsets.UTF_8).split(" ");
            try {
                if (parts.length == 2 && Long.parseLong(parts[1]) > now) {
                    alive.put(id, URI.create(parts[0]));
                } else {
                    redis.async().hdel(hash, field);
                }
            } catch (IllegalArgumentException e) {
                redis.async().hdel(hash, field); // not an entry of ours
            }
        });
        if (self != null) {
            alive.put(uid, self);
        }
        known.keySet().retainAll(alive.keySet());
        known.putAll(alive);
    }

    @Override
    public void close() {
        refresh.cancel(false);
        if (self != null && redis.isOpen()) {
            redis.async().hdel(hash, bytes(uid));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
