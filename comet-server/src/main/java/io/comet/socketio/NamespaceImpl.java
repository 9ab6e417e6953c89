package io.comet.socketio;

import io.comet.AckBroadcastOperator;
import io.comet.BroadcastOperator;
import io.comet.ClusterResult;
import io.comet.ConnectionListener;
import io.comet.Middleware;
import io.comet.Namespace;
import io.comet.RemoteSocket;
import io.comet.ServerSideListener;
import io.comet.Socket;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import io.comet.DisconnectReason;
import io.comet.Adapter;
import io.comet.routing.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A namespace: its connected sockets, its middlewares and connection handlers, and its adapter (which
 * reaches the local sockets through {@link LocalSockets}); and, for connection state recovery, the
 * states of sockets that disconnected within the recovery window, by their private session id, in a
 * Caffeine cache whose expiry is that window.
 */
final class NamespaceImpl implements Namespace {
    private static final Logger log = LoggerFactory.getLogger(NamespaceImpl.class);

    /** Why a middleware refused a connection. */
    record Rejection(String message, Object data) {
    }

    private final String name;
    private final SocketIoServer server;
    private final Adapter adapter;
    private final ClusterSockets cluster;
    private final ServerSideEmits serverSide;
    private final AtomicInteger ackIds = new AtomicInteger();
    private final Map<String, SocketImpl> sockets = new ConcurrentHashMap<>();
    private final Map<String, SocketState> states = new ConcurrentHashMap<>(); // connected and parked, by id
    private final Cache<String, SocketState> parked;                           // disconnected, by pid
    private final Map<String, SocketImpl> livePids = new ConcurrentHashMap<>(); // connected, by pid
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final List<Middleware> middlewares = new CopyOnWriteArrayList<>();

    NamespaceImpl(String name, SocketIoServer server) {
        this.name = name;
        this.server = server;
        this.serverSide = new ServerSideEmits(name, server.pool());
        this.adapter = server.adapters().create(new LocalSockets(this));
        RecoveryOptions recovery = server.recovery();
        this.cluster = new ClusterSockets(this, recovery.enabled() ? adapter.recovery() : null);
        this.parked = Caffeine.newBuilder()
                .expireAfterWrite(Math.max(1, recovery.windowMillis()), TimeUnit.MILLISECONDS)
                .scheduler(Scheduler.forScheduledExecutorService(server.scheduler()))
                .executor(Runnable::run)
                .<String, SocketState>evictionListener((pid, state, cause) -> {
                    if (state != null) {
                        forget(state);
                    }
                })
                .build();
    }

    @Override
    public String name() {
        return name;
    }

    Adapter adapter() {
        return adapter;
    }

    /** The cluster's part in this namespace's recovery and order (inert without one). */
    ClusterSockets cluster() {
        return cluster;
    }

    /** Makes a state recovered from the cluster reachable by deliveries, in its saved rooms, before it connects. */
    void register(SocketState state, Set<String> rooms) {
        states.put(state.id(), state);
        adapter.join(state.id(), state.id());
        rooms.forEach(room -> adapter.join(state.id(), room));
    }

    SocketIoServer server() {
        return server;
    }

    @Override
    public Namespace onConnection(ConnectionListener listener) {
        connectionListeners.add(listener);
        return this;
    }

    @Override
    public Namespace use(Middleware middleware) {
        middlewares.add(middleware);
        return this;
    }

    /** A selection of every socket of the namespace. */
    private Broadcast all() {
        return new Broadcast(this, Set.of(), Set.of());
    }

    @Override
    public BroadcastOperator to(String... rooms) {
        return all().to(rooms);
    }

    @Override
    public BroadcastOperator except(String... rooms) {
        return all().except(rooms);
    }

    @Override
    public void emit(String event, Object... args) {
        all().emit(event, args);
    }

    @Override
    public AckBroadcastOperator timeout(Duration timeout) {
        return all().timeout(timeout);
    }

