package io.comet;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A communication channel that clients join by name ({@code "/"} or one the application registers);
 * a client asking for an unregistered one gets a CONNECT_ERROR "Invalid namespace".
 *
 * <p>As a {@link BroadcastOperator} it selects every socket of the namespace, on every node of a cluster.
 * Its nodes also talk among themselves: {@link #serverSideEmit} reaches the other nodes' server-side
 * listeners ({@link #onServerSideEmit}), as socket.io's {@code io.serverSideEmit} does.
 */
public interface Namespace extends BroadcastOperator {
    String name();

    /** Registers a handler for each socket that connects. */
    Namespace onConnection(ConnectionListener listener);

    /** Adds a middleware that runs before each connection is accepted. */
    Namespace use(Middleware middleware);

    /** Selects the sockets in these rooms. */
    @Override
    BroadcastOperator to(String... rooms);

    /** Selects every socket except those in these rooms. */
    @Override
    BroadcastOperator except(String... rooms);

    /** Sends an event to every socket of the namespace. */
    @Override
    void emit(String event, Object... args);

    /** The sockets connected to this namespace on this server. */
    Collection<Socket> sockets();

    /** The connected socket with this id on this server. */
    Optional<Socket> socket(String id);

    /**
     * Sends an event to this namespace on every other node of the cluster (not to this one), for its
     * server-side listeners; nothing happens on a single node. The arguments travel as JSON. Fire and
     * forget; safe to call from any thread.
     */
    void serverSideEmit(String event, Object... args);

    /**
     * As {@link #serverSideEmit}, and waits up to {@code timeout} for every other node to answer. The
     * future completes on a worker thread with one entry per node that answered (the first argument of
     * its answer), or, when the timeout passes first, with the answers that arrived, marked
     * {@link ClusterResult#partial() partial}. On a single node: at once, with no answers.
     */
    CompletableFuture<ClusterResult<List<Object>>> serverSideEmitWithAck(Duration timeout, String event, Object... args);

    /** Registers a handler for the server-side emits of this event from the other nodes of the cluster. */
    Namespace onServerSideEmit(String event, ServerSideListener listener);
}
