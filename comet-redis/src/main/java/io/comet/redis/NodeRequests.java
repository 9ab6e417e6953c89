package io.comet.redis;

import io.comet.BroadcastMessage;
import io.comet.ClusterResult;
import io.comet.RemoteSocket;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One namespace's cluster operations in one format: {@link PubSubRequests} (socket.io's classic Redis
 * adapter) or {@link StreamRequests} (its streams adapter, the default). Each acts here, asks the other
 * nodes, and gathers what needs answers in a {@link io.comet.ClusterReplies} until its timeout makes the
 * result partial.
 */
interface NodeRequests {

    CompletableFuture<ClusterResult<List<RemoteSocket>>> fetchSockets(Set<String> rooms, Set<String> except);

    void addSockets(Set<String> rooms, Set<String> except, Set<String> roomsToJoin);

    void delSockets(Set<String> rooms, Set<String> except, Set<String> roomsToLeave);

    void disconnectSockets(Set<String> rooms, Set<String> except, boolean close);

    void serverSideEmit(String event, List<Object> args);

    CompletableFuture<ClusterResult<List<Object>>> serverSideEmitWithAck(String event, List<Object> args, Duration timeout);

    CompletableFuture<ClusterResult<List<Object>>> broadcastWithAck(BroadcastMessage message, Duration timeout);

    void close();
}
