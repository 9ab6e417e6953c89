package io.comet.routing;

import io.comet.protocol.EnginePacket;

import java.util.Collection;
import java.util.List;

/** The sockets of one namespace on this node, as an adapter reaches them. */
public interface LocalSockets {
    /** The ids of every connected socket. */
    Collection<String> ids();

    /** Queues the packets for one socket; ignored when it is gone. */
    void deliver(String socketId, List<EnginePacket> packets);
}
