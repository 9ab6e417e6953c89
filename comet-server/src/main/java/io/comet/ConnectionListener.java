package io.comet;

/** Called for each socket that connects to a namespace, on a worker thread. */
@FunctionalInterface
public interface ConnectionListener {
    void onConnection(Socket socket);
}
