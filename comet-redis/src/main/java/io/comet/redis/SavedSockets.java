package io.comet.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comet.SavedSocket;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where the nodes keep their sockets for recovery on another node: one hash per node,
 * {@code <key>#sockets#<uid>}, a field per private session id, whose value is the JSON text
 * {@code {"sid","pid","rooms","data","upstream","savedAt"}} (socket.io's session fields, Comet's
 * upstream sequence, and when it was saved). The set {@code <key>#socket-nodes} names the nodes that
 * have such a hash, so that any node can look for a pid in all of them.
 *
 * <p>A hash lives as long as its node, and a recovery window longer: the first save sets its expiry, and
 * the node sets it again every {@link NodeDirectory#REFRESH_MILLIS}; a save is one {@code HSET}. A node killed without a word thus
 * leaves its sockets for the other nodes to recover within the window, and then nothing.
 */
final class SavedSockets implements AutoCloseable {
    // Atomic, so that two nodes a client tries at once cannot both recover its socket; every copy goes
    // (a node that still held a socket its client had left may have saved it after the one that took it
    // over), and the newest one is used. Hashes that expired leave the set.
    private static final String TAKE = ""
            + "local found = {} "
            + "for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do "
            + "  local hash = ARGV[1] .. node "
            + "  local v = redis.call('HGET', hash, ARGV[2]) "
            + "  if v then redis.call('HDEL', hash, ARGV[2]) table.insert(found, v) "
            + "  elseif redis.call('EXISTS', hash) == 0 then redis.call('SREM', KEYS[1], node) end "
            + "end "
            + "return found";

    private final StatefulRedisConnection<byte[], byte[]> redis;
    private final PacketCodec codec;
    private final byte[] nodes;
    private final String hashPrefix;
    private final String uid;
    private final byte[] hash;
    private volatile long keepMillis = NodeDirectory.TTL_MILLIS;
    private final AtomicBoolean announced = new AtomicBoolean(); // a socket was saved: the hash exists
    private final ScheduledFuture<?> refresh;

    SavedSockets(StatefulRedisConnection<byte[], byte[]> redis, EventExecutorGroup timers, PacketCodec codec, String key, String uid) {
        this.redis = redis;
        this.codec = codec;
        this.nodes = bytes(key + "#socket-nodes");
        this.hashPrefix = key + "#sockets#";
        this.uid = uid;
        this.hash = bytes(hashPrefix + uid);
        this.refresh = timers.scheduleAtFixedRate(this::refresh, NodeDirectory.REFRESH_MILLIS, NodeDirectory.REFRESH_MILLIS, TimeUnit.MILLISECONDS);
    }

    CompletableFuture<Void> save(SavedSocket socket, long windowMillis) {
        keepMillis = windowMillis + NodeDirectory.TTL_MILLIS;
        ObjectNode record = JsonNodeFactory.instance.objectNode().put("sid", socket.id()).put("pid", socket.pid());
        record.set("rooms", PacketCodec.strings(socket.rooms()));
        ObjectNode data = record.putObject("data");
        socket.data().forEach((k, v) -> data.set(k, codec.tree(v)));
        record.put("upstream", socket.upstream()).put("savedAt", System.currentTimeMillis());
        CompletableFuture<Boolean> stored = redis.async().hset(hash, bytes(socket.pid()), codec.json(record)).toCompletableFuture();
        if (announced.compareAndSet(false, true)) {
            refresh(); // the hash's expiry and its place in the set; then every REFRESH_MILLIS, not on each save
        }
        return stored.thenApply(v -> null);
    }

    void forget(String pid) {
        if (redis.isOpen()) {
            redis.async().hdel(hash, bytes(pid));
        }
    }

    /** A socket taken, and when it was saved (the saving node's clock, epoch ms). */
    record Taken(SavedSocket socket, long savedAt) {
    }

    /** Takes the socket saved under {@code pid} by any node (the newest copy); {@code null} when there is none. */
    CompletableFuture<Taken> take(String pid) {
        return redis.async().<List<Object>>eval(TAKE, ScriptOutputType.MULTI, new byte[][] {nodes}, bytes(hashPrefix), bytes(pid))
                .toCompletableFuture().thenApply(found -> {
                    Taken newest = null;
                    for (Object raw : found) {
                        JsonNode record = raw instanceof byte[] b ? codec.read(b) : null;
                        SavedSocket socket = record == null ? null : parse(record);
                        long savedAt = record == null ? 0 : record.path("savedAt").asLong(0);
                        if (socket != null && (newest == null || savedAt > newest.savedAt())) {
                            newest = new Taken(socket, savedAt);
                        }
                    }
                    return newest;
                });
    }

    private SavedSocket parse(JsonNode record) {
        if (!record.path("sid").isTextual() || !record.path("pid").isTextual()) {
            return null;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        record.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), codec.plain(e.getValue())));
        return new SavedSocket(record.get("sid").textValue(), record.get("pid").textValue(),
                PacketCodec.strings(record.path("rooms")), data, record.path("upstream").asLong(0));
    }

    /** Sets the hash's expiry, and names this node in the set (again: Redis may have restarted empty). */
    private void refresh() {
        if (redis.isOpen() && announced.get()) {
            redis.async().pexpire(hash, keepMillis);
            redis.async().sadd(nodes, bytes(uid));
        }
    }

    @Override
    public void close() {
        refresh.cancel(false);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
