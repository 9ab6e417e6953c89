package io.comet;

import java.util.List;
import java.util.Set;

/**
 * One broadcast as an {@link Adapter} routes it: the event and its arguments (for the other nodes of a
 * cluster, which encode them in their own wire format), and its selection of recipients. Comet encodes
 * it once for this node's clients; only Comet makes instances ({@code emit}, or
 * {@link AdapterContext#fromRemote}).
 */
public interface BroadcastMessage {

    String event();

    /** The arguments as they were emitted; not to be changed. */
    List<Object> args();

    /** The rooms selected; every socket of the namespace when empty. */
    Set<String> rooms();

    /** The rooms whose sockets are left out. */
    Set<String> except();

    /** Whether it came from another node (then an adapter does not forward it again). */
    boolean remote();

    /**
     * The client emit whose handler made this broadcast, as {@code "<pid> <number>"} (the socket's private
     * session id and the emit's upstream number, docs/delivery.md), when a handler of a numbered emit made
     * it while it ran; {@code null} otherwise. A cluster adapter that keeps it with the broadcast lets a
     * node that recovers the socket know that the emit ran, should its node have died before saving so.
     */
    default String cause() {
        return null;
    }
}
