package io.comet.socketio;

import io.comet.Ack;
import io.comet.AckTimeoutException;
import io.comet.BroadcastOperator;
import io.comet.DisconnectListener;
import io.comet.DisconnectReason;
import io.comet.EventListener;
import io.comet.Handshake;
import io.comet.Namespace;
import io.comet.Socket;
import io.comet.engine.CloseReason;
import io.comet.engine.Ids;
import io.comet.protocol.EnginePacket;
import io.comet.protocol.SocketCodec;
import io.comet.protocol.SocketPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** A socket: one client in one namespace, with its handlers and its pending acknowledgements. */
final class SocketImpl implements Socket {
    private static final Logger log = LoggerFactory.getLogger(SocketImpl.class);

    private record PendingAck(CompletableFuture<List<Object>> future, ScheduledFuture<?> deadline) {
    }

    private final String id = Ids.random();
    private final NamespaceImpl namespace;
    private final Client client;
    private final Handshake handshake;
    private final Map<String, List<EventListener>> listeners = new ConcurrentHashMap<>();
    private final List<DisconnectListener> disconnectListeners = new CopyOnWriteArrayList<>();
    private final Map<Long, PendingAck> acks = new ConcurrentHashMap<>();
    private final AtomicLong nextAckId = new AtomicLong();
    private final Map<String, Object> data = new ConcurrentHashMap<>();
    private volatile boolean connected;
    private boolean left; // guarded by this: the socket has left its namespace, for good

    SocketImpl(NamespaceImpl namespace, Client client, Handshake handshake) {
        this.namespace = namespace;
        this.client = client;
        this.handshake = handshake;
    }

    private SocketCodec codec() {
        return namespace.server().codec();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Namespace namespace() {
        return namespace;
    }

    @Override
    public Handshake handshake() {
        return handshake;
    }

    @Override
    public String transport() {
        return client.session().transportName();
    }

    @Override
    public boolean connected() {
        return connected;
    }

    @Override
    public Map<String, Object> data() {
        return data;
    }

    @Override
    public Socket on(String event, EventListener listener) {
        listeners.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>()).add(listener);
        return this;
    }

    @Override
    public Socket onDisconnect(DisconnectListener listener) {
        disconnectListeners.add(listener);
        return this;
    }

    // ---------------------------------------------------------------- outgoing

    @Override
    public void emit(String event, Object... args) {
        queue(codec().encodeEvent(namespace.name(), event, args, -1).packets());
    }

    /** Queues a broadcast's shared packets; dropped until the socket's CONNECT reply is queued. */
    void deliver(List<EnginePacket> packets) {
        queue(packets);
    }

    /**
     * Queues packets for the client once the socket is connected. The lock is taken only while the
     * connection is being accepted, so that nothing overtakes the CONNECT reply or is lost beside it.
     */
    private boolean queue(List<EnginePacket> packets) {
        if (!connected) {
            synchronized (this) {
                if (!connected) {
                    return false;
                }
            }
        }
        client.send(packets);
        return true;
    }

    @Override
    public CompletableFuture<List<Object>> emitWithAck(Duration timeout, String event, Object... args) {
        CompletableFuture<List<Object>> future = new CompletableFuture<>();
        if (!connected) {
            future.completeExceptionally(new AckTimeoutException("socket is not connected"));
            return future;
        }
        long ackId = nextAckId.getAndIncrement();
        ScheduledFuture<?> deadline = client.server().scheduler().schedule(
                () -> failAck(ackId, "no acknowledgement within " + timeout.toMillis() + " ms"),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        acks.put(ackId, new PendingAck(future, deadline));
        queue(codec().encodeEvent(namespace.name(), event, args, ackId).packets());
        return future;
    }

    private void failAck(long ackId, String why) {
        PendingAck pending = acks.remove(ackId);
        if (pending != null) {
            pending.deadline().cancel(false);
            client.dispatch().execute(() -> pending.future().completeExceptionally(new AckTimeoutException(why)));
        }
    }

    // ---------------------------------------------------------------- incoming

    /** Runs the handlers of an incoming event; called on the connection's dispatch executor. */
    void handleEvent(SocketPacket packet) {
        String event = packet.data().get(0).textValue();
        List<Object> args = JsonValues.args(packet.data(), 1, packet.buffers());
        Ack ack = packet.hasAck() ? new ClientAck(packet.ackId()) : Ack.NONE;
        for (EventListener l : listeners.getOrDefault(event, List.of())) {
            try {
                l.onEvent(args, ack);
            } catch (RuntimeException e) {
                log.error("handler of '{}' on {} failed", event, namespace.name(), e);
            }
        }
    }

    /** Completes a pending acknowledgement; called on the connection's dispatch executor. */
    void handleAck(SocketPacket packet) {
        PendingAck pending = acks.remove(packet.ackId());
        if (pending != null) {
            pending.deadline().cancel(false);
            pending.future().complete(JsonValues.args(packet.data(), 0, packet.buffers()));
        }
    }

    /** Answers one client acknowledgement, once. */
    private final class ClientAck implements Ack {
        private final long ackId;
        private final AtomicBoolean sent = new AtomicBoolean();

        ClientAck(long ackId) {
            this.ackId = ackId;
        }

        @Override
        public void send(Object... args) {
            if (!connected || sent.get()) {
                return;
            }
            var encoded = codec().encodeAck(namespace.name(), args, ackId); // may throw: then the ack stays unsent
            if (sent.compareAndSet(false, true)) {
                queue(encoded.packets());
            }
        }

        @Override
        public boolean requested() {
            return true;
        }
    }

    // ---------------------------------------------------------------- rooms

    @Override
    public void join(String room) {
        namespace.adapter().join(id, room);
    }

    @Override
    public void leave(String room) {
        namespace.adapter().leave(id, room);
    }

    @Override
    public Set<String> rooms() {
        return namespace.adapter().rooms(id);
    }

    @Override
    public BroadcastOperator to(String... rooms) {
        return new Broadcast(namespace, Set.of(), Set.of(id)).to(rooms);
    }

    @Override
    public BroadcastOperator broadcast() {
        return new Broadcast(namespace, Set.of(), Set.of(id));
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Queues the CONNECT reply and marks the socket connected, as one step for concurrent emitters and
     * for a disconnect that comes meanwhile (the client may act on the reply before this returns).
     * {@code false} when the socket left (its connection closed) before it could be connected.
     */
    synchronized boolean connect(String connectReply) {
        if (left) {
            return false;
        }
        client.sendText(connectReply);
        connected = true;
        return true;
    }

    @Override
    public void disconnect() {
        disconnect(false);
    }

    @Override
    public void disconnect(boolean close) {
        if (client.remove(this)) {
            client.sendText(codec().encodeDisconnect(namespace.name()));
            closed(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
        }
        if (close) {
            client.session().close(CloseReason.FORCED_CLOSE);
        }
    }

    /** The socket has left its namespace: fail its pending acknowledgements and tell the application. */
    void closed(DisconnectReason reason) {
        synchronized (this) {
            left = true;
            connected = false;
        }
        namespace.remove(this);
        for (Long ackId : acks.keySet()) {
            failAck(ackId, "socket disconnected: " + reason.wireName());
        }
        client.dispatch().execute(() -> {
            for (DisconnectListener l : disconnectListeners) {
                try {
                    l.onDisconnect(reason);
                } catch (RuntimeException e) {
                    log.error("disconnect handler on {} failed", namespace.name(), e);
                }
            }
        });
    }

    @Override
    public String toString() {
        return "Socket[" + namespace.name() + " " + id + "]";
    }
}
