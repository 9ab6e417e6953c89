package io.comet.routing;

import java.util.Set;

/**
 * Rooms and broadcasting for one namespace. Every route from an emit to its recipients goes through
 * this interface, so a multi-node adapter (Redis) can replace the in-memory one without touching the
 * rest: it delivers locally and forwards the same encoded packets to the other nodes.
 */
public interface Adapter {
    void join(String socketId, String room);

    void leave(String socketId, String room);

    /** Removes a socket from every room; called when it disconnects. */
    void leaveAll(String socketId);

    /** The rooms a socket is in. */
    Set<String> rooms(String socketId);

    /** The ids of the sockets in any of these rooms, minus those in any {@code except} room; all when {@code rooms} is empty. */
    Set<String> sockets(Set<String> rooms, Set<String> except);

    /**
     * Queues an already-encoded packet for every selected socket. The envelope is shared by all
     * recipients; nothing is encoded or copied per recipient.
     */
    void broadcast(Envelope envelope, Set<String> rooms, Set<String> except);
}
