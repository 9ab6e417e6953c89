package io.comet.routing;

import java.util.Collection;

/** The sockets of one namespace on this node, as an adapter reaches them. */
public interface LocalSockets {
    /**
     * The ids of every socket a broadcast to the whole namespace reaches: the connected ones, and those
     * disconnected within the recovery window, whose histories still take what they miss.
     */
    Collection<String> ids();

    /** Queues the envelope for one socket (and records it in its history); ignored when it is gone. */
    void deliver(String socketId, Envelope envelope);
}
