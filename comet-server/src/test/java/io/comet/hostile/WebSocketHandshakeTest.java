package io.comet.hostile;

import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 8, case 13: WebSocket opening handshakes that RFC 6455 does not allow, sent raw: each gets its
 * status and JSON reason before Undertow sees it (a bare 404, or a 101 for the drafts 7 and 8, before).
 */
@DisplayName("Malformed WebSocket handshakes")
class WebSocketHandshakeTest {
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String BAD_HANDSHAKE = "{\"code\":3,\"message\":\"Bad WebSocket handshake\"}";

    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    /** A handshake with the standard lines, less those named in {@code without}, plus {@code extra}. */
    private static RawHttp.Reply handshake(List<String> without, String... extra) {
        List<String> lines = new ArrayList<>(List.of("Connection: Upgrade", "Upgrade: websocket",
                "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: " + KEY));
        lines.removeIf(line -> without.contains(line.substring(0, line.indexOf(':'))));
        lines.addAll(List.of(extra));
        try (RawHttp http = RawHttp.connect(server)) {
            return http.send(RawHttp.head(server, "GET", "transport=websocket", lines.toArray(String[]::new))).reply();
        }
    }

    private static void assertJson(RawHttp.Reply reply, int status, String body) {
        assertEquals(status, reply.status(), reply.body());
        assertEquals("application/json", reply.header("Content-Type"));
        assertEquals(body, reply.body());
    }

    @Test
    @DisplayName("case 13: a handshake without Sec-WebSocket-Key gets 400 with the JSON reason")
    void missingKey() {
        assertJson(handshake(List.of("Sec-WebSocket-Key")), 400, BAD_HANDSHAKE);
    }

    @ParameterizedTest(name = "Sec-WebSocket-Key: {0}")
    @ValueSource(strings = {"abc", "dGhlIHNhbXBsZSBub25j", "dGhlIHNhbXBsZSBub25jZSEh", "!!!!!!!!!!!!!!!!!!!!!!==", "dGhlIHNhbXBsZSBub25jZQ"})
    @DisplayName("case 13: a Sec-WebSocket-Key that is not 16 bytes in base64 gets 400")
    void keyNotANonce(String key) {
        assertJson(handshake(List.of("Sec-WebSocket-Key"), "Sec-WebSocket-Key: " + key), 400, BAD_HANDSHAKE);
    }

    @Test
    @DisplayName("case 13: two Sec-WebSocket-Key headers get 400")
    void twoKeys() {
        assertJson(handshake(List.of(), "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA=="), 400, BAD_HANDSHAKE);
    }

    @Test
    @DisplayName("case 13: Connection must name the upgrade token: none gets 400, \"keep-alive, Upgrade\" gets 101")
    void connectionUpgrade() {
        assertJson(handshake(List.of("Connection")), 400, BAD_HANDSHAKE);
        assertJson(handshake(List.of("Connection"), "Connection: keep-alive"), 400, BAD_HANDSHAKE);

        RawHttp.Reply accepted = handshake(List.of("Connection"), "Connection: keep-alive, Upgrade");
        assertEquals(101, accepted.status());
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", accepted.header("Sec-WebSocket-Accept"));
    }

    @ParameterizedTest(name = "Sec-WebSocket-Version: {0}")
    @ValueSource(strings = {"8", "7", "12", "14", "13, 8", "x"})
    @DisplayName("case 13: another Sec-WebSocket-Version gets 426 with Sec-WebSocket-Version: 13")
    void wrongVersion(String version) {
        RawHttp.Reply reply = handshake(List.of("Sec-WebSocket-Version"), "Sec-WebSocket-Version: " + version);

        assertJson(reply, 426, "{\"code\":3,\"message\":\"Unsupported WebSocket version\"}");
        assertEquals("13", reply.header("Sec-WebSocket-Version"));
    }

    @Test
    @DisplayName("case 13: a handshake without Sec-WebSocket-Version gets 426 with Sec-WebSocket-Version: 13")
    void missingVersion() {
        RawHttp.Reply reply = handshake(List.of("Sec-WebSocket-Version"));

        assertJson(reply, 426, "{\"code\":3,\"message\":\"Unsupported WebSocket version\"}");
        assertEquals("13", reply.header("Sec-WebSocket-Version"));
    }
}
