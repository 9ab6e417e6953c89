package io.comet.redis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comet.BroadcastMessage;
import io.comet.RemoteSocket;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The messages of socket.io-adapter's {@code ClusterAdapter}, which its streams adapter sends over Redis
 * pub/sub when they need no place in the log (requests that wait for answers, and the answers): the
 * MessagePack map {@code {uid, nsp, type, data}}. Pure: no IO.
 */
final class ClusterAdapterMessages {
    static final int BROADCAST = 3;
    static final int FETCH_SOCKETS = 7;
    static final int FETCH_SOCKETS_RESPONSE = 8;
    static final int SERVER_SIDE_EMIT = 9;
    static final int SERVER_SIDE_EMIT_RESPONSE = 10;
    static final int BROADCAST_CLIENT_COUNT = 11;
    static final int BROADCAST_ACK = 12;

    private final PacketCodec codec;
    private final ClusterMessages sockets; // for the sockets of a fetch answer, as the classic format writes them
    private final String uid;
    private final String namespace;

    ClusterAdapterMessages(PacketCodec codec, String uid, String namespace) {
        this.codec = codec;
        this.sockets = new ClusterMessages(codec, uid);
        this.uid = uid;
        this.namespace = namespace;
    }

    /** {@code data: {opts, requestId}}; each request names, in {@code after}, the newest log entry of its node, if any. */
    byte[] fetch(String requestId, Set<String> rooms, Set<String> except, String after) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.set("opts", opts(rooms, except));
        return message(FETCH_SOCKETS, after(data.put("requestId", requestId), after));
    }

    /** {@code data: {packet: [event, ...args]}}, with a {@code requestId} when answers are awaited. */
    byte[] serverSideEmit(String requestId, String event, List<Object> args, String after) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.set("packet", codec.data(event, args));
        if (requestId != null) {
            data.put("requestId", requestId);
        }
        return message(SERVER_SIDE_EMIT, after(data, after));
    }

    /** {@code data: {packet, requestId, opts: {rooms, except, flags: {timeout}}}}. */
    byte[] broadcastWithAck(String requestId, BroadcastMessage message, Duration timeout, String after) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.set("packet", codec.packet(namespace, message.event(), message.args()));
        data.put("requestId", requestId);
        ObjectNode opts = codec.opts(message.rooms(), message.except());
        opts.putObject("flags").put("timeout", timeout.toMillis());
        data.set("opts", opts);
        return message(BROADCAST, after(data, after));
    }

    /** {@code data: {requestId, sockets: [{id, handshake, rooms, data}]}}. */
    byte[] fetchResponse(String requestId, List<RemoteSocket> found) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("requestId", requestId);
        ArrayNode array = data.putArray("sockets");
        found.forEach(s -> array.add(sockets.socket(s)));
        return message(FETCH_SOCKETS_RESPONSE, data);
    }

    /** {@code data: {requestId, packet}}: a listener's answer to a server-side emit. */
    byte[] serverSideResponse(String requestId, Object answer) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("requestId", requestId);
        data.set("packet", codec.tree(answer));
        return message(SERVER_SIDE_EMIT_RESPONSE, data);
    }

    /** {@code data: {requestId, clientCount}}. */
    byte[] clientCount(String requestId, int clients) {
        return message(BROADCAST_CLIENT_COUNT, JsonNodeFactory.instance.objectNode().put("requestId", requestId).put("clientCount", clients));
    }

    /** {@code data: {requestId, packet}}: one client's answer to a broadcast. */
    byte[] clientAnswer(String requestId, Object answer) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("requestId", requestId);
        data.set("packet", codec.tree(answer));
        return message(BROADCAST_ACK, data);
    }

    /** A socket of a fetch answer. */
    RemoteSocket socket(com.fasterxml.jackson.databind.JsonNode node) {
        return sockets.socket(node);
    }

    private static ObjectNode after(ObjectNode data, String after) {
        return after == null ? data : data.put("after", after);
    }

    private ObjectNode opts(Set<String> rooms, Set<String> except) {
        return codec.opts(rooms, except).set("flags", JsonNodeFactory.instance.objectNode());
    }

    private byte[] message(int type, ObjectNode data) {
        ObjectNode message = JsonNodeFactory.instance.objectNode().put("uid", uid).put("nsp", namespace).put("type", type);
        message.set("data", data);
        return codec.msgpack(message);
    }
}