    @Override
    public CompletableFuture<ClusterResult<List<RemoteSocket>>> fetchSockets() {
        return all().fetchSockets();
    }

    @Override
    public void socketsJoin(String... rooms) {
        all().socketsJoin(rooms);
    }

    @Override
    public void socketsLeave(String... rooms) {
        all().socketsLeave(rooms);
    }

    @Override
    public void disconnectSockets(boolean close) {
        all().disconnectSockets(close);
    }

    // ---------------------------------------------------------------- server-side emits

    @Override
    public void serverSideEmit(String event, Object... args) {
        adapter.serverSideEmit(event, OutgoingEvent.argsOf(args));
    }

    @Override
    public CompletableFuture<ClusterResult<List<Object>>> serverSideEmitWithAck(Duration timeout, String event, Object... args) {
        return onWorkers(adapter.serverSideEmitWithAck(event, OutgoingEvent.argsOf(args), Broadcast.positive(timeout)));
    }

    @Override
    public Namespace onServerSideEmit(String event, ServerSideListener listener) {
        serverSide.on(event, listener);
        return this;
    }

    ServerSideEmits serverSide() {
        return serverSide;
    }

    /** The same outcome, completed on the worker pool: the application's continuations never run on an IO or a Redis thread. */
    <T> CompletableFuture<T> onWorkers(CompletableFuture<T> future) {
        return future.whenCompleteAsync((value, error) -> { }, server.pool());
    }

    /**
     * The next acknowledgement id: one sequence per namespace, so that a broadcast asks every recipient
     * for the same id and is encoded once. Within the positive int range the stock clients parse.
     */
    long nextAckId() {
        return ackIds.getAndIncrement() & Integer.MAX_VALUE;
    }

    /**
     * Encodes an event once, with the next offset as its last argument when recovery is on; the
     * envelope then serves every recipient. An event that asks for an ack carries an offset (and is
     * replayed) only for clients that say they strip it ({@code offsets}): a stock client would hand it
     * to the application in the place of the ack callback, so socket.io neither tags nor replays those.
     */
    /** An event from the cluster's log, encoded once, with the log's offset. */
    Envelope envelopeAt(String event, Object[] args, String offset, long sentAt) {
        var encoded = server.codec().encodeEvent(name, event, args, -1, offset);
        return new Envelope(offset, encoded.packets(), sentAt);
    }

    Envelope envelope(String event, Object[] args, long ackId, boolean offsets) {
        String offset = server.recovery().enabled() && (ackId < 0 || offsets) ? server.nextOffset() : null;
        var encoded = server.codec().encodeEvent(name, event, args, ackId, offset);
        return new Envelope(offset, encoded.packets(), System.currentTimeMillis());
    }

    @Override
    public Collection<Socket> sockets() {
        return Collections.unmodifiableCollection(sockets.values());
    }

    @Override
    public Optional<Socket> socket(String id) {
        return Optional.ofNullable(sockets.get(id));
    }

    // ---------------------------------------------------------------- for LocalSockets

    /** The ids of the connected and the parked sockets. */
    Collection<String> stateIds() {
        return states.keySet();
    }

    /** The state of a connected or parked socket, or {@code null}. */
    SocketState state(String id) {
        return states.get(id);
    }

    /** The connected socket with this id, or {@code null}. */
    SocketImpl connected(String id) {
        return sockets.get(id);
    }

    // ---------------------------------------------------------------- recovery

    /** A new socket's state. */
    SocketState newState() {
        return new SocketState(server.recovery());
    }

    /**
     * Takes the parked state a client names by its private session id, if it can recover from that
     * offset; {@code null} (and the state, if any, given up) when it cannot.
     */
    SocketState claim(String pid, String offset) {
        SocketState state = parked.asMap().remove(pid);
        if (state == null) {
            return null;
        }
        if (!state.covers(offset)) {
            forget(state);
            return null;
        }
        return state;
    }

