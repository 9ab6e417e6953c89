package io.comet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * The replies to one cluster operation as they come in, for {@link Adapter} implementations: it
 * completes {@link #result()} once every node has replied and every answer a node announced has come, or,
 * when {@link #expire()} comes first, with what arrived, marked partial. Thread-safe; the result is
 * completed on the thread that brought the last reply, or the expiry, outside any lock.
 *
 * <p>Two kinds of operation use it. Those where a node's reply is its answer ({@code fetchSockets}, a
 * server-side emit's acknowledgement): {@code nodeReplied(node, values, 0)}. A broadcast with
 * acknowledgements, where a node first says how many of its clients got the event and each client's
 * answer comes later: {@code nodeReplied(node, List.of(), clients)}, then {@link #answer} for each.
 *
 * @param <T> the type of the values gathered
 */
public final class ClusterReplies<T> {
    private final CompletableFuture<ClusterResult<List<T>>> result = new CompletableFuture<>();
    private final List<T> values = new ArrayList<>();
    private final Set<String> heard = new LinkedHashSet<>();
    private int nodesExpected = -1;
    private int nodesReplied;
    private long answersToCome;
    private boolean done;

    /** Replies to an operation that this node starts; this node's own reply is given with {@link #nodeReplied}. */
    public ClusterReplies() {
    }

    /** The number of nodes that will reply, this one included, once it is known. */
    public void expectNodes(int nodes) {
        synchronized (this) {
            nodesExpected = nodes;
        }
        completeIfAll();
    }

    /**
     * One node's reply.
     *
     * @param node          the node's id, or {@code null} when its reply does not say (a Node.js node)
     * @param replied       its values, appended in this order
     * @param answersToCome how many {@link #answer}s this node announced (its clients that got the event)
     */
    public void nodeReplied(String node, Collection<? extends T> replied, int answersToCome) {
        synchronized (this) {
            if (done) {
                return;
            }
            nodesReplied++;
            if (node != null) {
                heard.add(node);
            }
            values.addAll(replied);
            this.answersToCome += answersToCome;
        }
        completeIfAll();
    }

    /** One answer of a client, from any node; it may come before its node's reply. */
    public void answer(T value) {
        synchronized (this) {
            if (done) {
                return;
            }
            values.add(value);
            answersToCome--;
        }
        completeIfAll();
    }

    /** The time allowed has passed: completes with what arrived, marked partial unless it was all. */
    public void expire() {
        finish(true);
    }

    /**
     * Expires the replies after {@code timeout}, on the namespace's timer; the timer is cancelled when they
     * complete earlier.
     */
    public ClusterReplies<T> expireAfter(Duration timeout, AdapterContext namespace) {
        ScheduledFuture<?> deadline = namespace.schedule(this::expire, timeout);
        result.whenComplete((r, e) -> deadline.cancel(false));
        return this;
    }

    /** Completes with the replies so far, after the last one. */
    public CompletableFuture<ClusterResult<List<T>>> result() {
        return result;
    }

    private void completeIfAll() {
        finish(false);
    }

    private void finish(boolean expired) {
        ClusterResult<List<T>> r;
        synchronized (this) {
            boolean all = nodesExpected >= 0 && nodesReplied >= nodesExpected && answersToCome <= 0;
            if (done || !all && !expired) {
                return;
            }
            done = true;
            r = new ClusterResult<>(Collections.unmodifiableList(new ArrayList<>(values)), !all,
                    Collections.unmodifiableSet(new LinkedHashSet<>(heard)), nodesReplied, nodesExpected);
        }
        result.complete(r);
    }
}
