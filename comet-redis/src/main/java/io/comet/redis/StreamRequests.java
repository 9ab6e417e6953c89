package io.comet.redis;

import com.fasterxml.jackson.databind.JsonNode;
import io.comet.Ack;
import io.comet.AdapterContext;
import io.comet.BroadcastMessage;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The cluster operations in the format of socket.io's streams adapter (0.3, a {@code ClusterAdapter} of
 * socket.io-adapter), so that Comet nodes and Node.js nodes on that adapter answer each other:
 * <ul>
 * <li>room changes and disconnections go through the log (applied by every node as it reads them);</li>
 * <li>requests that wait for answers ({@code fetchSockets}, server-side emits, broadcasts with
 * acknowledgements) are published on {@code <key>#<nsp>#}; each node answers on the requester's
 * {@code <key>#<nsp>#<uid>#}. Every node subscribes to both, and the nodes are counted as the
 * subscribers of the first ({@code PUBSUB NUMSUB}).</li>
 * </ul>
 */
final class StreamRequests implements NodeRequests {
    private static final Logger log = LoggerFactory.getLogger(StreamRequests.class);

    private final RedisCluster cluster;
    private final AdapterContext context;
    private final InMemoryAdapter local;
    private final StreamLog streamLog;
    private final ClusterAdapterMessages messages;
    private final String publicChannel;
    private final String ownChannel;
    private final PendingRequests pending;

    StreamRequests(RedisCluster cluster, AdapterContext context, InMemoryAdapter local, String channel) {
        this.cluster = cluster;
        this.context = context;
        this.local = local;
        this.streamLog = cluster.log();
        this.pending = new PendingRequests(context);
        this.messages = new ClusterAdapterMessages(cluster.codec(), cluster.uid(), context.namespace());
        this.publicChannel = channel;
        this.ownChannel = channel + cluster.uid() + "#";
        cluster.subscribe((from, bytes) -> {
            JsonNode message = cluster.codec().read(bytes);
            if (message != null && message.isObject()) { // a classic broadcast (an array) is the pattern's
                onChannelMessage(from, message);
            }
        }, publicChannel, ownChannel);
    }

    // ---------------------------------------------------------------- operations of this node

    @Override
    public CompletableFuture<ClusterResult<List<RemoteSocket>>> fetchSockets(Set<String> rooms, Set<String> except) {
        ClusterReplies<RemoteSocket> replies = new ClusterReplies<>();
        // Here too after this node's earlier room changes, which take effect as the log is read back.
        streamLog.afterAppends(() -> replies.nodeReplied(cluster.uid(), context.describe(local.sockets(rooms, except)), 0));
        String requestId = RedisCluster.newRequestId();
        pending.await(requestId, replies, cluster.requestTimeout(), response -> {
            if (response.path("type").asInt() == ClusterAdapterMessages.FETCH_SOCKETS_RESPONSE) {
                List<RemoteSocket> found = new ArrayList<>();
                response.path("data").path("sockets").forEach(s -> found.add(messages.socket(s)));
                replies.nodeReplied(response.path("uid").asText(), found, 0);
            }
        });
        askOthers(replies, after -> messages.fetch(requestId, rooms, except, after));
        return replies.result();
    }

    @Override
    public void addSockets(Set<String> rooms, Set<String> except, Set<String> roomsToJoin) {
        streamLog.append(cluster.entries().roomChange(cluster.uid(), context.namespace(), StreamEntries.SOCKETS_JOIN, rooms, except, roomsToJoin),
                () -> context.joinRooms(local.sockets(rooms, except), roomsToJoin));
    }

    @Override
    public void delSockets(Set<String> rooms, Set<String> except, Set<String> roomsToLeave) {
        streamLog.append(cluster.entries().roomChange(cluster.uid(), context.namespace(), StreamEntries.SOCKETS_LEAVE, rooms, except, roomsToLeave),
                () -> context.leaveRooms(local.sockets(rooms, except), roomsToLeave));
    }

    @Override
    public void disconnectSockets(Set<String> rooms, Set<String> except, boolean close) {
        streamLog.append(cluster.entries().disconnect(cluster.uid(), context.namespace(), rooms, except, close),
                () -> context.disconnect(local.sockets(rooms, except), close));
    }

    @Override
    public void serverSideEmit(String event, List<Object> args) {
        request(after -> messages.serverSideEmit(null, event, args, after));
    }

    /** This node counts as heard (it does not answer itself); every other node answers once. */
    @Override
    public CompletableFuture<ClusterResult<List<Object>>> serverSideEmitWithAck(String event, List<Object> args, Duration timeout) {
        ClusterReplies<Object> replies = new ClusterReplies<>();
        replies.nodeReplied(cluster.uid(), List.of(), 0);
        String requestId = RedisCluster.newRequestId();
        pending.await(requestId, replies, timeout, response -> {
            if (response.path("type").asInt() == ClusterAdapterMessages.SERVER_SIDE_EMIT_RESPONSE) {
                replies.nodeReplied(response.path("uid").asText(),
                        Collections.singletonList(cluster.codec().plain(response.path("data").path("packet"))), 0);
            }
        });
        askOthers(replies, after -> messages.serverSideEmit(requestId, event, args, after));
        return replies.result();
    }

    /** Each node answers with its number of clients, then each client's answer; they may come in any order. */
    @Override
    public CompletableFuture<ClusterResult<List<Object>>> broadcastWithAck(BroadcastMessage message, Duration timeout) {
        ClusterReplies<Object> replies = new ClusterReplies<>();
        String requestId = RedisCluster.newRequestId();
        pending.await(requestId, replies, timeout, response -> {
            JsonNode data = response.path("data");
            switch (response.path("type").asInt(-1)) {
                case ClusterAdapterMessages.BROADCAST_CLIENT_COUNT ->
                        replies.nodeReplied(response.path("uid").asText(), List.of(), data.path("clientCount").asInt(0));
                case ClusterAdapterMessages.BROADCAST_ACK -> replies.answer(cluster.codec().plain(data.path("packet")));
                default -> log.debug("ignoring a response of type {} to a broadcast", response.path("type"));
            }
        });
        request(after -> messages.broadcastWithAck(requestId, message, timeout, after));
        streamLog.afterAppends(() -> {
            int clients = context.deliverWithAck(local.sockets(message.rooms(), message.except()), message, timeout, replies::answer);
            replies.nodeReplied(cluster.uid(), List.of(), clients);
        });
        cluster.subscribers(publicChannel).whenComplete((nodes, error) -> PubSubRequests.expect(replies, nodes, error));
        return replies.result();
    }

    /** Learns the number of nodes (the public channel's subscribers), then asks the others, if any. */
    private void askOthers(ClusterReplies<?> replies, Function<String, byte[]> message) {
        cluster.subscribers(publicChannel).whenComplete((nodes, error) -> {
            if (PubSubRequests.expect(replies, nodes, error) && nodes > 1) {
                request(message);
            }
        });
    }

    private void publish(String channel, byte[] message) {
        cluster.publish(channel, message);
    }

    /**
     * Publishes a request once this node's earlier appends are in the log, naming the newest of them
     * ({@code data.after}, a Comet addition that socket.io's nodes ignore): a Comet node that gets it
     * carries it out only once it has read the log that far, so a {@code socketsJoin} made before a
     * broadcast with acknowledgements reaches every node first.
     */
    private void request(Function<String, byte[]> message) {
        streamLog.newestAppend().whenComplete((after, error) -> publish(publicChannel, message.apply(after)));
    }

    // ---------------------------------------------------------------- from the other nodes

    /** A request on the public channel, or a response on this node's; on Redis's thread. */
    private void onChannelMessage(String channel, JsonNode message) {
        String uid = message.path("uid").asText("");
        if (uid.equals(cluster.uid()) || !context.namespace().equals(message.path("nsp").asText(null))) {
            return;
        }
        if (channel.equals(ownChannel)) {
            pending.respond(message.path("data").path("requestId").asText(), message);
        } else if (channel.equals(publicChannel)) {
            JsonNode data = message.path("data");
            int type = message.path("type").asInt(-1);
            if (data.path("after").isTextual()) {
                streamLog.whenDelivered(data.get("after").textValue(), position -> onRequest(uid, type, data));
            } else {
                onRequest(uid, type, data);
            }
        }
    }

    private void onRequest(String requester, int type, JsonNode data) {
        String requestId = data.path("requestId").isValueNode() ? data.get("requestId").asText() : null;
        String answerTo = publicChannel + requester + "#";
        JsonNode opts = data.path("opts");
        Set<String> rooms = PacketCodec.strings(opts.path("rooms"));
        Set<String> except = PacketCodec.strings(opts.path("except"));
        switch (type) {
            case ClusterAdapterMessages.FETCH_SOCKETS -> {
                if (requestId != null) {
                    publish(answerTo, messages.fetchResponse(requestId, context.describe(local.sockets(rooms, except))));
                }
            }
            case ClusterAdapterMessages.SERVER_SIDE_EMIT -> {
                PacketCodec.Event event = cluster.codec().event(data.path("packet"));
                if (event != null) {
                    context.receiveServerSideEmit(event.name(), event.args(), requestId == null ? Ack.NONE
                            : new FirstAnswer(answer -> publish(answerTo, messages.serverSideResponse(requestId, answer))));
                }
            }
            case ClusterAdapterMessages.BROADCAST -> {
                PacketCodec.Event event = cluster.codec().packetEvent(data.path("packet"));
                if (event != null && requestId != null) {
                    long ms = opts.path("flags").path("timeout").asLong(0);
                    Duration timeout = ms > 0 ? Duration.ofMillis(ms) : cluster.requestTimeout();
                    BroadcastMessage message = context.fromRemoteWithAck(event.name(), event.args(), rooms, except);
                    int clients = context.deliverWithAck(local.sockets(rooms, except), message, timeout,
                            answer -> publish(answerTo, messages.clientAnswer(requestId, answer)));
                    publish(answerTo, messages.clientCount(requestId, clients));
                }
            }
            default -> log.debug("ignoring a cluster message of type {}", type);
        }
    }


    @Override
    public void close() {
        cluster.unsubscribe(publicChannel, ownChannel);
    }
}
