package io.comet.interop;

import io.comet.Handshake;
import io.comet.test.JavaClient;
import io.comet.test.JavaClient.Transports;
import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The handshake the server sees of a Java socket.io-client")
class JavaClientHandshakeTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    private static Handshake handshakeOf(JavaClient client) {
        return server.sockets().socket(client.id()).orElseThrow().handshake();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transports.class, names = {"WEBSOCKET", "POLLING"})
    @DisplayName("carries the auth payload, the query, the headers and the address of the first request")
    void handshake(Transports transports) {
        long before = System.currentTimeMillis();
        try (JavaClient client = JavaClient.to(server).transports(transports)
                .auth(Map.of("token", "abc"))
                .query("room=lobby&user=ann")
                .headers(Map.of("X-Test", List.of("yes")))
                .connect()) {
            Handshake handshake = handshakeOf(client);

            assertEquals(Map.of("token", "abc"), handshake.auth());
            assertEquals("lobby", handshake.query().get("room"));
            assertEquals("ann", handshake.query().get("user"));
            assertEquals("4", handshake.query().get("EIO"));
            assertEquals(transports == Transports.POLLING ? "polling" : "websocket", handshake.query().get("transport"));
            assertEquals("yes", handshake.header("X-Test"));
            assertEquals("yes", handshake.header("x-test"));
            assertEquals("127.0.0.1", handshake.address());
            assertTrue(handshake.url().startsWith(server.path() + "?"), handshake.url());
            assertTrue(handshake.url().contains("room=lobby"), handshake.url());
            assertFalse(handshake.secure());
            assertTrue(handshake.time() >= before && handshake.time() <= System.currentTimeMillis());
        }
    }

    @Test
    @DisplayName("without auth payload the auth map is empty")
    void noAuth() {
        try (JavaClient client = JavaClient.connect(server, Transports.WEBSOCKET)) {
            assertEquals(Map.of(), handshakeOf(client).auth());
        }
    }
}
