package io.comet.engine;

/**
 * Why an Engine.IO session ended. {@link #notifiesClient()} tells whether the client still needs to be
 * told, with a close packet, because it did not cause the close itself; {@link #lingers()} whether the
 * session waits for the client's next request to hand over its last packets.
 */
public enum CloseReason {
    /** The client sent a close packet. */
    CLIENT_CLOSE("transport close", false, true),
    /** The connection under the session went away. */
    TRANSPORT_CLOSE("transport close", false, false),
    /** The client broke the protocol (a malformed packet, a duplicate poll, an oversized body). */
    TRANSPORT_ERROR("transport error", true, false),
    /**
     * The client sent more than {@code maxPayload} bytes in one message, one HTTP body, or one packet
     * with its attachments; socket.io names it a transport error, as Node's engine does.
     */
    PAYLOAD_TOO_LARGE("transport error", true, false),
    /** The client sent a Socket.IO packet that does not decode. */
    PARSE_ERROR("parse error", true, false),
    /** The client did not connect to any namespace in time. */
    CONNECT_TIMEOUT("connect timeout", true, false),
    /** The client did not answer a ping in time. */
    PING_TIMEOUT("ping timeout", true, false),
    /** The client fell so far behind that its bounded queue overflowed. */
    QUEUE_OVERFLOW("queue overflow", true, false),
    /** The application closed the session. */
    FORCED_CLOSE("forced close", true, true),
    /** The server is stopping. */
    SERVER_SHUTDOWN("server shutting down", true, true);

    private final String wireName;
    private final boolean notifiesClient;
    private final boolean lingers;

    CloseReason(String wireName, boolean notifiesClient, boolean lingers) {
        this.wireName = wireName;
        this.notifiesClient = notifiesClient;
        this.lingers = lingers;
    }

    /** The reason as socket.io names it, e.g. {@code "ping timeout"}. */
    public String wireName() {
        return wireName;
    }

    public boolean notifiesClient() {
        return notifiesClient;
    }

    /**
     * Whether a polling client that has no request open at the close may still collect what was queued
     * (and the close) with one more request: true for orderly closes, false when the client is broken or
     * gone.
     */
    public boolean lingers() {
        return lingers;
    }
}
