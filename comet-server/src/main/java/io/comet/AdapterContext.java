package io.comet;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * What Comet gives an {@link Adapter} of its namespace: the local sockets, local delivery, and the local
 * half of each cluster operation. Every method is safe on any thread, an IO or a Redis client's thread
 * included: none blocks, and application code (listeners) runs on the server's worker pool. Methods
 * that take socket ids act on those that are connected here and ignore the others.
 */
public interface AdapterContext {

    /** The namespace's name, e.g. {@code "/"}. */
    String namespace();

    /**
     * The ids of every local socket a broadcast to the whole namespace reaches: the connected ones, and
     * those disconnected within the recovery window, whose histories still take what they miss.
     */
    Collection<String> socketIds();

    /** Queues the message for one local socket, and records it in its history; ignored when it is gone. */
    void deliver(String socketId, BroadcastMessage message);

    /**
     * A broadcast another node sent, ready for local delivery: encoded once here, with this node's next
     * recovery offset. {@code args} are plain JSON values ({@code Map}, {@code List}, {@code String},
     * numbers, booleans, {@code null}), Jackson trees, or {@code byte[]} for binary.
     */
    BroadcastMessage fromRemote(String event, List<Object> args, Set<String> rooms, Set<String> except);

    /**
     * A broadcast from the cluster's log, ready for local delivery: encoded once here, with the log's
     * {@code offset} as its recovery offset, for an adapter with {@link Adapter#recovery()}.
     */
    BroadcastMessage fromRemote(String event, List<Object> args, Set<String> rooms, Set<String> except, String offset);

    /** How long a disconnected socket may come back and recover; zero when recovery is off. */
    Duration recoveryWindow();

    /**
     * A broadcast another node sent that asks each client for an acknowledgement, for
     * {@link #deliverWithAck}: encoded once, without a recovery offset (socket.io neither tags nor replays
     * events that ask for an acknowledgement).
     */
    BroadcastMessage fromRemoteWithAck(String event, List<Object> args, Set<String> rooms, Set<String> except);

    /**
     * Sends a broadcast that asks for acknowledgements (one of {@link #fromRemoteWithAck}, or the one
     * {@link Adapter#broadcastWithAck} was given) to these sockets, and hands each client's answer (the
     * first argument it answered with, or {@code null}) to {@code onAnswer}, on a worker thread. Answers
     * after {@code timeout} are dropped.
     *
     * @return how many sockets it was sent to: the answers to wait for
     */
    int deliverWithAck(Collection<String> socketIds, BroadcastMessage message, Duration timeout, Consumer<Object> onAnswer);

    /** These sockets as {@link RemoteSocket}s ({@code local} true): id, handshake, rooms, and a copy of their data. */
    List<RemoteSocket> describe(Collection<String> socketIds);

    /** Makes these sockets join the rooms, each within {@link CometServer.Builder#maxRoomsPerSocket} (beyond: logged, skipped). */
    void joinRooms(Collection<String> socketIds, Set<String> rooms);

    /** Makes these sockets leave the rooms. */
    void leaveRooms(Collection<String> socketIds, Set<String> rooms);

    /** Disconnects these sockets ({@link Socket#disconnect(boolean)}). */
    void disconnect(Collection<String> socketIds, boolean close);

    /**
     * Hands a server-side emit from another node to the namespace's {@link ServerSideListener}s of that
     * event, on the worker pool, one emit at a time in the order of these calls; {@code ack} is what the
     * listeners answer with ({@link Ack#NONE} when the emitting node waits for none).
     */
    void receiveServerSideEmit(String event, List<Object> args, Ack ack);

    /** Runs a short task after {@code delay} on the server's timer thread: for an adapter's deadlines. */
    ScheduledFuture<?> schedule(Runnable task, Duration delay);
}
