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
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The values of socket.io's Redis adapter (8.x) and emitter (5.x) messages. A broadcast is the
 * MessagePack array {@code [uid, packet, opts]}, where {@code packet} is a Socket.IO packet object
 * ({@code {type: 2, data: [event, ...args], nsp}}) and {@code opts} the selection
 * ({@code {rooms: [...], except: [...], flags: {...}}}); binary arguments travel as MessagePack bin.
 * Requests and responses between nodes are JSON objects, except two that are MessagePack (a broadcast
 * with acknowledgements, and each acknowledgement): a reader tells them apart by the first byte,
 * {@code {}} for JSON, as socket.io does. Pure: no IO.
 */
final class PacketCodec {
    /** Socket.IO packet types a broadcast may carry: EVENT and BINARY_EVENT. */
    private static final int EVENT = 2;
    private static final int BINARY_EVENT = 5;

    private final ObjectMapper msgpack = new ObjectMapper(new MessagePackFactory());
    private final ObjectMapper json = new ObjectMapper();
    private final ObjectMapper application;

    /** @param application the mapper that turns the application's arguments into JSON values */
    PacketCodec(ObjectMapper application) {
        this.application = application;
    }

    /** A broadcast decoded from another node. */
    record Decoded(String uid, String namespace, String event, List<Object> args, Set<String> rooms, Set<String> except) {
    }

    /** An event, from the {@code data} of a packet or of a server-side emit: {@code [event, ...args]}. */
    record Event(String name, List<Object> args) {
    }

    byte[] encode(String uid, String namespace, BroadcastMessage message) {
        ArrayNode all = JsonNodeFactory.instance.arrayNode().add(uid);
        all.add(packet(namespace, message.event(), message.args()));
        all.add(opts(message.rooms(), message.except()).set("flags", JsonNodeFactory.instance.objectNode()));
        return msgpack(all);
    }

    /** The broadcast, or {@code null} when the bytes are not one (another message type, or malformed). */
    Decoded decode(byte[] bytes) {
        JsonNode all = read(bytes);
        if (all == null || !all.isArray() || all.size() < 3 || all.get(1).has("id")) {
            return null;
        }
        Event event = packetEvent(all.get(1));
        if (event == null) {
            return null;
        }
        JsonNode packet = all.get(1);
        JsonNode opts = all.get(2);
        String namespace = packet.path("nsp").isTextual() ? packet.get("nsp").textValue() : "/";
        return new Decoded(all.get(0).asText(), namespace, event.name(), event.args(),
                strings(opts.path("rooms")), strings(opts.path("except")));
    }

    /** A Socket.IO EVENT packet object, {@code {type: 2, data: [event, ...args], nsp}}. */
    ObjectNode packet(String namespace, String event, List<Object> args) {
        ObjectNode packet = JsonNodeFactory.instance.objectNode().put("type", EVENT).put("nsp", namespace);
        packet.set("data", data(event, args));
        return packet;
    }

    /** {@code [event, ...args]}, the arguments as JSON values and {@code byte[]} as bin. */
    ArrayNode data(String event, List<Object> args) {
        ArrayNode data = JsonNodeFactory.instance.arrayNode().add(event);
        args.forEach(arg -> data.add(tree(arg)));
        return data;
    }

    /** The event of a packet object (EVENT or BINARY_EVENT), or {@code null} when it is none. */
    Event packetEvent(JsonNode packet) {
        int type = packet.path("type").asInt(-1);
        return type == EVENT || type == BINARY_EVENT ? event(packet.path("data")) : null;
    }

    /** The event of a {@code [event, ...args]} array; {@code null} when it is not one. */
    Event event(JsonNode data) {
        if (!data.isArray() || data.isEmpty() || !data.get(0).isTextual()) {
            return null;
        }
        List<Object> args = new ArrayList<>(data.size() - 1);
        for (int i = 1; i < data.size(); i++) {
            args.add(plain(data.get(i)));
        }
        return new Event(data.get(0).textValue(), args);
    }

    /** {@code {rooms: [...], except: [...]}}. */
    ObjectNode opts(Set<String> rooms, Set<String> except) {
        ObjectNode opts = JsonNodeFactory.instance.objectNode();
        opts.set("rooms", strings(rooms));
        opts.set("except", strings(except));
        return opts;
    }

    /** An application value as JSON, {@code byte[]} as bin. */
    JsonNode tree(Object value) {
        return value instanceof byte[] bytes ? JsonNodeFactory.instance.binaryNode(bytes) : application.valueToTree(value);
    }

    /** A JSON value as plain Java, with MessagePack bin as {@code byte[]} (which Comet sends as binary). */
    Object plain(JsonNode node) {
        return node.isBinary() ? binary(node) : msgpack.convertValue(node, Object.class);
    }

    /** A message of another node, JSON when it starts with {@code {}, else MessagePack; {@code null} when malformed. */
    JsonNode read(byte[] bytes) {
        try {
            return bytes.length > 0 && bytes[0] == '{' ? json.readTree(bytes) : msgpack.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    byte[] json(JsonNode message) {
        try {
            return json.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new IllegalArgumentException("a message JSON cannot carry", e);
        }
    }

    byte[] msgpack(JsonNode message) {
        try {
            return msgpack.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new IllegalArgumentException("arguments that MessagePack cannot carry", e);
        }
    }

    static ArrayNode strings(Collection<String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array;
    }

    /** Rooms as strings: socket.io rooms may be numbers, which reach here as MessagePack integers. */
    static Set<String> strings(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        if (array.isArray()) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static byte[] binary(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
