package io.comet;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Selects recipients of a broadcast: the sockets in any of the {@code to} rooms (every socket of the
 * namespace when none is named) minus those in any {@code except} room. Instances are immutable; each
 * call returns a new selection. The event is encoded once and the same bytes are queued for everyone.
 *
 * <p>In a cluster ({@link CometServer.Builder#adapter}) every operation applies to the selected sockets
 * of every node; with the default adapter, to this node's. The operations below act on connected sockets
 * only, as in socket.io; none blocks, and all are safe to call from any thread.
 */
public interface BroadcastOperator {
    BroadcastOperator to(String... rooms);

    BroadcastOperator except(String... rooms);

    /** Sends the event to every selected socket. Safe to call from any thread; never blocks. */
    void emit(String event, Object... args);

    /** The same selection, whose {@link AckBroadcastOperator#emitWithAck} waits up to {@code timeout} for the clients. */
    AckBroadcastOperator timeout(Duration timeout);

    /**
     * The selected sockets of every node, with their handshake, rooms and data. Completes on a worker
     * thread once every node answered, or with what arrived when the cluster's request timeout passes
     * ({@link ClusterResult#partial()}); never fails for a missing node.
     */
    CompletableFuture<ClusterResult<List<RemoteSocket>>> fetchSockets();

    /**
     * Makes the selected sockets of every node join these rooms: at once on this node, and on each other
     * node when it gets the request (before any broadcast made after this call). Fire and forget, as in
     * socket.io: no node answers. Each socket stays within {@link CometServer.Builder#maxRoomsPerSocket}.
     */
    void socketsJoin(String... rooms);

    /** Makes the selected sockets of every node leave these rooms; as {@link #socketsJoin}. */
    void socketsLeave(String... rooms);

    /**
     * Disconnects the selected sockets of every node, as {@link Socket#disconnect(boolean)} does; with
     * {@code close} their connections end too. As {@link #socketsJoin}, fire and forget.
     */
    void disconnectSockets(boolean close);
}
