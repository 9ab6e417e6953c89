package io.comet;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A selection of recipients whose emits wait for each client's acknowledgement, up to the timeout given
 * to {@link BroadcastOperator#timeout}: socket.io's {@code io.timeout(ms).emitWithAck(...)}.
 */
@FunctionalInterface
public interface AckBroadcastOperator {
    /**
     * Sends the event to every selected socket of every node, asking each client for an
     * acknowledgement. The future completes on a worker thread, once every client of every node has
     * answered or when the timeout passes, with one entry per client answer: the first argument the
     * client answered with (socket.io's Redis adapter carries only that one), in arrival order. When the
     * timeout passed first, the clients that had not answered are missing and the result is partial.
     * Never fails for a missing answer. Safe to call from any thread; never blocks.
     */
    CompletableFuture<ClusterResult<List<Object>>> emitWithAck(String event, Object... args);
}
