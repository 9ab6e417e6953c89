package io.comet.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Socket.IO codec")
class SocketCodecTest {
    private static final byte[] FIRST = {1, 2, 3};
    private static final byte[] SECOND = {(byte) 0xff};

    private final SocketCodec codec = new SocketCodec(new ObjectMapper(), 64);

    private SocketPacket decode(String wire) throws ProtocolException {
        return codec.decode(wire);
    }

    private static Object[] args(Object... args) {
        return args;
    }

    @Nested
    @DisplayName("encodes")
    class Encoding {
        @Test
        @DisplayName("an EVENT of the main namespace as 2 and the JSON array [name, ...args]")
        void event() {
            SocketCodec.Encoded e = codec.encodeEvent("/", "chat", args("hi", 1, true, null), -1);

            assertEquals("2[\"chat\",\"hi\",1,true,null]", e.text());
            assertTrue(e.attachments().isEmpty());
            assertEquals(List.of("42[\"chat\",\"hi\",1,true,null]"), e.packets().stream().map(EnginePacket::encoded).toList());
        }

        @Test
        @DisplayName("the namespace, then a comma, then the ack id")
        void namespaceAndAckId() {
            assertEquals("2/admin,[\"chat\"]", codec.encodeEvent("/admin", "chat", args(), -1).text());
            assertEquals("212[\"chat\"]", codec.encodeEvent("/", "chat", args(), 12).text());
            assertEquals("2/admin,12[\"chat\"]", codec.encodeEvent("/admin", "chat", args(), 12).text());
        }

        @Test
        @DisplayName("JSON objects and lists as they are")
        void nestedJson() {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("user", "ann");
            object.put("tags", List.of("a", "b"));

            assertEquals("2[\"profile\",{\"user\":\"ann\",\"tags\":[\"a\",\"b\"]}]",
                    codec.encodeEvent("/", "profile", args(object), -1).text());
        }

        @Test
        @DisplayName("an ACK as 3, the ack id and the arguments")
        void ack() {
            assertEquals("37[\"ok\",2]", codec.encodeAck("/", args("ok", 2), 7).text());
            assertEquals("3/admin,7[]", codec.encodeAck("/admin", args(), 7).text());
        }

        @Test
        @DisplayName("a BINARY_EVENT with placeholders, in depth-first order, and the buffers as attachments")
        void binaryEvent() {
            SocketCodec.Encoded e = codec.encodeEvent("/", "upload", args("name", FIRST, Map.of("file", SECOND)), -1);

            assertEquals("52-[\"upload\",\"name\",{\"_placeholder\":true,\"num\":0},{\"file\":{\"_placeholder\":true,\"num\":1}}]",
                    e.text());
            assertEquals(2, e.attachments().size());
            assertArrayEquals(FIRST, e.attachments().get(0));
            assertArrayEquals(SECOND, e.attachments().get(1));
            List<EnginePacket> packets = e.packets();
            assertEquals(3, packets.size());
            assertEquals("4" + e.text(), packets.get(0).encoded());
            assertArrayEquals(FIRST, packets.get(1).binary());
            assertArrayEquals(SECOND, packets.get(2).binary());
        }

        @Test
        @DisplayName("binary inside lists and object arrays too")
        void binaryInsideContainers() {
            SocketCodec.Encoded e = codec.encodeEvent("/", "x", args(List.of(FIRST), new Object[]{SECOND}), -1);

            assertEquals("52-[\"x\",[{\"_placeholder\":true,\"num\":0}],[{\"_placeholder\":true,\"num\":1}]]", e.text());
        }

        @Test
        @DisplayName("a BINARY_ACK with attachment count, namespace and ack id")
        void binaryAck() {
            SocketCodec.Encoded e = codec.encodeAck("/admin", args(FIRST), 4);

            assertEquals("61-/admin,4[{\"_placeholder\":true,\"num\":0}]", e.text());
            assertArrayEquals(FIRST, e.attachments().get(0));
        }

        @Test
        @DisplayName("a CONNECT reply with the socket id")
        void connect() {
            assertEquals("0{\"sid\":\"abc\"}", codec.encodeConnect("/", "abc"));
            assertEquals("0/admin,{\"sid\":\"abc\"}", codec.encodeConnect("/admin", "abc"));
        }

        @Test
        @DisplayName("a CONNECT_ERROR with its message and optional data")
        void connectError() {
            assertEquals("4{\"message\":\"Invalid namespace\"}", codec.encodeConnectError("/", "Invalid namespace", null));
            assertEquals("4/admin,{\"message\":\"no\",\"data\":{\"code\":401}}",
                    codec.encodeConnectError("/admin", "no", Map.of("code", 401)));
        }

        @Test
        @DisplayName("a DISCONNECT that decodes back to its namespace")
        void disconnect() throws ProtocolException {
            assertEquals("1", codec.encodeDisconnect("/"));
            SocketPacket decoded = decode(codec.encodeDisconnect("/admin"));
            assertEquals(SocketPacketType.DISCONNECT, decoded.type());
            assertEquals("/admin", decoded.namespace());
        }

