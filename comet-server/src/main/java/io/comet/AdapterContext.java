package io.comet;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/** What Comet gives an {@link Adapter} of its namespace: the local sockets, and local delivery. */
public interface AdapterContext {

    /** The namespace's name, e.g. {@code "/"}. */
    String namespace();

    /**
     * The ids of every local socket a broadcast to the whole namespace reaches: the connected ones, and
     * those disconnected within the recovery window, whose histories still take what they miss.
     */
    Collection<String> socketIds();

    /** Queues the message for one local socket, and records it in its history; ignored when it is gone. */
    void deliver(String socketId, BroadcastMessage message);

    /**
     * A broadcast another node sent, ready for local delivery: encoded once here, with this node's next
     * recovery offset. {@code args} are plain JSON values ({@code Map}, {@code List}, {@code String},
     * numbers, booleans, {@code null}), Jackson trees, or {@code byte[]} for binary.
     */
    BroadcastMessage fromRemote(String event, List<Object> args, Set<String> rooms, Set<String> except);
}
