package io.comet.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comet.BroadcastMessage;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The entries of the cluster's log in the format of socket.io's streams adapter
 * ({@code @socket.io/redis-streams-adapter}): fields {@code uid}, {@code nsp}, {@code type} (the
 * cluster message type, {@code "3"} for a broadcast) and {@code data}, the JSON text
 * {@code {"packet":{type, data, nsp},"opts":{rooms, except, flags}}}, or, when an argument is binary,
 * the same object in MessagePack, base64-encoded (a reader tells them apart by the leading
 * {@code {}). Room changes and disconnections travel in the log too, as socket.io's streams adapter
 * sends them ({@code "4"} sockets join, {@code "5"} sockets leave, {@code "6"} disconnect sockets), so
 * that every node applies them in order with the broadcasts. A broadcast made by the handler of a
 * numbered client emit also has the field {@code cause} ({@link io.comet.BroadcastMessage#cause()}).
 * Pure: no IO.
 */
final class StreamEntries {
    /** socket.io-adapter's {@code MessageType.BROADCAST}. */
    static final String BROADCAST = "3";
    static final String SOCKETS_JOIN = "4";
    static final String SOCKETS_LEAVE = "5";
    static final String DISCONNECT_SOCKETS = "6";
    /** The field that names the client emit whose handler made a broadcast: {@code "<pid> <number>"}. */
    static final String CAUSE = "cause";

    /** A room change or a disconnection read from the log: the selection, and what to do to it. */
    record Operation(String type, String uid, Set<String> rooms, Set<String> except, Set<String> changed, boolean close) {
    }

    private final PacketCodec codec;

    StreamEntries(PacketCodec codec) {
        this.codec = codec;
    }

    Map<String, byte[]> broadcast(String uid, String namespace, BroadcastMessage message) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.set("packet", codec.packet(namespace, message.event(), message.args()));
        data.set("opts", opts(message.rooms(), message.except()));
        Map<String, byte[]> fields = entry(uid, namespace, BROADCAST, data);
        if (message.cause() != null) {
            fields.put(CAUSE, bytes(message.cause())); // a Comet addition; socket.io's nodes read the four others
        }
        return fields;
    }

    /** {@code socketsJoin} ({@link #SOCKETS_JOIN}) or {@code socketsLeave} ({@link #SOCKETS_LEAVE}) of {@code changed}. */
    Map<String, byte[]> roomChange(String uid, String namespace, String type, Set<String> rooms, Set<String> except, Set<String> changed) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.set("opts", opts(rooms, except));
        data.set("rooms", PacketCodec.strings(changed));
        return entry(uid, namespace, type, data);
    }

    Map<String, byte[]> disconnect(String uid, String namespace, Set<String> rooms, Set<String> except, boolean close) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.set("opts", opts(rooms, except));
        data.put("close", close);
        return entry(uid, namespace, DISCONNECT_SOCKETS, data);
    }

    /** A room change or a disconnection, or {@code null} for any other entry (or a malformed one). */
    Operation operation(Map<String, byte[]> fields) {
        byte[] type = fields.get("type");
        byte[] raw = fields.get("data");
        String t = type == null ? "" : text(type);
        if (raw == null || !(t.equals(SOCKETS_JOIN) || t.equals(SOCKETS_LEAVE) || t.equals(DISCONNECT_SOCKETS))) {
            return null;
        }
        JsonNode data = read(raw);
        if (data == null || !data.isObject()) {
            return null;
        }
        JsonNode opts = data.path("opts");
        return new Operation(t, text(fields.getOrDefault("uid", new byte[0])), PacketCodec.strings(opts.path("rooms")),
                PacketCodec.strings(opts.path("except")), PacketCodec.strings(data.path("rooms")), data.path("close").asBoolean(false));
    }

    private ObjectNode opts(Set<String> rooms, Set<String> except) {
        return codec.opts(rooms, except).set("flags", JsonNodeFactory.instance.objectNode());
    }

    private Map<String, byte[]> entry(String uid, String namespace, String type, ObjectNode data) {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        fields.put("uid", bytes(uid));
        fields.put("nsp", bytes(namespace));
        fields.put("type", bytes(type));
        fields.put("data", hasBinary(data) ? bytes(Base64.getEncoder().encodeToString(codec.msgpack(data))) : codec.json(data));
        return fields;
    }

    /** A broadcast entry without acknowledgements, or {@code null} for any other entry (or a malformed one). */
    PacketCodec.Decoded decode(Map<String, byte[]> fields) {
        byte[] type = fields.get("type");
        byte[] raw = fields.get("data");
        if (type == null || raw == null || !BROADCAST.equals(text(type))) {
            return null;
        }
        JsonNode data = read(raw);
        if (data == null || !data.isObject() || data.has("requestId")) {
            return null;
        }
        PacketCodec.Event event = codec.packetEvent(data.path("packet"));
        if (event == null) {
            return null;
        }
        JsonNode opts = data.path("opts");
        return new PacketCodec.Decoded(text(fields.getOrDefault("uid", new byte[0])), text(fields.getOrDefault("nsp", bytes("/"))),
                event.name(), event.args(), PacketCodec.strings(opts.path("rooms")), PacketCodec.strings(opts.path("except")));
    }

    /** Whether a socket in {@code socketRooms} is among a broadcast's recipients, as socket.io's streams adapter decides when it restores a session. */
    static boolean reaches(PacketCodec.Decoded broadcast, Set<String> socketRooms) {
        boolean included = broadcast.rooms().isEmpty() || broadcast.rooms().stream().anyMatch(socketRooms::contains);
        return included && broadcast.except().stream().noneMatch(socketRooms::contains);
    }

    private JsonNode read(byte[] raw) {
        if (raw.length > 0 && raw[0] == '{') {
            return codec.read(raw);
        }
        try {
            return codec.read(Base64.getDecoder().decode(raw));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean hasBinary(JsonNode node) {
        if (node.isBinary()) {
            return true;
        }
        for (JsonNode child : node) {
            if (hasBinary(child)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
