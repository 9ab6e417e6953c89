package io.comet;

import java.util.Set;

/**
 * The rooms and the broadcasts of one namespace: the seam where Comet's routing meets a cluster. Every
 * route from an emit to its recipients goes through it: broadcasts with rooms and {@code except},
 * messages to one socket (a socket id is a room), and whatever a cluster adds. The default keeps
 * everything in this process; a cluster adapter (the {@code comet-redis} module) delivers locally and
 * forwards the same message to the other nodes, and delivers what they forward.
 *
 * <p>Chosen with {@link CometServer.Builder#adapter(Factory)}; one adapter per namespace. Rooms hold
 * this node's sockets only; a cluster adapter keeps them as the in-memory one does
 * ({@code io.comet.routing.InMemoryAdapter}, which it may wrap). Calls come from any thread, often an
 * IO thread: an implementation never blocks and takes no global lock.
 */
public interface Adapter {

    void join(String socketId, String room);

    void leave(String socketId, String room);

    /** Removes a socket from every room; called when its state is given up. */
    void leaveAll(String socketId);

    /** The rooms a socket of this node is in. */
    Set<String> rooms(String socketId);

    /**
     * The ids of this node's sockets in any of these rooms, minus those in any {@code except} room; all
     * of them when {@code rooms} is empty.
     */
    Set<String> sockets(Set<String> rooms, Set<String> except);

    /**
     * Delivers a broadcast to its recipients on this node ({@link AdapterContext#deliver}) and, in a
     * cluster, on the others. The message is encoded once, whatever the number of recipients.
     */
    void broadcast(BroadcastMessage message);

    /** Releases what the adapter holds (subscriptions, connections); called when the server stops. */
    default void close() {
    }

    /** Makes the adapter of each namespace. */
    @FunctionalInterface
    interface Factory {
        Adapter create(AdapterContext namespace);
    }
}
