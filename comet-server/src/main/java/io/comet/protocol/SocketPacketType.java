package io.comet.protocol;

/** The Socket.IO v5 packet types; the wire form is the ordinal as one ASCII digit. */
public enum SocketPacketType {
    CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR, BINARY_EVENT, BINARY_ACK;

    private static final SocketPacketType[] BY_CODE = values();

    public char code() {
        return (char) ('0' + ordinal());
    }

    public boolean isBinary() {
        return this == BINARY_EVENT || this == BINARY_ACK;
    }

    /** Resolves a wire code, or {@code null} when the character is no packet type. */
    public static SocketPacketType fromCode(char c) {
        int i = c - '0';
        return i >= 0 && i < BY_CODE.length ? BY_CODE[i] : null;
    }
}
