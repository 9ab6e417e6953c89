package io.comet;

import java.net.URI;

/**
 * How the nodes of a cluster find the node that holds an Engine.IO session, so that any node can take
 * any request of any client: no sticky sessions at the load balancer. Each node prefixes the id of
 * every session it opens with its own node id; a node that gets a request for a session of another node
 * forwards it there, and answers as for an unknown session when that node is gone (docs/scaling.md).
 *
 * <p>Chosen with {@link CometServer.Builder#sessionRouting(SessionRouting)}; a cluster
 * {@link Adapter.Factory} that also implements it (such as {@code comet-redis}'s {@code RedisCluster})
 * is used for both. Lookups happen on IO threads: {@link #nodeUrl} answers from memory, never waiting.
 */
public interface SessionRouting {

    /** This node's id: letters and digits, the same length on every node of the cluster. */
    String nodeId();

    /** The base URL ({@code http://host:port}) of the node with this id, or {@code null} when none is known now. */
    URI nodeUrl(String nodeId);

    /**
     * Tells the cluster where this node serves. A standalone server calls it when it starts; an
     * application that mounts the server on a listener of its own calls it once that listens.
     */
    void advertise(URI self);
}
