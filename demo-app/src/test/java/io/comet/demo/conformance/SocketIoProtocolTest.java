package io.comet.demo.conformance;

import io.comet.demo.ConformanceServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Socket.IO v5 protocol, case by case as the public socket.io-protocol test suite specifies it,
 * against the reference server's {@code /socket.io/} endpoint.
 */
@DisplayName("Socket.IO v5 protocol (reference server /socket.io/)")
class SocketIoProtocolTest {
    private static ConformanceServer server;
    private static String ws;

    @BeforeAll
    static void start() {
        server = new ConformanceServer(0).start();
        ws = "ws://localhost:" + server.port() + "/socket.io/?EIO=4&transport=websocket";
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    /** An Engine.IO WebSocket session whose open packet has been read. */
    private static RawWebSocket engine() throws Exception {
        RawWebSocket socket = RawWebSocket.open(ws);
        assertTrue(((String) socket.next()).startsWith("0{"));
        return socket;
    }

    /** A socket connected to the main namespace, with its "auth" event read. */
    private static RawWebSocket connected() throws Exception {
        RawWebSocket socket = engine();
        socket.send("40");
        assertTrue(socket.nextText().startsWith("40{"));
        assertEquals("42[\"auth\",{}]", socket.nextText());
        return socket;
    }

    private static void assertConnectReply(String reply, String prefix) {
        assertTrue(reply.startsWith(prefix + "{\"sid\":\""), reply);
        assertTrue(reply.endsWith("\"}") && reply.indexOf(',', prefix.length()) < 0, "only the sid: " + reply);
    }

    @Nested
    class Connect {
        @Test
        void toTheMainNamespace() throws Exception {
            try (RawWebSocket socket = engine()) {
                socket.send("40");
                assertConnectReply(socket.nextText(), "40");
                assertEquals("42[\"auth\",{}]", socket.nextText());
            }
        }

        @Test
        void toTheMainNamespaceWithAnAuthPayload() throws Exception {
            try (RawWebSocket socket = engine()) {
                socket.send("40{\"token\":\"123\"}");
                assertConnectReply(socket.nextText(), "40");
                assertEquals("42[\"auth\",{\"token\":\"123\"}]", socket.nextText());
            }
        }

        @Test
        void toACustomNamespace() throws Exception {
            try (RawWebSocket socket = engine()) {
                socket.send("40/custom,");
                assertConnectReply(socket.nextText(), "40/custom,");
                assertEquals("42/custom,[\"auth\",{}]", socket.nextText());
            }
        }

        @Test
        void toACustomNamespaceWithAnAuthPayload() throws Exception {
            try (RawWebSocket socket = engine()) {
                socket.send("40/custom,{\"token\":\"abc\"}");
                assertConnectReply(socket.nextText(), "40/custom,");
                assertEquals("42/custom,[\"auth\",{\"token\":\"abc\"}]", socket.nextText());
            }
        }

        @Test
        void toAnUnknownNamespaceIsRefused() throws Exception {
            try (RawWebSocket socket = engine()) {
                socket.send("40/random");
                assertEquals("44/random,{\"message\":\"Invalid namespace\"}", socket.nextText());
            }
        }

        @Test
        void anInvalidPacketClosesTheConnection() throws Exception {
            try (RawWebSocket socket = engine()) {
                socket.send("4abc");
                socket.awaitClose();
            }
        }

        @Test
        void aConnectionThatJoinsNoNamespaceIsClosedAfterConnectTimeout() throws Exception {
            try (RawWebSocket socket = engine()) {
                socket.awaitClose();
            }
        }
    }

    @Nested
    class Disconnect {
        @Test
        void fromTheMainNamespaceKeepsTheConnection() throws Exception {
            try (RawWebSocket socket = connected()) {
                socket.send("41");
                assertEquals("2", socket.next()); // the session lives on: the next frame is a ping
            }
        }

        @Test
        void fromACustomNamespaceLeavesTheMainOneWorking() throws Exception {
            try (RawWebSocket socket = connected()) {
                socket.send("40/custom");
                assertConnectReply(socket.nextText(), "40/custom,");
                assertEquals("42/custom,[\"auth\",{}]", socket.nextText());
                socket.send("41/custom");
                socket.send("42[\"message\",\"message to main namespace\"]");
                assertEquals("42[\"message-back\",\"message to main namespace\"]", socket.nextText());
            }
        }
    }

    @Nested
    class Messages {
        @Test
        void aPlainTextEventIsAnswered() throws Exception {
            try (RawWebSocket socket = connected()) {
                socket.send("42[\"message\",1,\"2\",{\"3\":[true]}]");
                assertEquals("42[\"message-back\",1,\"2\",{\"3\":[true]}]", socket.nextText());
            }
        }

        @Test
        void anEventWithBinaryAttachmentsIsAnsweredWithThem() throws Exception {
            try (RawWebSocket socket = connected()) {
                socket.send("452-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
                socket.send(new byte[]{1, 2, 3});
                socket.send(new byte[]{4, 5, 6});
                assertEquals("452-[\"message-back\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
                        socket.nextText());
                assertArrayEquals(new byte[]{1, 2, 3}, (byte[]) socket.next());
                assertArrayEquals(new byte[]{4, 5, 6}, (byte[]) socket.next());
            }
        }

        @Test
        void aPlainTextEventWithAnAckIsAcknowledged() throws Exception {
            try (RawWebSocket socket = connected()) {
                socket.send("42456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
                assertEquals("43456[1,\"2\",{\"3\":[false]}]", socket.nextText());
            }
        }

        @Test
        void aBinaryEventWithAnAckIsAcknowledgedWithBinary() throws Exception {
            try (RawWebSocket socket = connected()) {
                socket.send("452-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
                socket.send(new byte[]{1, 2, 3});
                socket.send(new byte[]{4, 5, 6});
                assertEquals("462-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", socket.nextText());
                assertArrayEquals(new byte[]{1, 2, 3}, (byte[]) socket.next());
                assertArrayEquals(new byte[]{4, 5, 6}, (byte[]) socket.next());
            }
        }
    }
}
