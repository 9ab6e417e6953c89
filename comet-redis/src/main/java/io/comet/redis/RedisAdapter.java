package io.comet.redis;

import io.comet.Adapter;
import io.comet.AdapterContext;
import io.comet.BroadcastMessage;
import io.comet.ClusterRecovery;
import io.comet.ClusterResult;
import io.comet.RemoteSocket;
import io.comet.routing.InMemoryAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One namespace's adapter: its rooms are this node's ({@link InMemoryAdapter}). Broadcasts take one of
 * two routes ({@link RedisCluster.Format}):
 * <ul>
 * <li>streams (the default): a broadcast made here is appended to the cluster's log ({@link StreamLog},
 * the format of socket.io's streams adapter) and delivered, here as on every node, when the log is read
 * back, with the entry id as its offset; with recovery on, the adapter's {@link #recovery()} lets any node
 * recover a socket of any other;</li>
 * <li>pub/sub, socket.io's classic Redis adapter: a broadcast made here is delivered here and published
 * on {@code <key>#<nsp>#} (or {@code <key>#<nsp>#<room>#} when it names exactly one room, as socket.io
 * does).</li>
 * </ul>
 * Either way a broadcast published on those channels by another node (or {@code @socket.io/redis-emitter})
 * is delivered to this node's sockets it selects.
 *
 * <p>The cluster operations are the format's {@link NodeRequests}: {@link StreamRequests} or
 * {@link PubSubRequests}.
 */
final class RedisAdapter implements Adapter {
    private static final Logger log = LoggerFactory.getLogger(RedisAdapter.class);

    private final RedisCluster cluster;
    private final AdapterContext context;
    private final InMemoryAdapter local;
    private final String channel;
    private final String pattern;
    private final StreamLog streamLog;        // null in the pub/sub format
    private final LogRecovery recovery;       // null in the pub/sub format
    private final NodeRequests requests;

    RedisAdapter(RedisCluster cluster, AdapterContext context) {
        this.cluster = cluster;
        this.context = context;
        this.local = new InMemoryAdapter(context);
        this.channel = cluster.key() + "#" + context.namespace() + "#";
        this.pattern = globEscaped(channel) + "*";
        this.streamLog = cluster.log();
        if (streamLog != null) {
            recovery = new LogRecovery(cluster.savedSockets(), streamLog, cluster.entries(), context);
            requests = new StreamRequests(cluster, context, local, channel);
            streamLog.register(context.namespace(), this::onLogEntry);
        } else {
            recovery = null;
            requests = new PubSubRequests(cluster, context, local);
        }
        cluster.psubscribe(pattern, this::onBroadcast);
    }

    @Override
    public ClusterRecovery recovery() {
        return recovery;
    }

    @Override
    public void join(String socketId, String room) {
        local.join(socketId, room);
    }

    @Override
    public void leave(String socketId, String room) {
        local.leave(socketId, room);
    }

    @Override
    public void leaveAll(String socketId) {
        local.leaveAll(socketId);
    }

    @Override
    public Set<String> rooms(String socketId) {
        return local.rooms(socketId);
    }

    @Override
    public Set<String> sockets(Set<String> rooms, Set<String> except) {
        return local.sockets(rooms, except);
    }

    @Override
    public AdapterContext context() {
        return context;
    }

    @Override
    public String nodeId() {
        return cluster.uid();
    }

    @Override
    public void broadcast(BroadcastMessage message) {
        if (message.remote()) {
            local.broadcast(message);
        } else if (streamLog != null) {
            // Delivered here too when read back: every node's clients get the log's order.
            Map<String, byte[]> entry = cluster.entries().broadcast(cluster.uid(), context.namespace(), message);
            streamLog.append(entry, () -> local.broadcast(context.fromRemote(message.event(), message.args(), message.rooms(), message.except())))
                    .whenComplete((id, e) -> cluster.reportPublished(id == null ? new IllegalStateException("Redis refused the entry") : null));
        } else {
            local.broadcast(message);
            String to = message.rooms().size() == 1 ? channel + message.rooms().iterator().next() + "#" : channel;
            cluster.publish(to, cluster.codec().encode(cluster.uid(), context.namespace(), message));
        }
    }

    /** A broadcast read back from the log, this node's own included; on the log's lane. */
    private void onLogEntry(String id, Map<String, byte[]> fields) {
        PacketCodec.Decoded decoded = cluster.entries().decode(fields);
        if (decoded != null) {
            local.broadcast(context.fromRemote(decoded.event(), decoded.args(), decoded.rooms(), decoded.except(), id));
            return;
        }
        StreamEntries.Operation op = cluster.entries().operation(fields);
        if (op != null) {
            Set<String> selected = local.sockets(op.rooms(), op.except());
            switch (op.type()) {
                case StreamEntries.SOCKETS_JOIN -> context.joinRooms(selected, op.changed());
                case StreamEntries.SOCKETS_LEAVE -> context.leaveRooms(selected, op.changed());
                default -> context.disconnect(selected, op.close());
            }
        }
    }

    // ---------------------------------------------------------------- cluster operations

    @Override
    public CompletableFuture<ClusterResult<List<RemoteSocket>>> fetchSockets(Set<String> rooms, Set<String> except) {
        return requests.fetchSockets(rooms, except);
    }

    @Override
    public void addSockets(Set<String> rooms, Set<String> except, Set<String> roomsToJoin) {
        requests.addSockets(rooms, except, roomsToJoin);
    }

    @Override
    public void delSockets(Set<String> rooms, Set<String> except, Set<String> roomsToLeave) {
        requests.delSockets(rooms, except, roomsToLeave);
    }

    @Override
    public void disconnectSockets(Set<String> rooms, Set<String> except, boolean close) {
        requests.disconnectSockets(rooms, except, close);
    }

    @Override
    public void serverSideEmit(String event, List<Object> args) {
        requests.serverSideEmit(event, args);
    }

    @Override
    public CompletableFuture<ClusterResult<List<Object>>> serverSideEmitWithAck(String event, List<Object> args, Duration timeout) {
        return requests.serverSideEmitWithAck(event, args, timeout);
    }

    @Override
    public CompletableFuture<ClusterResult<List<Object>>> broadcastWithAck(BroadcastMessage message, Duration timeout) {
        return requests.broadcastWithAck(message, timeout);
    }

    // ---------------------------------------------------------------- from Redis (the Redis client's thread)

    private void onBroadcast(String from, byte[] bytes) {
        PacketCodec.Decoded decoded = cluster.codec().decode(bytes);
        if (decoded == null) {
            return; // not a classic broadcast: in the streams format, a request or a response (StreamRequests's)
        }
        if (decoded.uid().equals(cluster.uid()) || !decoded.namespace().equals(context.namespace())) {
            return;
        }
        local.broadcast(context.fromRemote(decoded.event(), decoded.args(), decoded.rooms(), decoded.except()));
    }

    @Override
    public void close() {
        if (streamLog != null) {
            streamLog.unregister(context.namespace());
        }
        requests.close();
        cluster.punsubscribe(pattern);
    }

    /** The text with Redis's glob characters escaped, for a pattern that matches it literally. */
    private static String globEscaped(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
