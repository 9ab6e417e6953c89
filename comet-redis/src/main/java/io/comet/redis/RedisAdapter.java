package io.comet.redis;

import com.fasterxml.jackson.databind.JsonNode;
import io.comet.Adapter;
import io.comet.AdapterContext;
import io.comet.BroadcastMessage;
import io.comet.ClusterRecovery;
import io.comet.ClusterReplies;
import io.comet.ClusterResult;
import io.comet.RemoteSocket;
import io.comet.routing.InMemoryAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

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
 * <p>The cluster operations go as requests on {@code <key>-request#<nsp>#}; answers come on
 * {@code <key>-response#<nsp>#} (or this node's {@code <key>-response#<nsp>#<uid>#}, where socket.io's
 * nodes answer with {@code publishOnSpecificResponseChannel}). The number of nodes is the request
 * channel's subscribers ({@code PUBSUB NUMSUB}). Each operation acts here at once; what needs answers
 * waits for them in {@link ClusterReplies}, until its timeout makes the result partial.
 */
final class RedisAdapter implements Adapter {
    private static final Logger log = LoggerFactory.getLogger(RedisAdapter.class);

    private final RedisCluster cluster;
    private final AdapterContext context;
    private final InMemoryAdapter local;
    private final String channel;
    private final String pattern;
    private final String requestChannel;
    private final String responseChannel;
    private final String ownResponseChannel;
    private final ClusterMessages messages;
    private final IncomingRequests incoming;
    private final Map<String, Consumer<JsonNode>> awaited = new ConcurrentHashMap<>(); // by request id
    private final StreamLog streamLog;        // null in the pub/sub format
    private final LogRecovery recovery;       // null in the pub/sub format

    RedisAdapter(RedisCluster cluster, AdapterContext context) {
        this.cluster = cluster;
        this.context = context;
        this.local = new InMemoryAdapter(context);
        this.channel = cluster.key() + "#" + context.namespace() + "#";
        this.pattern = globEscaped(channel) + "*";
        this.requestChannel = cluster.key() + "-request#" + context.namespace() + "#";
        this.responseChannel = cluster.key() + "-response#" + context.namespace() + "#";
        this.ownResponseChannel = responseChannel + cluster.uid() + "#";
        this.messages = new ClusterMessages(cluster.codec(), cluster.uid());
        this.incoming = new IncomingRequests(cluster, context, local, messages, responseChannel);
        cluster.psubscribe(pattern, this::onBroadcast);
        cluster.subscribe(this::onRequestOrResponse, requestChannel, responseChannel, ownResponseChannel);
        this.streamLog = cluster.log();
        if (streamLog != null) {
            recovery = new LogRecovery(cluster.savedSockets(), streamLog, cluster.entries(), context);
            streamLog.register(context.namespace(), this::onLogEntry);
        } else {
            recovery = null;
        }
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

    /** As socket.io: the number of nodes first, then the request, and only when there is another node. */
    @Override
    public CompletableFuture<ClusterResult<List<RemoteSocket>>> fetchSockets(Set<String> rooms, Set<String> except) {
        ClusterReplies<RemoteSocket> replies = new ClusterReplies<>();
        replies.nodeReplied(cluster.uid(), context.describe(local.sockets(rooms, except)), 0);
        String requestId = RedisCluster.newRequestId();
        await(requestId, replies, cluster.requestTimeout(), response -> {
            List<RemoteSocket> found = new ArrayList<>();
            response.path("sockets").forEach(s -> found.add(messages.socket(s)));
            replies.nodeReplied(uidOf(response), found, 0);
        });
        askOthers(replies, messages.fetch(requestId, rooms, except));
        return replies.result();
    }

    @Override
    public void addSockets(Set<String> rooms, Set<String> except, Set<String> roomsToJoin) {
        apply(() -> context.joinRooms(local.sockets(rooms, except), roomsToJoin),
                () -> cluster.entries().roomChange(cluster.uid(), context.namespace(), StreamEntries.SOCKETS_JOIN, rooms, except, roomsToJoin),
                () -> messages.roomChange(ClusterMessages.REMOTE_JOIN, rooms, except, roomsToJoin));
    }

    @Override
    public void delSockets(Set<String> rooms, Set<String> except, Set<String> roomsToLeave) {
        apply(() -> context.leaveRooms(local.sockets(rooms, except), roomsToLeave),
                () -> cluster.entries().roomChange(cluster.uid(), context.namespace(), StreamEntries.SOCKETS_LEAVE, rooms, except, roomsToLeave),
                () -> messages.roomChange(ClusterMessages.REMOTE_LEAVE, rooms, except, roomsToLeave));
    }

    @Override
    public void disconnectSockets(Set<String> rooms, Set<String> except, boolean close) {
        apply(() -> context.disconnect(local.sockets(rooms, except), close),
                () -> cluster.entries().disconnect(cluster.uid(), context.namespace(), rooms, except, close),
                () -> messages.disconnect(rooms, except, close));
    }

    /**
     * A room change or a disconnection of every node's selected sockets. In the streams format it goes
     * through the log, and every node, this one included, applies it as it reads it: in order with the
     * broadcasts around it (here at once, when Redis refuses it). In the pub/sub format it is done here
     * at once and published as a request.
     */
    private void apply(Runnable here, Supplier<Map<String, byte[]>> entry, Supplier<byte[]> request) {
        if (streamLog != null) {
            streamLog.append(entry.get(), here);
        } else {
            here.run();
            cluster.publish(requestChannel, request.get());
        }
    }

    @Override
    public void serverSideEmit(String event, List<Object> args) {
        cluster.publish(requestChannel, messages.serverSideEmit(null, event, args));
    }

    /** This node counts as heard (it does not answer itself); every other node answers once. */
    @Override
    public CompletableFuture<ClusterResult<List<Object>>> serverSideEmitWithAck(String event, List<Object> args, Duration timeout) {
        ClusterReplies<Object> replies = new ClusterReplies<>();
        replies.nodeReplied(cluster.uid(), List.of(), 0);
        String requestId = RedisCluster.newRequestId();
        await(requestId, replies, timeout, response ->
                replies.nodeReplied(uidOf(response), Collections.singletonList(cluster.codec().plain(response.path("data"))), 0));
        askOthers(replies, messages.serverSideEmit(requestId, event, args));
        return replies.result();
    }

    /**
     * As socket.io: the request first, then local delivery, then the number of nodes. Each node answers
     * with its number of clients, then each client's answer; they may come in any order.
     */
    @Override
    public CompletableFuture<ClusterResult<List<Object>>> broadcastWithAck(BroadcastMessage message, Duration timeout) {
        ClusterReplies<Object> replies = new ClusterReplies<>();
        String requestId = RedisCluster.newRequestId();
        await(requestId, replies, timeout, response -> {
            switch (response.path("type").asInt(-1)) {
                case ClusterMessages.BROADCAST_CLIENT_COUNT ->
                        replies.nodeReplied(uidOf(response), List.of(), response.path("clientCount").asInt(0));
                case ClusterMessages.BROADCAST_ACK -> replies.answer(cluster.codec().plain(response.path("packet")));
                default -> log.debug("ignoring a response of type {} to a broadcast", response.path("type"));
            }
        });
        cluster.publish(requestChannel, messages.broadcastWithAck(requestId, context.namespace(), message, timeout));
        int clients = context.deliverWithAck(local.sockets(message.rooms(), message.except()), message, timeout, replies::answer);
        replies.nodeReplied(cluster.uid(), List.of(), clients);
        cluster.subscribers(requestChannel).whenComplete((nodes, error) -> expect(replies, nodes, error));
        return replies.result();
    }

    /** Learns the number of nodes, then asks the others, if any. */
    private void askOthers(ClusterReplies<?> replies, byte[] request) {
        cluster.subscribers(requestChannel).whenComplete((nodes, error) -> {
            if (expect(replies, nodes, error) && nodes > 1) {
                cluster.publish(requestChannel, request);
            }
        });
    }

    /** Sets the number of nodes; when Redis could not tell it, the replies end now, partial. */
    private static boolean expect(ClusterReplies<?> replies, Integer nodes, Throwable error) {
        if (error != null) {
            // Not a warning each time: publishing already warns once while Redis is away, and the result says it.
            log.debug("cannot count the nodes of the cluster ({}); a cluster operation gets this node's part only", error.toString());
            replies.expire();
            return false;
        }
        replies.expectNodes(Math.max(1, nodes));
        return true;
    }

    /** Routes the responses to this request to {@code onResponse} until the replies complete or expire. */
    private void await(String requestId, ClusterReplies<?> replies, Duration timeout, Consumer<JsonNode> onResponse) {
        awaited.put(requestId, onResponse);
        replies.expireAfter(timeout, context).result().whenComplete((result, error) -> awaited.remove(requestId));
    }

    /** The node that sent a response, when it says (Comet's do; socket.io's do not). */
    private static String uidOf(JsonNode response) {
        JsonNode uid = response.get("uid");
        return uid != null && uid.isTextual() ? uid.textValue() : null;
    }

    // ---------------------------------------------------------------- from Redis (the Redis client's thread)

    private void onBroadcast(String from, byte[] bytes) {
        PacketCodec.Decoded decoded = cluster.codec().decode(bytes);
        if (decoded == null) {
            log.debug("ignoring a message on the broadcast channel that is not a broadcast");
            return;
        }
        if (decoded.uid().equals(cluster.uid()) || !decoded.namespace().equals(context.namespace())) {
            return;
        }
        local.broadcast(context.fromRemote(decoded.event(), decoded.args(), decoded.rooms(), decoded.except()));
    }

    private void onRequestOrResponse(String from, byte[] bytes) {
        JsonNode message = cluster.codec().read(bytes);
        if (message == null || !message.isObject()) {
            log.debug("ignoring a malformed message on {}", from);
        } else if (from.equals(requestChannel)) {
            incoming.handle(message);
        } else {
            Consumer<JsonNode> onResponse = awaited.get(message.path("requestId").asText());
            if (onResponse != null) {
                onResponse.accept(message);
            }
        }
    }

    @Override
    public void close() {
        if (streamLog != null) {
            streamLog.unregister(context.namespace());
        }
        cluster.punsubscribe(pattern);
        cluster.unsubscribe(requestChannel, responseChannel, ownResponseChannel);
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
