package io.comet.socketio;

import io.comet.Ack;
import io.comet.AdapterContext;
import io.comet.BroadcastMessage;
import io.comet.RemoteSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A namespace as its adapter sees it ({@link AdapterContext}): its local sockets, delivery to them, and
 * the local half of every cluster operation. Operations on sockets by id act on the connected ones only,
 * as socket.io's do; nothing here blocks, and listeners run on the worker pool.
 */
final class LocalSockets implements AdapterContext {
    private static final Logger log = LoggerFactory.getLogger(LocalSockets.class);

    private final NamespaceImpl namespace;

    LocalSockets(NamespaceImpl namespace) {
        this.namespace = namespace;
    }

    @Override
    public String namespace() {
        return namespace.name();
    }

    @Override
    public Collection<String> socketIds() {
        return namespace.stateIds();
    }

    @Override
    public void deliver(String socketId, BroadcastMessage message) {
        OutgoingEvent event = ours(message);
        SocketState state = namespace.state(socketId);
        if (state != null) {
            state.deliver(event.envelope());
        }
    }

    @Override
    public BroadcastMessage fromRemote(String event, List<Object> args, Set<String> rooms, Set<String> except) {
        return remote(event, args, rooms, except, -1);
    }

    @Override
    public BroadcastMessage fromRemote(String event, List<Object> args, Set<String> rooms, Set<String> except, String offset) {
        return new OutgoingEvent(event, Collections.unmodifiableList(new ArrayList<>(args)), Set.copyOf(rooms), Set.copyOf(except), true,
                namespace.envelopeAt(event, args.toArray(), offset, System.currentTimeMillis()));
    }

    @Override
    public Duration recoveryWindow() {
        return Duration.ofMillis(namespace.server().recovery().windowMillis());
    }

    @Override
    public BroadcastMessage fromRemoteWithAck(String event, List<Object> args, Set<String> rooms, Set<String> except) {
        return remote(event, args, rooms, except, namespace.nextAckId());
    }

    private OutgoingEvent remote(String event, List<Object> args, Set<String> rooms, Set<String> except, long ackId) {
        return new OutgoingEvent(event, Collections.unmodifiableList(new ArrayList<>(args)), Set.copyOf(rooms), Set.copyOf(except), true,
                namespace.envelope(event, args.toArray(), ackId, ackId < 0), ackId);
    }

    @Override
    public int deliverWithAck(Collection<String> socketIds, BroadcastMessage message, Duration timeout, Consumer<Object> onAnswer) {
        OutgoingEvent event = ours(message);
        if (!event.asksForAck()) {
            throw new IllegalArgumentException("a broadcast that asks for no acknowledgement: " + message.event());
        }
        int[] sent = {0};
        forEachConnected(socketIds, socket -> {
            CompletableFuture<List<Object>> answer = new CompletableFuture<>();
            // A timeout or a disconnection fails the future: that client's answer is simply missing.
            answer.thenAccept(args -> onAnswer.accept(args.isEmpty() ? null : args.get(0)));
            socket.awaitAck(event.ackId(), timeout, answer);
            namespace.cluster().afterEmits(() -> socket.state().deliver(event.envelope()));
            sent[0]++;
        });
        return sent[0];
    }

    @Override
    public List<RemoteSocket> describe(Collection<String> socketIds) {
        List<RemoteSocket> found = new ArrayList<>();
        forEachConnected(socketIds, socket -> found.add(new RemoteSocket(socket.id(), socket.handshake(),
                Set.copyOf(socket.rooms()), Collections.unmodifiableMap(new LinkedHashMap<>(socket.data())), true)));
        return found;
    }

    @Override
    public void joinRooms(Collection<String> socketIds, Set<String> rooms) {
        forEachConnected(socketIds, socket -> {
            for (String room : rooms) {
                try {
                    socket.join(room);
                } catch (IllegalStateException e) {
                    log.warn("socket {} of {} does not join {}: {}", socket.id(), namespace.name(), LogText.of(room), e.getMessage());
                }
            }
        });
    }

    @Override
    public void leaveRooms(Collection<String> socketIds, Set<String> rooms) {
        forEachConnected(socketIds, socket -> rooms.forEach(socket::leave));
    }

    @Override
    public void disconnect(Collection<String> socketIds, boolean close) {
        forEachConnected(socketIds, socket -> socket.disconnect(close));
    }

    private void forEachConnected(Collection<String> socketIds, Consumer<SocketImpl> action) {
        for (String id : socketIds) {
            SocketImpl socket = namespace.connected(id);
            if (socket != null && socket.connected()) {
                action.accept(socket);
            }
        }
    }

    @Override
    public void receiveServerSideEmit(String event, List<Object> args, Ack ack) {
        namespace.serverSide().receive(event, Collections.unmodifiableList(new ArrayList<>(args)), ack);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return namespace.server().scheduler().schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static OutgoingEvent ours(BroadcastMessage message) {
        if (!(message instanceof OutgoingEvent event) || event.envelope() == null) {
            // An emit whose adapter numbers it (recovery()) is encoded only when the adapter hands it back.
            throw new IllegalArgumentException("not a message of this server, ready for delivery: " + message);
        }
        return event;
    }
}
