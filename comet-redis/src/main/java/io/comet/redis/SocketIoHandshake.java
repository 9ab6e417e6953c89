package io.comet.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comet.Handshake;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link Handshake} in the shape of socket.io's {@code socket.handshake}, as {@code fetchSockets}
 * answers carry it: {@code headers} (Node.js's: one string per header, repeated ones joined with
 * {@code ", "}, {@code set-cookie} an array), {@code time} (a JavaScript date string), {@code address},
 * {@code xdomain} (whether an {@code Origin} was sent), {@code secure}, {@code issued} (epoch ms),
 * {@code url}, {@code query} and {@code auth}. Read back tolerantly: a Node.js node's answer may lack
 * fields or give arrays where Comet has strings.
 */
final class SocketIoHandshake {
    /** JavaScript's {@code new Date().toString()}, in UTC. */
    private static final DateTimeFormatter JS_DATE =
            DateTimeFormatter.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'xx '(Coordinated Universal Time)'", Locale.US)
                    .withZone(ZoneOffset.UTC);

    private SocketIoHandshake() {
    }

    static ObjectNode write(Handshake handshake, PacketCodec codec) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode headers = f.objectNode();
        handshake.headers().forEach((name, values) -> {
            if (name.equals("set-cookie")) {
                headers.set(name, PacketCodec.strings(values));
            } else {
                headers.put(name, String.join(", ", values));
            }
        });
        ObjectNode query = f.objectNode();
        handshake.query().forEach(query::put);
        ObjectNode out = f.objectNode();
        out.set("headers", headers);
        out.put("time", JS_DATE.format(Instant.ofEpochMilli(handshake.time())));
        out.put("address", handshake.address());
        out.put("xdomain", handshake.header("origin") != null);
        out.put("secure", handshake.secure());
        out.put("issued", handshake.time());
        out.put("url", handshake.url());
        out.set("query", query);
        out.set("auth", codec.tree(handshake.auth()));
        return out;
    }

    static Handshake read(JsonNode node, PacketCodec codec) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        node.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), texts(e.getValue())));
        Map<String, String> query = new LinkedHashMap<>();
        node.path("query").fields().forEachRemaining(e -> {
            List<String> values = texts(e.getValue());
            if (!values.isEmpty()) {
                query.put(e.getKey(), values.get(0));
            }
        });
        Map<String, Object> auth = new LinkedHashMap<>();
        node.path("auth").fields().forEachRemaining(e -> auth.put(e.getKey(), codec.plain(e.getValue())));
        return new Handshake(headers, query, auth, node.path("address").asText(""), node.path("url").asText(""),
                node.path("secure").asBoolean(false), node.path("issued").asLong(0));
    }

    /** A value that is a string, or an array of them, as a list. */
    private static List<String> texts(JsonNode value) {
        List<String> out = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> out.add(v.asText()));
        } else if (!value.isNull() && !value.isMissingNode()) {
            out.add(value.asText());
        }
        return out;
    }
}
