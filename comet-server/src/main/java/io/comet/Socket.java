package io.comet;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One client connected to one namespace. Every socket is in a room named by its id, so
 * {@code server.to(socket.id())} reaches it alone.
 *
 * <p>All methods are safe to call from any thread and never block: emitting queues the event in the
 * client's ordered, bounded session queue, and the transport delivers it.
 */
public interface Socket {
    /** The socket id, unique per namespace connection; also the name of its private room. */
    String id();

    Namespace namespace();

    Handshake handshake();

    /** The name of the transport serving the connection now, e.g. {@code "websocket"} or {@code "polling"}. */
    String transport();

    boolean connected();

    /**
     * Whether this socket is one that disconnected and came back within the recovery window: it has its
     * old id, rooms and {@code data()}, and its client got every event it missed
     * ({@link CometServer.Builder#connectionStateRecovery}). Connection handlers run again for it.
     */
    boolean recovered();

    /** Registers a handler for an event from the client. */
    Socket on(String event, EventListener listener);

    /** Registers a handler called once when the socket disconnects. */
    Socket onDisconnect(DisconnectListener listener);

    /** Sends an event to this client; {@code byte[]} arguments travel as binary. */
    void emit(String event, Object... args);

    /**
     * Sends an event and waits for the client's acknowledgement. The future completes on a worker thread
     * with the acknowledgement's arguments, or exceptionally with {@link AckTimeoutException}.
     */
    CompletableFuture<List<Object>> emitWithAck(Duration timeout, String event, Object... args);

    /**
     * Adds this socket to a room.
     *
     * @throws IllegalStateException when the socket is already in
     *                               {@link CometServer.Builder#maxRoomsPerSocket(int) as many rooms as allowed}
     */
    void join(String room);

    /** Removes this socket from a room; nothing happens if it was not in it. */
    void leave(String room);

    /** The rooms this socket is in, its own id included. */
    Set<String> rooms();

    /** Selects the sockets in these rooms, this one excluded. */
    BroadcastOperator to(String... rooms);

    /** Selects every other socket of the namespace. */
    BroadcastOperator broadcast();

    /** Removes the socket from its namespace; the client gets 'io server disconnect' and does not reconnect. */
    void disconnect();

    /** As {@link #disconnect()}, and with {@code close} also ends the underlying connection. */
    void disconnect(boolean close);

    /** Application data attached to the socket, e.g. a user name. Thread-safe. */
    Map<String, Object> data();
}
