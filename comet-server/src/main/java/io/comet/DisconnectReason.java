package io.comet;

/** Why a socket left its namespace. {@link #wireName()} is the name socket.io uses for the same reason. */
public enum DisconnectReason {
    /** The client called {@code socket.disconnect()}. */
    CLIENT_NAMESPACE_DISCONNECT("client namespace disconnect"),
    /** The application called {@link Socket#disconnect()}. */
    SERVER_NAMESPACE_DISCONNECT("server namespace disconnect"),
    /** The connection closed (the client went away or closed it). */
    TRANSPORT_CLOSE("transport close"),
    /** The connection broke the Engine.IO protocol. */
    TRANSPORT_ERROR("transport error"),
    /** The client sent a Socket.IO packet that does not decode. */
    PARSE_ERROR("parse error"),
    /** The client stopped answering pings. */
    PING_TIMEOUT("ping timeout"),
    /** The client fell so far behind that its bounded queue overflowed. */
    QUEUE_OVERFLOW("queue overflow"),
    /** The application closed the whole connection. */
    FORCED_CLOSE("forced close"),
    /** The server is stopping. */
    SERVER_SHUTTING_DOWN("server shutting down");

    private final String wireName;

    DisconnectReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
