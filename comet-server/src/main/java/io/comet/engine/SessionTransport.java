package io.comet.engine;

import io.comet.protocol.EnginePacket;

import java.util.function.Consumer;

/**
 * What a session needs from the connection that serves it. Implemented by the transports; the session
 * knows nothing of HTTP or WebSocket.
 */
public interface SessionTransport {
    /** The transport name, as in the {@code transport} query parameter. */
    String name();

    /** Binds the session this transport serves; called once, before anything is queued for it. */
    void attach(EngineSession session);

    /** Packets are waiting in the session queue: drain them when the connection can take them. */
    void wake();

    /** Sends one packet now, ahead of the queue; used only for the upgrade probe. */
    void sendDirect(EnginePacket packet);

    /**
     * Whether a WebSocket may take this transport's session over through the Engine.IO probe; the
     * handshake's open packet offers the upgrade only when it can.
     */
    default boolean canUpgrade() {
        return false;
    }

    /** Another transport is probing to replace this one: release any held request promptly. */
    default void onUpgrading() {
    }

    /** The probing transport gave up: serve as before. */
    default void onUpgradeAbandoned() {
    }

    /**
     * Finds out whether the connection is still there; {@code result} runs once, with {@code false} after
     * the session learnt that it is gone. By default it cannot tell and answers {@code true}: connections
     * that keep reading (WebSocket, streams) notice a cut by themselves.
     */
    default void confirmAlive(Consumer<Boolean> result) {
        result.accept(true);
    }

    /**
     * Stops handing up what the client sends until {@link #resumeReads()}: the session's listener fell
     * behind. Back-pressure, not loss: what the client sends meanwhile waits unread in its connection, or,
     * for a request body already read, in the transport. Idempotent, callable from any thread; never blocks.
     */
    void pauseReads();

    /**
     * Hands up again what the client sends, starting with what waited: to the session, or, when this
     * transport no longer serves it, to nobody, answering what waited as any request for a transport
     * that no longer serves the session. Idempotent, callable from any thread; never blocks.
     */
    void resumeReads();

    /**
     * Ends the connection after writing what is still queued; the session no longer takes packets.
     *
     * @return {@code true} when the transport will hand the last packets to the client's next request
     * (a polling client between requests); the session then stays findable until that request or the
     * ping timeout
     */
    boolean close(CloseReason reason);
}
