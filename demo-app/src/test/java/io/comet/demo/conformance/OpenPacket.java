package io.comet.demo.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks an Engine.IO open packet against the reference server's settings. */
final class OpenPacket {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenPacket() {
    }

    static void assertOpen(String json, String upgrades) throws Exception {
        JsonNode open = JSON.readTree(json);
        List<String> keys = new ArrayList<>();
        open.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"), keys);
        assertTrue(open.get("sid").isTextual());
        assertEquals(upgrades, open.get("upgrades").toString());
        assertEquals(300, open.get("pingInterval").intValue());
        assertEquals(200, open.get("pingTimeout").intValue());
        assertEquals(1_000_000, open.get("maxPayload").intValue());
    }
}
