package io.comet.redis;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * The cluster operations in the format of socket.io's classic Redis adapter (8.x): requests on
 * {@code <key>-request#<nsp>#}; answers on {@code <key>-response#<nsp>#} (or this node's
 * {@code <key>-response#<nsp>#<uid>#}, where socket.io's nodes answer with
 * {@code publishOnSpecificResponseChannel}). The number of nodes is the request channel's subscribers
 * ({@code PUBSUB NUMSUB}). Each operation acts here at once, then asks the others.
 */
final class PubSubRequests implements NodeRequests {
    private static final Logger log = LoggerFactory.getLogger(PubSubRequests.class);

    private final RedisCluster cluster;
    private final AdapterContext context;
    private final InMemoryAdapter local;
    private final String requestChannel;
    private final String responseChannel;
    private final String ownResponseChannel;
    private final ClusterMessages messages;
    private final IncomingRequests incoming;
    private final PendingRequests pending;

    PubSubRequests(RedisCluster cluster, AdapterContext context, InMemoryAdapter local) {
        this.cluster = cluster;
        this.context = context;
        this.local = local;
        this.requestChannel = cluster.key() + "-request#" + context.namespace() + "#";
        this.responseChannel = cluster.key() + "-response#" + context.namespace() + "#";
        this.ownResponseChannel = responseChannel + cluster.uid() + "#";
        this.pending = new PendingRequests(context);
        this.messages = new ClusterMessages(cluster.codec(), cluster.uid());
        this.incoming = new IncomingRequests(cluster, context, local, messages, responseChannel);
        cluster.subscribe(this::onRequestOrResponse, requestChannel, responseChannel, ownResponseChannel);
    }

    /** As socket.io: the number of nodes first, then the request, and only when there is another node. */
    @Override
    public CompletableFuture<ClusterResult<List<RemoteSocket>>> fetchSockets(Set<String> rooms, Set<String> except) {
        ClusterReplies<RemoteSocket> replies = new ClusterReplies<>();
        replies.nodeReplied(cluster.uid(), context.describe(local.sockets(rooms, except)), 0);
        String requestId = RedisCluster.newRequestId();
        pending.await(requestId, replies, cluster.requestTimeout(), response -> {
            List<RemoteSocket> found = new ArrayList<>();
            response.path("sockets").forEach(s -> found.add(messages.socket(s)));
            replies.nodeReplied(uidOf(response), found, 0);
        });
        askOthers(replies, messages.fetch(requestId, rooms, except));
        return replies.result();
    }

    @Override
    public void addSockets(Set<String> rooms, Set<String> except, Set<String> roomsToJoin) {
        context.joinRooms(local.sockets(rooms, except), roomsToJoin);
        cluster.publish(requestChannel, messages.roomChange(ClusterMessages.REMOTE_JOIN, rooms, except, roomsToJoin));
    }

    @Override
    public void delSockets(Set<String> rooms, Set<String> except, Set<String> roomsToLeave) {
        context.leaveRooms(local.sockets(rooms, except), roomsToLeave);
        cluster.publish(requestChannel, messages.roomChange(ClusterMessages.REMOTE_LEAVE, rooms, except, roomsToLeave));
    }

    @Override
    public void disconnectSockets(Set<String> rooms, Set<String> except, boolean close) {
        context.disconnect(local.sockets(rooms, except), close);
        cluster.publish(requestChannel, messages.disconnect(rooms, except, close));
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
        pending.await(requestId, replies, timeout, response ->
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
        pending.await(requestId, replies, timeout, response -> {
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
    static boolean expect(ClusterReplies<?> replies, Integer nodes, Throwable error) {
        if (error != null) {
            // Not a warning each time: publishing already warns once while Redis is away, and the result says it.
            log.debug("cannot count the nodes of the cluster ({}); a cluster operation gets this node's part only", error.toString());
            replies.expire();
            return false;
        }
        replies.expectNodes(Math.max(1, nodes));
        return true;
    }

    /** The node that sent a response, when it says (Comet's do; socket.io's do not). */
    private static String uidOf(JsonNode response) {
        JsonNode uid = response.get("uid");
        return uid != null && uid.isTextual() ? uid.textValue() : null;
    }

    private void onRequestOrResponse(String from, byte[] bytes) {
        JsonNode message = cluster.codec().read(bytes);
        if (message == null || !message.isObject()) {
            log.debug("ignoring a malformed message on {}", from);
        } else if (from.equals(requestChannel)) {
            incoming.handle(message);
        } else {
            pending.respond(message.path("requestId").asText(), message);
        }
    }

    @Override
    public void close() {
        cluster.unsubscribe(requestChannel, responseChannel, ownResponseChannel);
    }
}
