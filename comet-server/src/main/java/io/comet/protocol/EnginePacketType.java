package io.comet.protocol;

/** The seven Engine.IO v4 packet types; the wire form is the ordinal as one ASCII digit. */
public enum EnginePacketType {
    OPEN, CLOSE, PING, PONG, MESSAGE, UPGRADE, NOOP;

    private static final EnginePacketType[] BY_CODE = values();

    /** The one-character code that starts the packet on the wire. */
    public char code() {
        return (char) ('0' + ordinal());
    }

    /** Resolves a wire code, or {@code null} when the character is no packet type. */
    public static EnginePacketType fromCode(char c) {
        int i = c - '0';
        return i >= 0 && i < BY_CODE.length ? BY_CODE[i] : null;
    }
}
