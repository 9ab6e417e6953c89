package io.comet.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comet.BroadcastMessage;
import org.msgpack.jackson.dataformat.MessagePackFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The broadcast message of socket.io's Redis adapter (8.x) and emitter (5.x), in MessagePack: the
 * array {@code [uid, packet, opts]}, where {@code packet} is a Socket.IO packet object
 * ({@code {type: 2, data: [event, ...args], nsp}}) and {@code opts} the selection
 * ({@code {rooms: [...], except: [...], flags: {...}}}). Binary arguments travel as MessagePack bin.
 * Pure: no IO.
 */
final class PacketCodec {
    /** Socket.IO packet types a broadcast may carry: EVENT and BINARY_EVENT. */
    private static final int EVENT = 2;
    private static final int BINARY_EVENT = 5;

    private final ObjectMapper msgpack = new ObjectMapper(new MessagePackFactory());
    private final ObjectMapper application;

    /** @param application the mapper that turns the application's arguments into JSON values */
    PacketCodec(ObjectMapper application) {
        this.application = application;
    }

    /** A broadcast decoded from another node. */
    record Decoded(String uid, String namespace, String event, List<Object> args, Set<String> rooms, Set<String> except) {
    }

    byte[] encode(String uid, String namespace, BroadcastMessage message) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ArrayNode data = f.arrayNode().add(message.event());
        for (Object arg : message.args()) {
            data.add(arg instanceof byte[] bytes ? f.binaryNode(bytes) : application.valueToTree(arg));
        }
        ObjectNode packet = f.objectNode().put("type", EVENT).put("nsp", namespace);
        packet.set("data", data);
        ObjectNode opts = f.objectNode();
        opts.set("rooms", strings(message.rooms()));
        opts.set("except", strings(message.except()));
        opts.set("flags", f.objectNode());
        ArrayNode all = f.arrayNode().add(uid).add(packet).add(opts);
        try {
            return msgpack.writeValueAsBytes(all);
        } catch (IOException e) {
            throw new IllegalArgumentException("arguments that MessagePack cannot carry", e);
        }
    }

    /** The broadcast, or {@code null} when the bytes are not one (another message type, or malformed). */
    Decoded decode(byte[] bytes) {
        JsonNode all;
        try {
            all = msgpack.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
        if (all == null || !all.isArray() || all.size() < 3) {
            return null;
        }
        JsonNode packet = all.get(1);
        JsonNode opts = all.get(2);
        int type = packet.path("type").asInt(-1);
        JsonNode data = packet.path("data");
        if (type != EVENT && type != BINARY_EVENT || !data.isArray() || data.isEmpty() || !data.get(0).isTextual()
                || packet.has("id")) {
            return null;
        }
        List<Object> args = new ArrayList<>(data.size() - 1);
        for (int i = 1; i < data.size(); i++) {
            args.add(plain(data.get(i)));
        }
        String namespace = packet.path("nsp").isTextual() ? packet.get("nsp").textValue() : "/";
        return new Decoded(all.get(0).asText(), namespace, data.get(0).textValue(), args,
                stringSet(opts.path("rooms")), stringSet(opts.path("except")));
    }

    /** A JSON value as plain Java, with MessagePack bin as {@code byte[]} (which Comet sends as binary). */
    private Object plain(JsonNode node) {
        return node.isBinary() ? binary(node) : msgpack.convertValue(node, Object.class);
    }

    private static byte[] binary(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static ArrayNode strings(Set<String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array;
    }

    /** Rooms as strings: socket.io rooms may be numbers, which reach here as MessagePack integers. */
    private static Set<String> stringSet(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        if (array.isArray()) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
