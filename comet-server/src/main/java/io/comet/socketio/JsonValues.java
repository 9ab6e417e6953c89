package io.comet.socketio;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns decoded JSON into the plain Java values handlers receive, putting binary attachments back in place. */
final class JsonValues {
    private JsonValues() {
    }

    static Object toJava(JsonNode node, List<byte[]> buffers) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (JsonNode n : node) {
                list.add(toJava(n, buffers));
            }
            return list;
        }
        if (!buffers.isEmpty() && node.path("_placeholder").asBoolean(false) && node.path("num").isInt()) {
            int num = node.get("num").intValue();
            if (num >= 0 && num < buffers.size()) {
                return buffers.get(num);
            }
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), toJava(e.getValue(), buffers));
        }
        return map;
    }

    /** The elements of a JSON array from {@code from} on, as Java values. */
    static List<Object> args(JsonNode array, int from, List<byte[]> buffers) {
        List<Object> args = new ArrayList<>(Math.max(0, array.size() - from));
        for (int i = from; i < array.size(); i++) {
            args.add(toJava(array.get(i), buffers));
        }
        return args;
    }
}
