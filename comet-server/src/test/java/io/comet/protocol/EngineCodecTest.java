package io.comet.protocol;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Engine.IO codec")
class EngineCodecTest {

    @Nested
    @DisplayName("a packet")
    class Packets {
        @ParameterizedTest(name = "\"{0}\" is {1} with data \"{2}\"")
        @CsvSource(delimiter = '|', value = {
                "0{\"sid\":\"x\"}|OPEN|{\"sid\":\"x\"}",
                "1|CLOSE|''",
                "2|PING|''",
                "2probe|PING|probe",
                "3|PONG|''",
                "3probe|PONG|probe",
                "4hello|MESSAGE|hello",
                "4|MESSAGE|''",
                "5|UPGRADE|''",
                "6|NOOP|''",
        })
        void decodesEachTextType(String wire, EnginePacketType type, String data) throws ProtocolException {
            EnginePacket packet = EngineCodec.decodePacket(wire);

            assertEquals(type, packet.type());
            assertEquals(data, packet.text());
            assertFalse(packet.isBinary());
            assertNull(packet.binary());
        }

        @Test
        @DisplayName("keeps a message's text verbatim: separators of other layers, unicode, JSON")
        void keepsTextVerbatim() throws ProtocolException {
            String text = "2[\"chat\",\"héllo 👋, \\\"quoted\\\"\"]";

            assertEquals(text, EngineCodec.decodePacket("4" + text).text());
        }

        @Test
        @DisplayName("\"b\" and base64 is a binary message")
        void decodesBase64Binary() throws ProtocolException {
            EnginePacket packet = EngineCodec.decodePacket("bAAH+/w==");

            assertEquals(EnginePacketType.MESSAGE, packet.type());
            assertTrue(packet.isBinary());
            assertArrayEquals(new byte[]{0, 1, (byte) 0xfe, (byte) 0xff}, packet.binary());
            assertEquals("", packet.text());
        }

        @Test
        @DisplayName("base64 as the stock Java client sends it, wrapped at 76 characters and ended by a newline, decodes")
        void decodesWrappedBase64() throws ProtocolException {
            byte[] bytes = new byte[100];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (i * 7);
            }
            // io.socket:engine.io-client encodes with its Base64.DEFAULT flags: MIME line breaks and a final "\n"
            String wire = "b" + java.util.Base64.getMimeEncoder(76, "\n".getBytes()).encodeToString(bytes) + "\n";

            assertArrayEquals(bytes, EngineCodec.decodePacket(wire).binary());
            assertArrayEquals(new byte[]{1, 2, 3}, EngineCodec.decodePacket("bAQID\n").binary());
        }

        @Test
        @DisplayName("a lone \"b\" is an empty binary message")
        void decodesEmptyBinary() throws ProtocolException {
            EnginePacket packet = EngineCodec.decodePacket("b");

            assertTrue(packet.isBinary());
            assertArrayEquals(new byte[0], packet.binary());
        }

        @Test
        @DisplayName("encodes as the type digit then the text, and binary as \"b\" and base64")
        void encodes() {
            assertEquals("4hello", EnginePacket.message("hello").encoded());
            assertEquals("3probe", EnginePacket.PONG_PROBE.encoded());
            assertEquals("6", EnginePacket.NOOP.encoded());
            assertEquals("bAAH+/w==", EnginePacket.binary(new byte[]{0, 1, (byte) 0xfe, (byte) 0xff}).encoded());
        }

        @Test
        @DisplayName("survives an encode/decode round trip, text and binary")
        void roundTrips() throws ProtocolException {
            byte[] bytes = new byte[256];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) i;
            }

            assertArrayEquals(bytes, EngineCodec.decodePacket(EnginePacket.binary(bytes).encoded()).binary());
            assertEquals("ünïcode", EngineCodec.decodePacket(EnginePacket.message("ünïcode").encoded()).text());
        }

        @ParameterizedTest(name = "\"{0}\" is refused")
        @ValueSource(strings = {"", "7", "9x", "x", "/", " 4hello", "bA", "b=AAA"})
        @DisplayName("malformed input is a ProtocolException")
        void refusesMalformedPackets(String wire) {
            assertThrows(ProtocolException.class, () -> EngineCodec.decodePacket(wire));
        }
    }

    @Nested
    @DisplayName("a polling payload")
    class Payloads {
        @Test
        @DisplayName("splits on the record separator, in order, text and binary alike")
        void decodesSeveralPackets() throws ProtocolException {
            List<EnginePacket> packets = EngineCodec.decodePayload("4hello\u001e2\u001ebAQI=\u001e4world");

            assertEquals(4, packets.size());
            assertEquals("hello", packets.get(0).text());
            assertEquals(EnginePacketType.PING, packets.get(1).type());
            assertArrayEquals(new byte[]{1, 2}, packets.get(2).binary());
            assertEquals("world", packets.get(3).text());
        }

        @Test
        @DisplayName("of one packet has no separator")
        void decodesOnePacket() throws ProtocolException {
            List<EnginePacket> packets = EngineCodec.decodePayload("40");

            assertEquals(1, packets.size());
            assertEquals("0", packets.get(0).text());
        }

        @Test
        @DisplayName("encodes packets joined by the separator, and one packet alone")
        void encodes() {
            assertEquals("4a\u001ebAQ==\u001e6",
                    EngineCodec.encodePayload(List.of(EnginePacket.message("a"), EnginePacket.binary(new byte[]{1}), EnginePacket.NOOP)));
            assertEquals("2", EngineCodec.encodePayload(List.of(EnginePacket.PING)));
        }

        @Test
        @DisplayName("survives an encode/decode round trip")
        void roundTrips() throws ProtocolException {
            List<EnginePacket> sent = List.of(EnginePacket.message("42[\"a\"]"), EnginePacket.binary(new byte[]{7, 8}),
                    EnginePacket.message(""), EnginePacket.PING);

            List<EnginePacket> decoded = EngineCodec.decodePayload(EngineCodec.encodePayload(sent));

            assertEquals(sent.stream().map(EnginePacket::encoded).toList(), decoded.stream().map(EnginePacket::encoded).toList());
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {       // quoted: the separator counts as whitespace
                "empty body|''",
                "empty record in the middle|'4a\u001e\u001e4b'",
                "trailing separator|'4a\u001e'",
                "leading separator|'\u001e4a'",
                "unknown type among good packets|'4a\u001e8b'",
                "truncated base64 among good packets|'4a\u001ebA'",
        })
        @DisplayName("a malformed payload is a ProtocolException")
        void refusesMalformedPayloads(String description, String payload) {
            assertThrows(ProtocolException.class, () -> EngineCodec.decodePayload(payload));
        }
    }

    @Test
    @DisplayName("packet type codes are the digits 0 to 6 and nothing else")
    void typeCodes() {
        for (EnginePacketType type : EnginePacketType.values()) {
            assertEquals(type, EnginePacketType.fromCode(type.code()));
        }
        assertEquals('0', EnginePacketType.OPEN.code());
        assertEquals('6', EnginePacketType.NOOP.code());
        assertNull(EnginePacketType.fromCode('7'));
        assertNull(EnginePacketType.fromCode('/'));
        assertNull(EnginePacketType.fromCode('b'));
    }
}
