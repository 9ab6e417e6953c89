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
import io.comet.protocol.EnginePacket;
import io.comet.protocol.SocketCodec;
import io.comet.protocol.SocketPacket;
import io.comet.routing.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A socket: one client in one namespace over one connection, with its handlers. What outlives the
 * connection (id, data, history, the client's emit numbering, awaited acknowledgements) is its
 * {@link SocketState}; a recovered socket is a new {@code SocketImpl} on the old state.
 */
final class SocketImpl implements Socket {
    private static final Logger log = LoggerFactory.getLogger(SocketImpl.class);

    private final NamespaceImpl namespace;
    private final Client client;
    private final Handshake handshake;
    private final SocketState state;
    private final boolean recovered;
    private final Map<String, List<EventListener>> listeners = new ConcurrentHashMap<>();
    private final List<DisconnectListener> disconnectListeners = new CopyOnWriteArrayList<>();
    private volatile boolean connected;
    private boolean left; // guarded by this: the socket has left its namespace, for good

    SocketImpl(NamespaceImpl namespace, Client client, Handshake handshake, SocketState state, boolean recovered) {
        this.namespace = namespace;
        this.client = client;
        this.handshake = handshake;
        this.state = state;
        this.recovered = recovered;
    }

    private SocketCodec codec() {
        return namespace.server().codec();
    }

    Client client() {
        return client;
    }

    SocketState state() {
        return state;
    }

    @Override
    public String id() {
        return state.id();
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
    public boolean recovered() {
        return recovered;
    }

    @Override
    public Map<String, Object> data() {
        return state.data();
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

    /**
     * Sends to this socket's state: queued if connected, and kept in its history, so that a socket that
     * is between connections still gets it when it recovers.
     */
    @Override
    public void emit(String event, Object... args) {
        if (namespace.cluster().ordered()) {
            // Into the cluster's log, so that any node can replay it should this one die.
            namespace.adapter().broadcast(OutgoingEvent.emitted(event, args, Set.of(id()), Set.of(), null));
        } else {
            state.deliver(namespace.envelope(event, args, -1, true));
        }
    }

    @Override
    public CompletableFuture<List<Object>> emitWithAck(Duration timeout, String event, Object... args) {
        CompletableFuture<List<Object>> future = new CompletableFuture<>();
        if (!connected) {
            future.completeExceptionally(new AckTimeoutException("socket is not connected"));
            return future;
        }
        long ackId = namespace.nextAckId();
        awaitAck(ackId, timeout, future);
        Envelope envelope = namespace.envelope(event, args, ackId, client.session().acking());
        namespace.cluster().afterEmits(() -> state.deliver(envelope));
        return future;
    }

    /**
     * Waits up to {@code timeout} for the client's acknowledgement {@code ackId}, of an event about to be
     * sent: {@code future} completes with its arguments, or fails, on a worker thread.
     */
    void awaitAck(long ackId, Duration timeout, CompletableFuture<List<Object>> future) {
        var deadline = client.server().scheduler().schedule(
                () -> failAck(ackId, "no acknowledgement within " + timeout.toMillis() + " ms"),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        state.acks().put(ackId, new SocketState.PendingAck(future, deadline));
    }

    private void failAck(long ackId, String why) {
        SocketState.PendingAck pending = state.acks().remove(ackId);
        if (pending != null) {
            pending.deadline().cancel(false);
            client.dispatch().execute(() -> pending.future().completeExceptionally(new AckTimeoutException(why)));
        }
    }

    // ---------------------------------------------------------------- incoming

    /**
     * Runs the handlers of an incoming event; called on the connection's dispatch executor. On a
     * session with Comet's upstream sequence, the ack id numbers the emit (docs/delivery.md): a repeat
     * is answered again without running anything.
     */
    void handleEvent(SocketPacket packet) {
        if (!client.session().acking() || !packet.hasAck()) {
            run(packet, packet.hasAck() ? new ClientAck(packet.ackId(), -1) : Ack.NONE);
            return;
        }
        long seq = packet.ackId() >>> 1;
        boolean wantsAnswer = (packet.ackId() & 1) == 1;
        var verdict = state.upstream().accept(seq, wantsAnswer);
        if (verdict instanceof UpstreamSequence.Run) {
            EmitCause.during(state.pid(), seq, () -> run(packet, wantsAnswer ? new ClientAck(packet.ackId(), seq) : Ack.NONE));
        }
        if (!wantsAnswer) {
            List<EnginePacket> receipt = codec().encodeAck(namespace.name(), new Object[0], packet.ackId()).packets();
            sendInOrder(receipt, verdict instanceof UpstreamSequence.Run);
        } else if (verdict instanceof UpstreamSequence.Repeat repeat && repeat.answer() != null) {
            sendInOrder(repeat.answer(), false);
        }
    }

    /**
     * Sends an acknowledgement after the events emitted before it and, with {@code saved}, once the
     * socket's state (its upstream sequence) is saved for the cluster: what the client is told has run
     * would not run again on another node.
     */
    private void sendInOrder(List<EnginePacket> packets, boolean saved) {
        Runnable send = () -> namespace.cluster().afterEmits(() -> state.send(packets));
        if (saved) {
            namespace.cluster().save(state, send);
        } else {
            send.run();
        }
    }

    private void run(SocketPacket packet, Ack ack) {
        String event = packet.data().get(0).textValue();
        List<Object> args = JsonValues.args(packet.data(), 1, packet.buffers());
        for (EventListener l : listeners.getOrDefault(event, List.of())) {
            try {
                l.onEvent(args, ack);
            } catch (Throwable e) {
                // Anything, an Error too, is logged once with the socket id; the client's text is cut and escaped.
                log.error("handler of {} on socket {} failed", LogText.of(event), id(), e);
            }
        }
    }

    /** Completes a pending acknowledgement; called on the connection's dispatch executor. */
    void handleAck(SocketPacket packet) {
        SocketState.PendingAck pending = state.acks().remove(packet.ackId());
        if (pending != null) {
            pending.deadline().cancel(false);
            pending.future().complete(JsonValues.args(packet.data(), 0, packet.buffers()));
        }
    }

    /**
     * Answers one client acknowledgement, once, to whichever connection the socket has by then. With
     * an upstream sequence number the answer is kept for a repeat of the emit.
     */
    private final class ClientAck implements Ack {
        private final long ackId;
        private final long seq;
        private final AtomicBoolean sent = new AtomicBoolean();

        ClientAck(long ackId, long seq) {
            this.ackId = ackId;
            this.seq = seq;
        }

        @Override
        public void send(Object... args) {
            if (sent.get()) {
                return;
            }
            var encoded = codec().encodeAck(namespace.name(), args, ackId); // may throw: then the ack stays unsent
            if (sent.compareAndSet(false, true)) {
                if (seq >= 0) {
                    state.upstream().answered(seq, encoded.packets());
                }
                sendInOrder(encoded.packets(), seq >= 0);
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
        int max = namespace.server().limits().maxRoomsPerSocket();
        // Under this socket's lock, so that joins racing on other threads cannot pass the bound together.
        synchronized (this) {
            Set<String> rooms = namespace.adapter().rooms(id());
            if (rooms.size() >= max && !rooms.contains(room)) {
                throw new IllegalStateException("a socket may be in at most " + max + " rooms (maxRoomsPerSocket)");
            }
            namespace.adapter().join(id(), room);
        }
        namespace.cluster().save(state, null);
    }

    @Override
    public void leave(String room) {
        namespace.adapter().leave(id(), room);
        namespace.cluster().save(state, null);
    }

    @Override
    public Set<String> rooms() {
        return namespace.adapter().rooms(id());
    }

    @Override
    public BroadcastOperator to(String... rooms) {
        return new Broadcast(namespace, Set.of(), Set.of(id())).to(rooms);
    }

    @Override
    public BroadcastOperator broadcast() {
        return new Broadcast(namespace, Set.of(), Set.of(id()));
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Queues the CONNECT reply (and, when recovering, what the socket missed after {@code offset}) and
     * marks the socket connected, as one step for concurrent emitters and for a disconnect that comes
     * meanwhile (the client may act on the reply before this returns). {@code false} when the socket
     * left before it could be connected, or its history no longer covers the offset.
     */
    synchronized boolean connect(String offset) {
        if (left) {
            return false;
        }
        String reply = codec().encodeConnect(namespace.name(), id(), state.pid());
        if (!state.attach(this, reply, recovered, offset)) {
            return false;
        }
        namespace.cluster().save(state, null);
        return true;
    }

    /**
     * Called by {@link SocketState#attach} under the state's lock, before the CONNECT reply is queued: a
     * client that has the reply finds its socket connected, and an emit that saw it connected waits for
     * that lock, so it is queued after the reply.
     */
    void markConnected() {
        connected = true;
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

    /**
     * The socket has left its namespace: tell the application. For a recoverable reason its state waits
     * in the namespace for the client to come back; otherwise it is forgotten and its pending
     * acknowledgements fail.
     */
    void closed(DisconnectReason reason) {
        synchronized (this) {
            left = true;
            connected = false;
        }
        if (!namespace.park(this, reason)) {
            failAcks("socket disconnected: " + reason.wireName());
        }
        client.dispatch().execute(() -> {
            for (DisconnectListener l : disconnectListeners) {
                try {
                    l.onDisconnect(reason);
                } catch (Throwable e) {
                    log.error("disconnect handler on {} failed for socket {}", namespace.name(), id(), e);
                }
            }
        });
    }

    /** Fails every acknowledgement the state awaits. */
    void failAcks(String why) {
        for (Long ackId : state.acks().keySet()) {
            failAck(ackId, why);
        }
    }

    @Override
    public String toString() {
        return "Socket[" + namespace.name() + " " + id() + "]";
    }
}
