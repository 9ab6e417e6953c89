package io.comet.socketio;

import io.comet.AckBroadcastOperator;
import io.comet.BroadcastOperator;
import io.comet.ClusterResult;
import io.comet.RemoteSocket;

import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * An immutable selection of recipients; {@link #emit} encodes once and hands the packets to the adapter.
 * Every other operation hands its selection to the adapter too, which reaches the other nodes of a
 * cluster; the futures it returns are completed again on the worker pool.
 */
final class Broadcast implements BroadcastOperator {
    private final NamespaceImpl namespace;
    private final Set<String> rooms;
    private final Set<String> except;

    Broadcast(NamespaceImpl namespace, Set<String> rooms, Set<String> except) {
        this.namespace = namespace;
        this.rooms = rooms;
        this.except = except;
    }

    @Override
    public BroadcastOperator to(String... more) {
        return new Broadcast(namespace, union(rooms, more), except);
    }

    @Override
    public BroadcastOperator except(String... more) {
        return new Broadcast(namespace, rooms, union(except, more));
    }

    @Override
    public void emit(String event, Object... args) {
        // When the cluster numbers events, they are encoded as they come back from its log, with its offset.
        namespace.adapter().broadcast(OutgoingEvent.emitted(event, args, rooms, except,
                namespace.cluster().ordered() ? null : namespace.envelope(event, args, -1, true)));
    }

    @Override
    public AckBroadcastOperator timeout(Duration timeout) {
        positive(timeout);
        return (event, args) -> emitWithAck(timeout, event, args);
    }

    static Duration positive(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("an acknowledgement timeout must be positive: " + timeout);
        }
        return timeout;
    }

    /**
     * One ack id for every recipient, so one encoding serves them all; no recovery offset, as socket.io
     * neither tags nor replays events that ask for an acknowledgement.
     */
    private CompletableFuture<ClusterResult<List<Object>>> emitWithAck(Duration timeout, String event, Object[] args) {
        long ackId = namespace.nextAckId();
        OutgoingEvent message = new OutgoingEvent(event, OutgoingEvent.argsOf(args), rooms, except, false,
                namespace.envelope(event, args, ackId, false), ackId);
        return namespace.onWorkers(namespace.adapter().broadcastWithAck(message, timeout));
    }

    @Override
    public CompletableFuture<ClusterResult<List<RemoteSocket>>> fetchSockets() {
        return namespace.onWorkers(namespace.adapter().fetchSockets(rooms, except));
    }

    @Override
    public void socketsJoin(String... rooms) {
        namespace.adapter().addSockets(this.rooms, except, ordered(rooms));
    }

    @Override
    public void socketsLeave(String... rooms) {
        namespace.adapter().delSockets(this.rooms, except, ordered(rooms));
    }

    @Override
    public void disconnectSockets(boolean close) {
        namespace.adapter().disconnectSockets(rooms, except, close);
    }

    private static Set<String> union(Set<String> a, String[] b) {
        Set<String> s = new HashSet<>(a);
        s.addAll(List.of(b));
        return Set.copyOf(s);
    }

    /** The rooms as named, in order, once each. */
    private static Set<String> ordered(String[] rooms) {
        Set<String> s = new LinkedHashSet<>();
        for (String room : rooms) {
            s.add(Objects.requireNonNull(room, "room"));
        }
        return Collections.unmodifiableSet(s);
    }
}
