package io.comet.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comet.BroadcastMessage;
import io.comet.RemoteSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The requests and responses between the nodes of one namespace, as socket.io's Redis adapter 8.x
 * writes them: requests on {@code <key>-request#<nsp>#}, responses on {@code <key>-response#<nsp>#}.
 * Each is a JSON object with a numeric {@code type}, a {@code requestId} when an answer is awaited, and
 * the sender's {@code uid} on requests; a broadcast with acknowledgements and each acknowledgement are
 * MessagePack (they carry the event's arguments, which may be binary). Comet's responses carry its
 * {@code uid} too, which socket.io ignores: that is how a Comet node knows which node answered.
 */
final class ClusterMessages {
    private static final Logger log = LoggerFactory.getLogger(ClusterMessages.class);

    static final int SOCKETS = 0;
    static final int ALL_ROOMS = 1;
    static final int REMOTE_JOIN = 2;
    static final int REMOTE_LEAVE = 3;
    static final int REMOTE_DISCONNECT = 4;
    static final int REMOTE_FETCH = 5;
    static final int SERVER_SIDE_EMIT = 6;
    static final int BROADCAST = 7;
    static final int BROADCAST_CLIENT_COUNT = 8;
    static final int BROADCAST_ACK = 9;

    private final PacketCodec codec;
    private final String uid;

    ClusterMessages(PacketCodec codec, String uid) {
        this.codec = codec;
        this.uid = uid;
    }

    // ---------------------------------------------------------------- requests

    byte[] fetch(String requestId, Set<String> rooms, Set<String> except) {
        ObjectNode request = request(REMOTE_FETCH, requestId);
        request.set("opts", codec.opts(rooms, except));
        return codec.json(request);
    }

    /** REMOTE_JOIN or REMOTE_LEAVE of the selected sockets: {@code {uid, type, opts, rooms}}; no answer. */
    byte[] roomChange(int type, Set<String> rooms, Set<String> except, Set<String> changed) {
        ObjectNode request = request(type, null);
        request.set("opts", codec.opts(rooms, except));
        request.set("rooms", PacketCodec.strings(changed));
        return codec.json(request);
    }

    byte[] disconnect(Set<String> rooms, Set<String> except, boolean close) {
        ObjectNode request = request(REMOTE_DISCONNECT, null);
        request.set("opts", codec.opts(rooms, except));
        request.put("close", close);
        return codec.json(request);
    }

    /** {@code {uid, type: 6, data: [event, ...args]}}, with a {@code requestId} when answers are awaited. */
    byte[] serverSideEmit(String requestId, String event, List<Object> args) {
        ObjectNode request = request(SERVER_SIDE_EMIT, requestId);
        request.set("data", codec.data(event, args));
        return codec.json(request);
    }

    /** {@code {uid, requestId, type: 7, packet, opts: {rooms, except, flags: {timeout}}}}, in MessagePack. */
    byte[] broadcastWithAck(String requestId, String namespace, BroadcastMessage message, Duration timeout) {
        ObjectNode request = request(BROADCAST, requestId);
        request.set("packet", codec.packet(namespace, message.event(), message.args()));
        ObjectNode opts = codec.opts(message.rooms(), message.except());
        opts.putObject("flags").put("timeout", timeout.toMillis());
        request.set("opts", opts);
        return codec.msgpack(request);
    }

    private ObjectNode request(int type, String requestId) {
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("uid", uid);
        if (requestId != null) {
            request.put("requestId", requestId);
        }
        return request.put("type", type);
    }

    // ---------------------------------------------------------------- responses

    /** The answer to REMOTE_FETCH: {@code {requestId, sockets: [{id, handshake, rooms, data}]}}. */
    byte[] sockets(String requestId, List<RemoteSocket> sockets) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (RemoteSocket s : sockets) {
            array.add(socket(s));
        }
        return codec.json(response(-1, requestId).set("sockets", array));
    }

    /** A socket as socket.io's fetch answers carry it: {@code {id, handshake, rooms, data}}. */
    ObjectNode socket(RemoteSocket s) {
        ObjectNode socket = JsonNodeFactory.instance.objectNode().put("id", s.id());
        socket.set("handshake", SocketIoHandshake.write(s.handshake(), codec));
        socket.set("rooms", PacketCodec.strings(s.rooms()));
        socket.set("data", data(s));
        return socket;
    }

    /** The answer to SOCKETS: {@code {requestId, sockets: [ids]}}. */
    byte[] socketIds(String requestId, Collection<String> ids) {
        return codec.json(response(-1, requestId).set("sockets", PacketCodec.strings(ids)));
    }

    /** The answer to ALL_ROOMS: {@code {requestId, rooms: [...]}}. */
    byte[] rooms(String requestId, Collection<String> rooms) {
        return codec.json(response(-1, requestId).set("rooms", PacketCodec.strings(rooms)));
    }

    /** A node's answer to a server-side emit: {@code {type: 6, requestId, data}}, one value. */
    byte[] serverSideAnswer(String requestId, Object answer) {
        return codec.json(response(SERVER_SIDE_EMIT, requestId).set("data", codec.tree(answer)));
    }

    /** How many local clients a broadcast with acknowledgements reached: {@code {type: 8, requestId, clientCount}}. */
    byte[] clientCount(String requestId, int clients) {
        return codec.json(response(BROADCAST_CLIENT_COUNT, requestId).put("clientCount", clients));
    }

    /** One client's acknowledgement: {@code {type: 9, requestId, packet}}, in MessagePack. */
    byte[] clientAnswer(String requestId, Object answer) {
        return codec.msgpack(response(BROADCAST_ACK, requestId).set("packet", codec.tree(answer)));
    }

    private ObjectNode response(int type, String requestId) {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        if (type >= 0) {
            response.put("type", type);
        }
        return response.put("requestId", requestId).put("uid", uid);
    }

    /** A socket's data as JSON; one that the mapper cannot write is sent empty, with a warning. */
    private JsonNode data(RemoteSocket socket) {
        try {
            return codec.tree(socket.data());
        } catch (IllegalArgumentException e) {
            log.warn("the data of socket {} cannot be written as JSON; fetchSockets gets it empty", socket.id(), e);
            return JsonNodeFactory.instance.objectNode();
        }
    }

    // ---------------------------------------------------------------- reading

    /** A socket of another node's REMOTE_FETCH answer; missing parts read as empty. */
    RemoteSocket socket(JsonNode node) {
        Map<String, Object> data = new LinkedHashMap<>();
        node.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), codec.plain(e.getValue())));
        return new RemoteSocket(node.path("id").asText(), SocketIoHandshake.read(node.path("handshake"), codec),
                Set.copyOf(PacketCodec.strings(node.path("rooms"))), Collections.unmodifiableMap(data), false);
    }
}
