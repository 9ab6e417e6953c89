package io.comet.engine;

/**
 * Receives what happens on one session. Called on IO threads: implementations must not block.
 */
public interface SessionListener {
    /** A text message arrived. */
    void onMessage(EngineSession session, String text);

    /** A binary message arrived. */
    void onBinary(EngineSession session, byte[] data);

    /** The session closed; called once. */
    void onClose(EngineSession session, CloseReason reason);
}
