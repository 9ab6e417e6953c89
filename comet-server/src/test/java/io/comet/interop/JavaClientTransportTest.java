package io.comet.interop;

import io.comet.test.EventLog;
import io.comet.test.InteropApp;
import io.comet.test.JavaClient;
import io.comet.test.JavaClient.Transports;
import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The Java socket.io-client connects and exchanges events")
class JavaClientTransportTest {
    private static final byte[] BYTES = {0, 1, (byte) 0xfe, (byte) 0xff};

    @RegisterExtension
    static final TestServer server = TestServer.withDefaults().serving(InteropApp::install);

    /** A connected client; with the default transports, also upgraded, so that each case runs on what it names. */
    private static JavaClient connect(Transports transports) {
        JavaClient client = JavaClient.connect(server, transports);
        if (transports == Transports.POLLING_THEN_WEBSOCKET) {
            try {
                client.awaitUpgrade();
            } catch (AssertionError e) {
                client.close();
                throw e;
            }
        }
        return client;
    }

    private static String expectedTransport(Transports transports) {
        return transports == Transports.POLLING ? "polling" : "websocket";
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transports.class)
    @DisplayName("connects and is served by the expected transport (polling is upgraded by default)")
    void connects(Transports transports) {
        try (JavaClient client = connect(transports)) {
            assertEquals(List.of(expectedTransport(transports)), client.ask("transport"));
            assertTrue(server.sockets().socket(client.id()).isPresent(), "the server knows the socket " + client.id());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transports.class)
    @DisplayName("an event with string, numbers, boolean, null, JSON object and binary comes back intact")
    void echo(Transports transports) {
        try (JavaClient client = connect(transports)) {
            client.emit("echo", "text", 42, 3.5, true, org.json.JSONObject.NULL,
                    JavaClient.json("{\"a\":{\"b\":[1,2]},\"s\":\"ü\"}"), BYTES);

            EventLog.Event echo = client.next("echo");

            assertEquals("text", echo.arg(0));
            assertEquals(42, echo.arg(1));
            assertEquals(3.5, echo.arg(2));
            assertEquals(true, echo.arg(3));
            assertEquals(null, echo.arg(4));
            assertEquals(Map.of("a", Map.of("b", List.of(1, 2)), "s", "ü"), echo.arg(5));
            assertArrayEquals(BYTES, (byte[]) echo.arg(6));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transports.class)
    @DisplayName("binary nested in an object travels both ways")
    void nestedBinary(Transports transports) {
        try (JavaClient client = connect(transports)) {
            org.json.JSONObject file = JavaClient.json("{\"name\":\"f.bin\"}");
            try {
                file.put("content", BYTES);
            } catch (org.json.JSONException e) {
                throw new IllegalStateException(e);
            }
            client.emit("echo", file);

            @SuppressWarnings("unchecked")
            Map<String, Object> echoed = (Map<String, Object>) client.next("echo").arg(0);

            assertEquals("f.bin", echoed.get("name"));
            assertArrayEquals(BYTES, (byte[]) echoed.get("content"));
        }
    }
}
