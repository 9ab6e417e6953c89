package io.comet.engine;

/**
 * Why an Engine.IO session ended. {@link #notifiesClient()} tells whether the client still needs to be
 * told, with a close packet, because it did not cause the close itself.
 */
public enum CloseReason {
    /** The client sent a close packet. */
    CLIENT_CLOSE("transport close", false),
    /** The connection under the session went away. */
    TRANSPORT_CLOSE("transport close", false),
    /** The client broke the protocol (a malformed packet, a duplicate poll, an oversized body). */
    TRANSPORT_ERROR("transport error", true),
    /** The client sent a Socket.IO packet that does not decode. */
    PARSE_ERROR("parse error", true),
    /** The client did not connect to any namespace in time. */
    CONNECT_TIMEOUT("connect timeout", true),
    /** The client did not answer a ping in time. */
    PING_TIMEOUT("ping timeout", true),
    /** The client fell so far behind that its bounded queue overflowed. */
    QUEUE_OVERFLOW("queue overflow", true),
    /** The application closed the session. */
    FORCED_CLOSE("forced close", true),
    /** The server is stopping. */
    SERVER_SHUTDOWN("server shutting down", true);

    private final String wireName;
    private final boolean notifiesClient;

    CloseReason(String wireName, boolean notifiesClient) {
        this.wireName = wireName;
        this.notifiesClient = notifiesClient;
    }

    /** The reason as socket.io names it, e.g. {@code "ping timeout"}. */
    public String wireName() {
        return wireName;
    }

    public boolean notifiesClient() {
        return notifiesClient;
    }
}
