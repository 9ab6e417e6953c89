package io.comet;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Connection state recovery across the nodes of a cluster, for an {@link Adapter} that numbers the
 * broadcasts of its namespace cluster-wide (an ordered log, such as comet-redis's Redis stream): a client
 * whose node died, or who comes back through another node, recovers on any node with every event it
 * missed, once, in order.
 *
 * <p>Comet saves each socket here when it connects, when its rooms change, after each of its client's
 * numbered emits (before the receipt goes out) and when it disconnects; a node that does not hold a
 * socket a client claims {@linkplain #take takes} its saved state, then, in its delivery order, replays
 * what the socket missed from the log. Every method returns at once; none blocks.
 */
public interface ClusterRecovery {

    /** Saves the socket's state, replacing what was saved under its pid; completes once it is stored. */
    CompletableFuture<Void> save(SavedSocket socket);

    /** Forgets a saved socket: it left for good, or its recovery window is over. */
    void forget(String pid);

    /**
     * Takes (and removes) a socket saved by any node under this pid, so that it recovers here; completes
     * with {@code null} when none is saved (never was, taken already, or expired).
     */
    CompletableFuture<SavedSocket> take(String pid);

    /**
     * Runs {@code task} once every broadcast this node handed to the adapter so far has been delivered
     * here (or could not be logged): what Comet sends a client directly (acknowledgements, receipts, an
     * event that asks for an ack) then does not overtake the events emitted before it.
     */
    void afterEmits(Runnable task);

    /**
     * Runs {@code task} in this node's delivery order, once every broadcast up to {@code offset} has
     * been delivered here, with the offset of the last broadcast delivered then; nothing delivered here
     * after that is delivered before the task has run. With {@code null} at once, when {@code offset}
     * is not one of the log's.
     */
    void whenDelivered(String offset, Consumer<String> task);

    /**
     * The broadcasts of the log after {@code after}, up to and including {@code upTo}, that reach a
     * socket in {@code rooms}: ready for local delivery, oldest first, each with its log offset. Completes
     * with {@code null} when they cannot all be found (the log no longer holds {@code after}) or there are
     * more than {@code max}.
     */
    CompletableFuture<List<BroadcastMessage>> missed(String after, String upTo, Set<String> rooms, int max);
}
