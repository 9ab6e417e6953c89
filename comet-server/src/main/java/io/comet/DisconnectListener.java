package io.comet;

/** Called once when a socket leaves its namespace, on a worker thread. */
@FunctionalInterface
public interface DisconnectListener {
    void onDisconnect(DisconnectReason reason);
}
