package io.comet.hostile;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.comet.protocol.EngineCodec;
import io.comet.protocol.ProtocolException;
import io.comet.protocol.SocketCodec;
import io.comet.protocol.SocketPacket;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The property-based fuzzer of the two codecs: whatever text arrives, decoding either succeeds or
 * throws {@link ProtocolException} (which closes the connection as a parse error); nothing else escapes.
 * Inputs are built near the grammar (packet types, attachment counts, namespaces, ack ids, JSON and
 * broken JSON, record separators, base64) as well as at random, so that they reach deep into the
 * decoders. jqwik prints the seed of a failing run; {@code -Djqwik.seeds.whenfixed=...} or
 * {@code @Property(seed = ...)} replays it.
 */
@Label("Hostile input: the codecs under generated frames")
class CodecFuzz {
    private static final SocketCodec SOCKET_CODEC = new SocketCodec(new ObjectMapper(), 100);
    private static final int TRIES = 50_000;

    @Property(tries = TRIES)
    @Label("an Engine.IO payload decodes or is refused as a protocol error")
    void enginePayloads(@ForAll("enginePayloads") String payload) {
        FuzzCount.add("Engine.IO payloads", 1);
        try {
            String encoded = EngineCodec.encodePayload(EngineCodec.decodePayload(payload));
            assertEquals(encoded, EngineCodec.encodePayload(EngineCodec.decodePayload(encoded)), "decoded again: " + payload);
        } catch (ProtocolException refused) {
            // A defined refusal.
        }
    }

    @Property(tries = TRIES)
    @Label("a Socket.IO packet decodes or is refused as a protocol error")
    void socketPackets(@ForAll("socketPackets") String text) {
        FuzzCount.add("Socket.IO packets", 1);
        try {
            SocketPacket packet = SOCKET_CODEC.decode(text);
            if (packet.attachments() > 0) {
                packet.addAttachment(new byte[] {1});
            }
        } catch (ProtocolException refused) {
            // A defined refusal.
        }
    }

    @AfterContainer
    static void printCount() {
        FuzzCount.print("codecs", "Engine.IO payloads", "Socket.IO packets");
    }

    @Provide
    Arbitrary<String> enginePayloads() {
        return HostileText.enginePayloads();
    }

    @Provide
    Arbitrary<String> socketPackets() {
        return HostileText.socketPackets();
    }
}