    /**
     * A socket left. For a recoverable reason, with recovery on, its state waits for its client (it
     * stays in its rooms and its history takes what it misses); {@code false} when it is forgotten.
     */
    boolean park(SocketImpl socket, DisconnectReason reason) {
        sockets.remove(socket.id(), socket);
        if (socket.state().pid() != null) {
            livePids.remove(socket.state().pid(), socket);
        }
        SocketState state = socket.state();
        if (state.pid() == null || !recoverable(reason)) {
            state.detach(socket, null);
            forget(state);
            return false;
        }
        state.detach(socket, () -> {
            parked.invalidate(state.pid());
            forget(state);
        });
        parked.put(state.pid(), state);
        cluster.save(state, null);
        return true;
    }

    /**
     * A socket's admission was abandoned (its connection closed, or its client left, meanwhile): a claimed
     * state goes back to wait for its client, a fresh one is forgotten.
     */
    void giveBack(SocketImpl socket) {
        if (socket.recovered()) {
            parked.put(socket.state().pid(), socket.state());
        } else {
            forget(socket.state());
        }
    }

    /** Removes a socket that never connected (it is replaced), with its state. */
    void drop(SocketImpl socket) {
        sockets.remove(socket.id(), socket);
        if (socket.state().pid() != null) {
            livePids.remove(socket.state().pid(), socket);
        }
        forget(socket.state());
    }

    /** Gives a state up: out of its rooms, and unknown to broadcasts and recoveries. */
    void forget(SocketState state) {
        if (states.remove(state.id(), state)) {
            adapter.leaveAll(state.id());
            cluster.forget(state);
        }
    }

    private static boolean recoverable(DisconnectReason reason) {
        return switch (reason) {
            case TRANSPORT_CLOSE, TRANSPORT_ERROR, PING_TIMEOUT, QUEUE_OVERFLOW, FORCED_CLOSE, SERVER_SHUTTING_DOWN -> true;
            default -> false;
        };
    }

    // ---------------------------------------------------------------- lifecycle

    /** Runs the middlewares in order; {@code done} gets {@code null} when all proceeded, else the rejection. */
    void admit(SocketImpl socket, Consumer<Rejection> done) {
        runMiddleware(0, socket, done);
    }

    private void runMiddleware(int index, SocketImpl socket, Consumer<Rejection> done) {
        if (index >= middlewares.size()) {
            done.accept(null);
            return;
        }
        AtomicBoolean answered = new AtomicBoolean();
        Middleware.Next next = new Middleware.Next() {
            @Override
            public void proceed() {
                if (answered.compareAndSet(false, true)) {
                    runMiddleware(index + 1, socket, done);
                }
            }

            @Override
            public void reject(String message) {
                reject(message, null);
            }

            @Override
            public void reject(String message, Object data) {
                if (answered.compareAndSet(false, true)) {
                    done.accept(new Rejection(message == null ? "Forbidden" : message, data));
                }
            }
        };
        try {
            middlewares.get(index).handle(socket, next);
        } catch (Throwable e) {
            log.error("middleware of {} failed", name, e);
            next.reject("Internal error");
        }
    }

    /** The connected socket with this private session id, if any. */
    SocketImpl livePid(String pid) {
        return livePids.get(pid);
    }

    /** Makes the socket findable, and reachable by broadcasts, before its CONNECT reply is queued. */
    void add(SocketImpl socket) {
        states.put(socket.id(), socket.state());
        if (socket.state().pid() != null) {
            livePids.put(socket.state().pid(), socket);
        }
        sockets.put(socket.id(), socket);
        adapter.join(socket.id(), socket.id());
    }

    void fireConnection(SocketImpl socket) {
        for (ConnectionListener l : connectionListeners) {
            try {
                l.onConnection(socket);
            } catch (Throwable e) {
                log.error("connection handler of {} failed for socket {}", name, socket.id(), e);
            }
        }
    }
}