        @Test
        @DisplayName("refuses an argument Jackson cannot serialise")
        void unserialisableArgument() {
            assertThrows(IllegalArgumentException.class, () -> codec.encodeEvent("/", "x", args(new Object()), -1));
        }
    }

    @Nested
    @DisplayName("decodes")
    class Decoding {
        @Test
        @DisplayName("CONNECT, with and without namespace and auth payload")
        void connect() throws ProtocolException {
            assertPacket(decode("0"), SocketPacketType.CONNECT, "/", -1, null);
            assertPacket(decode("0/admin,"), SocketPacketType.CONNECT, "/admin", -1, null);
            assertPacket(decode("0/admin"), SocketPacketType.CONNECT, "/admin", -1, null);
            assertPacket(decode("0{\"token\":\"t\"}"), SocketPacketType.CONNECT, "/", -1, "{\"token\":\"t\"}");
            assertPacket(decode("0/admin,{\"token\":\"t\"}"), SocketPacketType.CONNECT, "/admin", -1, "{\"token\":\"t\"}");
        }

        @Test
        @DisplayName("DISCONNECT")
        void disconnect() throws ProtocolException {
            assertPacket(decode("1"), SocketPacketType.DISCONNECT, "/", -1, null);
            assertPacket(decode("1/admin,"), SocketPacketType.DISCONNECT, "/admin", -1, null);
        }

        @Test
        @DisplayName("EVENT, with namespace and ack id")
        void event() throws ProtocolException {
            assertPacket(decode("2[\"chat\",\"hi\"]"), SocketPacketType.EVENT, "/", -1, "[\"chat\",\"hi\"]");
            assertPacket(decode("25[\"chat\"]"), SocketPacketType.EVENT, "/", 5, "[\"chat\"]");
            assertPacket(decode("2/admin,[\"chat\"]"), SocketPacketType.EVENT, "/admin", -1, "[\"chat\"]");
            assertPacket(decode("2/admin,5[\"chat\",{\"a\":[1]}]"), SocketPacketType.EVENT, "/admin", 5, "[\"chat\",{\"a\":[1]}]");
        }

        @Test
        @DisplayName("a large ack id")
        void largeAckId() throws ProtocolException {
            assertEquals(9_007_199_254_740_991L, decode("39007199254740991[]").ackId());
        }

        @Test
        @DisplayName("ACK, with empty arguments allowed")
        void ack() throws ProtocolException {
            assertPacket(decode("35[\"ok\"]"), SocketPacketType.ACK, "/", 5, "[\"ok\"]");
            assertPacket(decode("3/admin,0[]"), SocketPacketType.ACK, "/admin", 0, "[]");
        }

        @Test
        @DisplayName("BINARY_EVENT: incomplete until every announced attachment arrived")
        void binaryEvent() throws ProtocolException {
            SocketPacket packet = decode("52-/admin,3[\"up\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");

            assertPacket(packet, SocketPacketType.BINARY_EVENT, "/admin", 3,
                    "[\"up\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
            assertEquals(2, packet.attachments());
            assertFalse(packet.isComplete());
            packet.addAttachment(FIRST);
            assertFalse(packet.isComplete());
            packet.addAttachment(SECOND);
            assertTrue(packet.isComplete());
            assertArrayEquals(FIRST, packet.buffers().get(0));
            assertArrayEquals(SECOND, packet.buffers().get(1));
        }

        @Test
        @DisplayName("BINARY_ACK")
        void binaryAck() throws ProtocolException {
            SocketPacket packet = decode("61-4[{\"_placeholder\":true,\"num\":0}]");

            assertPacket(packet, SocketPacketType.BINARY_ACK, "/", 4, "[{\"_placeholder\":true,\"num\":0}]");
            assertEquals(1, packet.attachments());
        }

        @Test
        @DisplayName("a text packet is complete at once")
        void textPacketIsComplete() throws ProtocolException {
            SocketPacket packet = decode("2[\"a\"]");

            assertEquals(0, packet.attachments());
            assertTrue(packet.isComplete());
            assertFalse(packet.hasAck());
        }

        @Test
        @DisplayName("what it encodes, for every packet type a client may send")
        void decodesWhatItEncodes() throws ProtocolException {
            SocketCodec.Encoded event = codec.encodeEvent("/admin", "chat", args("hi", Map.of("n", 1)), 3);
            assertPacket(decode(event.text()), SocketPacketType.EVENT, "/admin", 3, "[\"chat\",\"hi\",{\"n\":1}]");

            SocketCodec.Encoded ack = codec.encodeAck("/", args("ok"), 9);
            assertPacket(decode(ack.text()), SocketPacketType.ACK, "/", 9, "[\"ok\"]");

            SocketCodec.Encoded binary = codec.encodeEvent("/", "up", args(FIRST), -1);
            SocketPacket decoded = decode(binary.text());
            assertEquals(SocketPacketType.BINARY_EVENT, decoded.type());
            assertEquals(1, decoded.attachments());

            SocketCodec.Encoded binaryAck = codec.encodeAck("/x", args(FIRST, SECOND), 1);
            SocketPacket decodedAck = decode(binaryAck.text());
            assertEquals(SocketPacketType.BINARY_ACK, decodedAck.type());
            assertEquals(2, decodedAck.attachments());
            assertEquals("/x", decodedAck.namespace());
        }

        @Test
        @DisplayName("a namespace of 256 characters")
        void longestNamespace() throws ProtocolException {
            String namespace = "/" + "n".repeat(255);

            assertEquals(namespace, decode("2" + namespace + ",[\"a\"]").namespace());
        }

        private static void assertPacket(SocketPacket p, SocketPacketType type, String namespace, long ackId, String json) {
            assertAll(
                    () -> assertEquals(type, p.type(), "type"),
                    () -> assertEquals(namespace, p.namespace(), "namespace"),
                    () -> assertEquals(ackId, p.ackId(), "ack id"),
                    () -> {
                        if (json == null) {
                            assertNull(p.data(), "data");
                        } else {
                            assertEquals(new ObjectMapper().readTree(json), p.data(), "data");
                        }
                    });
        }
    }

