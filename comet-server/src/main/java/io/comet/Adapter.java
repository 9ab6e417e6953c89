package io.comet;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The rooms and the broadcasts of one namespace: the seam where Comet's routing meets a cluster. Every
 * route from an emit to its recipients goes through it: broadcasts with rooms and {@code except},
 * messages to one socket (a socket id is a room), and the cluster operations ({@code fetchSockets},
 * {@code socketsJoin}, server-side emits, broadcasts with acknowledgements). The default keeps
 * everything in this process; a cluster adapter (the {@code comet-redis} module) acts locally and
 * forwards the same operation to the other nodes, and carries out what they forward.
 *
 * <p>Chosen with {@link CometServer.Builder#adapter(Factory)}; one adapter per namespace. Rooms hold
 * this node's sockets only; a cluster adapter keeps them as the in-memory one does
 * ({@code io.comet.routing.InMemoryAdapter}, which it may wrap). Calls come from any thread, often an
 * IO thread: an implementation never blocks and takes no global lock.
 *
 * <p>The cluster operations have defaults that act on this node alone, through {@link #context()}: an
 * adapter of a single node needs nothing more. In every selection, {@code rooms} empty means every socket.
 */
public interface Adapter {

    void join(String socketId, String room);

    void leave(String socketId, String room);

    /** Removes a socket from every room; called when its state is given up. */
    void leaveAll(String socketId);

    /** The rooms a socket of this node is in. */
    Set<String> rooms(String socketId);

    /**
     * The ids of this node's sockets in any of these rooms, minus those in any {@code except} room; all
     * of them when {@code rooms} is empty.
     */
    Set<String> sockets(Set<String> rooms, Set<String> except);

    /**
     * Delivers a broadcast to its recipients on this node ({@link AdapterContext#deliver}) and, in a
     * cluster, on the others. The message is encoded once, whatever the number of recipients.
     */
    void broadcast(BroadcastMessage message);

    /** The namespace this adapter serves, as it was given to {@link Factory#create}. */
    AdapterContext context();

    /** This node's id in its cluster, as the other nodes know it; {@code "local"} for a single node. */
    default String nodeId() {
        return "local";
    }

    /** The selected sockets of every node; the future may complete on any thread. */
    default CompletableFuture<ClusterResult<List<RemoteSocket>>> fetchSockets(Set<String> rooms, Set<String> except) {
        ClusterReplies<RemoteSocket> replies = new ClusterReplies<>();
        replies.expectNodes(1);
        replies.nodeReplied(nodeId(), context().describe(sockets(rooms, except)), 0);
        return replies.result();
    }

    /** Makes the selected sockets of every node join {@code roomsToJoin}. */
    default void addSockets(Set<String> rooms, Set<String> except, Set<String> roomsToJoin) {
        context().joinRooms(sockets(rooms, except), roomsToJoin);
    }

    /** Makes the selected sockets of every node leave {@code roomsToLeave}. */
    default void delSockets(Set<String> rooms, Set<String> except, Set<String> roomsToLeave) {
        context().leaveRooms(sockets(rooms, except), roomsToLeave);
    }

    /** Disconnects the selected sockets of every node; with {@code close}, their connections too. */
    default void disconnectSockets(Set<String> rooms, Set<String> except, boolean close) {
        context().disconnect(sockets(rooms, except), close);
    }

    /** Sends an event to the other nodes' server-side listeners; a single node has none to reach. */
    default void serverSideEmit(String event, List<Object> args) {
    }

    /**
     * As {@link #serverSideEmit}, gathering one answer per other node within {@code timeout}; a single
     * node completes at once, with no answers.
     */
    default CompletableFuture<ClusterResult<List<Object>>> serverSideEmitWithAck(String event, List<Object> args, Duration timeout) {
        ClusterReplies<Object> replies = new ClusterReplies<>();
        replies.expectNodes(1);
        replies.nodeReplied(nodeId(), List.of(), 0);
        return replies.result();
    }

    /**
     * Delivers a broadcast that asks for acknowledgements ({@link AdapterContext#deliverWithAck}) on
     * every node, and gathers every client's answer within {@code timeout}.
     */
    default CompletableFuture<ClusterResult<List<Object>>> broadcastWithAck(BroadcastMessage message, Duration timeout) {
        ClusterReplies<Object> replies = new ClusterReplies<>();
        replies.expectNodes(1);
        int clients = context().deliverWithAck(sockets(message.rooms(), message.except()), message, timeout, replies::answer);
        replies.nodeReplied(nodeId(), List.of(), clients);
        return replies.expireAfter(timeout, context()).result();
    }

    /**
     * The cluster's connection state recovery, for an adapter that numbers its namespace's broadcasts
     * cluster-wide; {@code null} (the default) when recovery is this node's alone. With one, Comet sends
     * a socket's own emits through {@link #broadcast} too (to the room of its id), and delivers what the
     * adapter hands back with the cluster's offsets ({@link AdapterContext#fromRemote(String, List, Set, Set, String)}).
     */
    default ClusterRecovery recovery() {
        return null;
    }

    /** Releases what the adapter holds (subscriptions, connections); called when the server stops. */
    default void close() {
    }

    /** Makes the adapter of each namespace. */
    @FunctionalInterface
    interface Factory {
        Adapter create(AdapterContext namespace);
    }
}
