package io.comet.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One Engine.IO packet: a type and either a text payload or a binary payload.
 *
 * <p>Instances are immutable and may be shared by many sessions: a broadcast builds its packets once
 * and queues the same objects for every recipient. The wire forms are computed lazily and cached, so
 * the text of a packet sent to a thousand sessions is built once.
 */
public final class EnginePacket {
    public static final EnginePacket PING = new EnginePacket(EnginePacketType.PING, "");
    public static final EnginePacket PONG = new EnginePacket(EnginePacketType.PONG, "");
    public static final EnginePacket NOOP = new EnginePacket(EnginePacketType.NOOP, "");
    public static final EnginePacket CLOSE = new EnginePacket(EnginePacketType.CLOSE, "");
    public static final EnginePacket PONG_PROBE = new EnginePacket(EnginePacketType.PONG, "probe");

    private final EnginePacketType type;
    private final String text;
    private final byte[] binary;
    private volatile String encoded;
    private volatile byte[] utf8;

    private EnginePacket(EnginePacketType type, String text, byte[] binary) {
        this.type = type;
        this.text = text;
        this.binary = binary;
    }

    public EnginePacket(EnginePacketType type, String text) {
        this(type, text == null ? "" : text, null);
    }

    /** A MESSAGE packet with text data. */
    public static EnginePacket message(String text) {
        return new EnginePacket(EnginePacketType.MESSAGE, text);
    }

    /** A MESSAGE packet with binary data; the array is not copied and must not change afterwards. */
    public static EnginePacket binary(byte[] data) {
        return new EnginePacket(EnginePacketType.MESSAGE, null, data);
    }

    public EnginePacketType type() {
        return type;
    }

    public boolean isBinary() {
        return binary != null;
    }

    /** The text data; empty for binary packets. */
    public String text() {
        return binary == null ? text : "";
    }

    /** The binary data, or {@code null} for text packets. Callers must not modify it. */
    public byte[] binary() {
        return binary;
    }

    /**
     * The text form used in polling payloads and WebSocket text frames: the type digit then the data,
     * or {@code b} and base64 for binary packets.
     */
    public String encoded() {
        String e = encoded;
        if (e == null) {
            e = binary != null ? "b" + Base64.getEncoder().encodeToString(binary) : type.code() + text;
            encoded = e;
        }
        return e;
    }

    /**
     * {@link #encoded()} as UTF-8, built once and shared by every recipient (a WebSocket text frame).
     * Callers must not modify it.
     */
    public byte[] utf8() {
        byte[] b = utf8;
        if (b == null) {
            b = encoded().getBytes(StandardCharsets.UTF_8);
            utf8 = b;
        }
        return b;
    }

    /** An estimate of the bytes this packet occupies on the wire, used for queue bounds. */
    public int wireSize() {
        return binary != null ? binary.length : text.length() + 1;
    }

    @Override
    public String toString() {
        return binary != null ? "binary(" + binary.length + ")" : type.code() + (text.length() > 60 ? text.substring(0, 60) + "…" : text);
    }
}