    static Stream<Arguments> invalidPackets() {
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("unknown type 7", "7[\"a\"]"),
                Arguments.of("not a digit", "x[\"a\"]"),
                Arguments.of("CONNECT_ERROR from a client", "4{\"message\":\"x\"}"),
                Arguments.of("CONNECT_ERROR with junk", "4abc"),
                Arguments.of("EVENT with an empty array", "2[]"),
                Arguments.of("EVENT with an object", "2{}"),
                Arguments.of("EVENT without data", "2"),
                Arguments.of("EVENT named by a number", "2[1,\"a\"]"),
                Arguments.of("EVENT with a string", "2\"chat\""),
                Arguments.of("EVENT with truncated JSON", "2[\"chat\""),
                Arguments.of("EVENT with trailing garbage after the JSON", "2[\"chat\"]xyz"),
                Arguments.of("EVENT with two JSON values", "2[\"chat\"][\"again\"]"),
                Arguments.of("EVENT with an ack id over 16 digits", "212345678901234567[\"a\"]"),
                Arguments.of("EVENT with an ack id of 2^53, beyond what a JavaScript peer reads exactly", "29007199254740992[\"a\"]"),
                Arguments.of("EVENT with an ack id in non-ASCII digits", "2\u0663[\"echo\"]"),
                Arguments.of("EVENT with an ack id in fullwidth digits", "2\uff11[\"echo\"]"),
                Arguments.of("EVENT named connect (reserved)", "2[\"connect\"]"),
                Arguments.of("EVENT named connect_error (reserved)", "2[\"connect_error\",1]"),
                Arguments.of("EVENT named disconnect (reserved)", "21[\"disconnect\"]"),
                Arguments.of("EVENT named disconnecting (reserved)", "2/chat,[\"disconnecting\"]"),
                Arguments.of("EVENT named newListener (reserved)", "2[\"newListener\"]"),
                Arguments.of("BINARY_EVENT named removeListener (reserved)", "51-[\"removeListener\",{\"_placeholder\":true,\"num\":0}]"),
                Arguments.of("ACK without ack id", "3[\"a\"]"),
                Arguments.of("ACK with an object", "31{}"),
                Arguments.of("ACK without data", "31"),
                Arguments.of("CONNECT with an array", "0[]"),
                Arguments.of("CONNECT with a string", "0\"token\""),
                Arguments.of("CONNECT with an ack id", "01"),
                Arguments.of("DISCONNECT with data", "1{}"),
                Arguments.of("BINARY_EVENT without attachment dash", "5[\"up\",{\"_placeholder\":true,\"num\":0}]"),
                Arguments.of("BINARY_EVENT with a count but no dash", "51[\"up\",{\"_placeholder\":true,\"num\":0}]"),
                Arguments.of("BINARY_EVENT with an empty count", "5-[\"up\"]"),
                Arguments.of("BINARY_EVENT with zero attachments", "50-[\"up\"]"),
                Arguments.of("BINARY_EVENT with a non-numeric count", "5x-[\"up\"]"),
                Arguments.of("BINARY_EVENT with over 64 attachments", "565-[\"up\"]"),
                Arguments.of("BINARY_EVENT with a three-digit count", "5100-[\"up\"]"),
                Arguments.of("BINARY_EVENT with a count of ten digits", "51234567890-[\"up\"]"),
                Arguments.of("BINARY_ACK without ack id", "61-[{\"_placeholder\":true,\"num\":0}]"),
                Arguments.of("namespace of 257 characters", "2/" + "n".repeat(256) + ",[\"a\"]"),
                Arguments.of("huge namespace", "0/" + "n".repeat(100_000) + ","),
                Arguments.of("huge namespace without comma", "0/" + "n".repeat(100_000)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"})
    @DisplayName("refuses to encode an event with a reserved name: a stock client would drop its connection")
    void refusesReservedNames(String name) {
        assertThrows(IllegalArgumentException.class, () -> codec.encodeEvent("/", name, new Object[0], -1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPackets")
    @DisplayName("refuses an invalid packet with a ProtocolException")
    void refusesInvalidPackets(String description, String wire) {
        assertThrows(ProtocolException.class, () -> decode(wire));
    }
}
