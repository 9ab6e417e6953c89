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
}
