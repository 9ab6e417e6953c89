package io.comet.socketio;

import io.comet.ClusterRecovery;
import io.comet.SavedSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A namespace's part of a cluster's recovery ({@link ClusterRecovery}, when its adapter has one and
 * recovery is on): the saves of its sockets, their recovery on this node, and the order of what is sent
 * directly after what went through the cluster's log. Without one every method is what a single node
 * does: nothing to save, nothing to restore, and a direct send goes at once.
 */
final class ClusterSockets {
    private static final Logger log = LoggerFactory.getLogger(ClusterSockets.class);

    private final NamespaceImpl namespace;
    private final ClusterRecovery cluster; // null: a single node, or recovery off

    ClusterSockets(NamespaceImpl namespace, ClusterRecovery cluster) {
        this.namespace = namespace;
        this.cluster = cluster;
    }

    /** Whether the cluster numbers this namespace's events, and a socket's own emits go through it. */
    boolean ordered() {
        return cluster != null;
    }

    /** Runs {@code task} after the events this node emitted so far have been delivered (at once on a single node). */
    void afterEmits(Runnable task) {
        if (cluster == null) {
            task.run();
        } else {
            cluster.afterEmits(task);
        }
    }

    /**
     * Saves a socket's state for the cluster's recovery, then runs {@code then} (at once without one): a
     * receipt goes out only once what it confirms would survive this node. Saved under the state's lock,
     * so that the saves of one socket reach the cluster in the order of its changes.
     */
    void save(SocketState state, Runnable then) {
        if (cluster == null || state.pid() == null) {
            if (then != null) {
                then.run();
            }
            return;
        }
        CompletableFuture<Void> saved;
        synchronized (state) {
            saved = cluster.save(new SavedSocket(state.id(), state.pid(), Set.copyOf(namespace.adapter().rooms(state.id())),
                    Map.copyOf(state.data()), state.upstream().highest()));
        }
        if (then != null) {
            saved.whenComplete((v, error) -> {
                if (error != null) {
                    // Redis away: the client is not held up; only a node death now could run an emit twice.
                    log.debug("cannot save socket {} of {} for recovery: {}", state.id(), namespace.name(), error.toString());
                }
                then.run();
            });
        }
    }

    /** The state is given up here: the cluster forgets it too. */
    void forget(SocketState state) {
        if (cluster != null && state.pid() != null) {
            cluster.forget(state.pid());
        }
    }

    /**
     * Recovers from the cluster a socket this node does not hold: takes its saved state, registers it
     * here in the adapter's delivery order (from then on it takes what it is sent), and puts what it
     * missed after {@code offset} ahead. Completes with the state, or {@code null} when it cannot recover.
     */
    CompletableFuture<SocketState> restore(String pid, String offset) {
        if (cluster == null || offset == null) {
            return CompletableFuture.completedFuture(null);
        }
        RecoveryOptions recovery = namespace.server().recovery();
        return cluster.take(pid).thenCompose(saved -> {
            CompletableFuture<SocketState> done = new CompletableFuture<>();
            if (saved == null) {
                done.complete(null);
                return done;
            }
            cluster.whenDelivered(offset, position -> {
                if (position == null) {
                    done.complete(null);
                    return;
                }
                // The same pid: a stock client tells a recovery by the CONNECT reply naming the pid it had.
                SocketState state = new SocketState(recovery, saved.id(), saved.pid(), saved.upstream());
                state.data().putAll(saved.data());
                namespace.register(state, saved.rooms());
                cluster.missed(offset, position, saved.rooms(), recovery.maxEvents()).whenComplete((missed, error) -> {
                    if (missed != null && state.restore(missed.stream().map(m -> ((OutgoingEvent) m).envelope()).toList(), offset)) {
                        done.complete(state);
                    } else {
                        namespace.forget(state);
                        done.complete(null);
                    }
                });
            });
            return done;
        }).exceptionally(error -> {
            log.debug("cannot recover socket {} of {} from the cluster: {}", LogText.of(pid), namespace.name(), error.toString());
            return null;
        });
    }
}
