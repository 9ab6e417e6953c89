package io.comet.redis;

import io.comet.AdapterContext;
import io.comet.BroadcastMessage;
import io.comet.ClusterRecovery;
import io.comet.SavedSocket;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One namespace's recovery across the cluster: sockets saved in {@link SavedSockets}, what they missed
 * read back from the {@link StreamLog}, filtered as socket.io's streams adapter filters a session's
 * missed packets (the namespace, broadcasts without acknowledgements, the socket's rooms).
 */
final class LogRecovery implements ClusterRecovery {
    /** How far the nodes' clocks may be from Redis's. */
    static final long CLOCK_MARGIN_MILLIS = 2_000;

    private final SavedSockets saved;
    private final StreamLog log;
    private final StreamEntries entries;
    private final AdapterContext context;

    LogRecovery(SavedSockets saved, StreamLog log, StreamEntries entries, AdapterContext context) {
        this.saved = saved;
        this.log = log;
        this.entries = entries;
        this.context = context;
    }

    @Override
    public CompletableFuture<Void> save(SavedSocket socket) {
        return saved.save(socket, context.recoveryWindow().toMillis());
    }

    @Override
    public void forget(String pid) {
        saved.forget(pid);
    }

    /**
     * Its node may have died between running a client emit's handler and saving that it ran: an emit
     * whose handler made a broadcast in the log since the save (the entries' {@code cause}) counts as run.
     * The log's ids are Redis's clock and the save time the node's, so the search starts a margin earlier.
     */
    @Override
    public CompletableFuture<SavedSocket> take(String pid) {
        return saved.take(pid).thenCompose(taken -> taken == null ? CompletableFuture.completedFuture(null)
                : log.highestCause(pid, taken.savedAt() - CLOCK_MARGIN_MILLIS).thenApply(ran -> {
                    SavedSocket s = taken.socket();
                    return ran <= s.upstream() ? s : new SavedSocket(s.id(), s.pid(), s.rooms(), s.data(), ran);
                }));
    }

    @Override
    public void afterEmits(Runnable task) {
        log.afterAppends(task);
    }

    @Override
    public void whenDelivered(String offset, Consumer<String> task) {
        log.whenDelivered(offset, task);
    }

    @Override
    public CompletableFuture<List<BroadcastMessage>> missed(String after, String upTo, Set<String> rooms, int max) {
        return log.range(after, upTo, max, (id, fields) -> {
            PacketCodec.Decoded b = entries.decode(fields);
            return b != null && b.namespace().equals(context.namespace()) && StreamEntries.reaches(b, rooms)
                    ? context.fromRemote(b.event(), b.args(), b.rooms(), b.except(), id) : null;
        });
    }
}
