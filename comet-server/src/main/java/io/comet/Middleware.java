package io.comet;

/**
 * Runs before a socket joins a namespace, in the order registered, on a worker thread. It must call
 * exactly one of {@link Next#proceed()} or {@link Next#reject}, now or later; a rejected client gets a
 * CONNECT_ERROR packet with the message and never sees the namespace.
 */
@FunctionalInterface
public interface Middleware {
    void handle(Socket socket, Next next);

    /** The continuation of a middleware. */
    interface Next {
        void proceed();

        void reject(String message);

        /** Rejects with extra data the client receives in {@code err.data}. */
        void reject(String message, Object data);
    }
}
