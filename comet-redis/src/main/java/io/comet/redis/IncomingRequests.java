package io.comet.redis;

import com.fasterxml.jackson.databind.JsonNode;
import io.comet.Ack;
import io.comet.AdapterContext;
import io.comet.BroadcastMessage;
import io.comet.RemoteSocket;
import io.comet.routing.InMemoryAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;

import static io.comet.redis.ClusterMessages.ALL_ROOMS;
import static io.comet.redis.ClusterMessages.BROADCAST;
import static io.comet.redis.ClusterMessages.REMOTE_DISCONNECT;
import static io.comet.redis.ClusterMessages.REMOTE_FETCH;
import static io.comet.redis.ClusterMessages.REMOTE_JOIN;
import static io.comet.redis.ClusterMessages.REMOTE_LEAVE;
import static io.comet.redis.ClusterMessages.SERVER_SIDE_EMIT;
import static io.comet.redis.ClusterMessages.SOCKETS;

/**
 * Carries out, on this node, the requests other nodes publish on the namespace's request channel, and
 * answers those that wait for an answer on the common response channel (where socket.io's nodes,
 * whose {@code publishOnSpecificResponseChannel} is off by default, answer too). Runs on the Redis
 * client's thread, in the order the requests were published: a {@code socketsJoin} is done before a
 * broadcast published after it is delivered. Nothing here blocks; listeners run on the worker pool.
 */
final class IncomingRequests {
    private static final Logger log = LoggerFactory.getLogger(IncomingRequests.class);

    private final RedisCluster cluster;
    private final AdapterContext context;
    private final InMemoryAdapter local;
    private final ClusterMessages messages;
    private final String responseChannel;

    IncomingRequests(RedisCluster cluster, AdapterContext context, InMemoryAdapter local, ClusterMessages messages, String responseChannel) {
        this.cluster = cluster;
        this.context = context;
        this.local = local;
        this.messages = messages;
        this.responseChannel = responseChannel;
    }

    void handle(JsonNode request) {
        if (cluster.uid().equals(request.path("uid").asText())) {
            return; // this node's own request, already carried out here
        }
        String requestId = request.path("requestId").isValueNode() ? request.get("requestId").asText() : null;
        JsonNode opts = request.path("opts");
        switch (request.path("type").asInt(-1)) {
            case SOCKETS -> respond(messages.socketIds(requestId,
                    context.describe(local.sockets(PacketCodec.strings(request.path("rooms")), Set.of())).stream().map(RemoteSocket::id).toList()));
            case ALL_ROOMS -> respond(messages.rooms(requestId, local.allRooms()));
            case REMOTE_JOIN -> onSelected(opts, ids -> context.joinRooms(ids, PacketCodec.strings(request.path("rooms"))));
            case REMOTE_LEAVE -> onSelected(opts, ids -> context.leaveRooms(ids, PacketCodec.strings(request.path("rooms"))));
            case REMOTE_DISCONNECT -> onSelected(opts, ids -> context.disconnect(ids, request.path("close").asBoolean(false)));
            case REMOTE_FETCH -> onSelected(opts, ids -> respond(messages.sockets(requestId, context.describe(ids))));
            case SERVER_SIDE_EMIT -> serverSideEmit(requestId, request.path("data"));
            case BROADCAST -> broadcastWithAck(requestId, request.path("packet"), opts);
            default -> log.debug("ignoring a request of unknown type {}", request.path("type"));
        }
    }

    /**
     * Acts on the local sockets an {@code opts} selects. A request without {@code opts} is the
     * single-socket form of socket.io's Redis adapter before 8.0, which 8.x no longer sends: ignored.
     */
    private void onSelected(JsonNode opts, Consumer<Collection<String>> action) {
        if (!opts.isObject()) {
            log.debug("ignoring a request without opts (an adapter older than 8.0)");
            return;
        }
        action.accept(local.sockets(PacketCodec.strings(opts.path("rooms")), PacketCodec.strings(opts.path("except"))));
    }

    private void serverSideEmit(String requestId, JsonNode data) {
        PacketCodec.Event event = cluster.codec().event(data);
        if (event == null) {
            log.debug("ignoring a server-side emit without an event name");
            return;
        }
        context.receiveServerSideEmit(event.name(), event.args(), requestId == null ? Ack.NONE
                : new FirstAnswer(answer -> respond(messages.serverSideAnswer(requestId, answer))));
    }

    /**
     * Delivers to the selected local sockets, answers how many they are, then each client's answer as it
     * comes, within the requester's timeout ({@code opts.flags.timeout}, else this node's request timeout).
     */
    private void broadcastWithAck(String requestId, JsonNode packet, JsonNode opts) {
        PacketCodec.Event event = cluster.codec().packetEvent(packet);
        if (event == null || requestId == null) {
            log.debug("ignoring a broadcast with acknowledgements that carries no event");
            return;
        }
        Set<String> rooms = PacketCodec.strings(opts.path("rooms"));
        Set<String> except = PacketCodec.strings(opts.path("except"));
        long ms = opts.path("flags").path("timeout").asLong(0);
        Duration timeout = ms > 0 ? Duration.ofMillis(ms) : cluster.requestTimeout();
        BroadcastMessage message = context.fromRemoteWithAck(event.name(), event.args(), rooms, except);
        int clients = context.deliverWithAck(local.sockets(rooms, except), message, timeout,
                answer -> respond(messages.clientAnswer(requestId, answer)));
        respond(messages.clientCount(requestId, clients));
    }

    private void respond(byte[] response) {
        cluster.publish(responseChannel, response);
    }
}
