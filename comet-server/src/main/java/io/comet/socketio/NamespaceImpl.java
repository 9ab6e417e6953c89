package io.comet.socketio;

import io.comet.BroadcastOperator;
import io.comet.ConnectionListener;
import io.comet.Middleware;
import io.comet.Namespace;
import io.comet.Socket;
import io.comet.protocol.EnginePacket;
import io.comet.routing.Adapter;
import io.comet.routing.InMemoryAdapter;
import io.comet.routing.LocalSockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** A namespace: its connected sockets, its middlewares and connection handlers, and its adapter. */
final class NamespaceImpl implements Namespace, LocalSockets {
    private static final Logger log = LoggerFactory.getLogger(NamespaceImpl.class);

    /** Why a middleware refused a connection. */
    record Rejection(String message, Object data) {
    }

    private final String name;
    private final SocketIoServer server;
    private final Adapter adapter;
    private final Map<String, SocketImpl> sockets = new ConcurrentHashMap<>();
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final List<Middleware> middlewares = new CopyOnWriteArrayList<>();

    NamespaceImpl(String name, SocketIoServer server) {
        this.name = name;
        this.server = server;
        this.adapter = new InMemoryAdapter(this);
    }

    @Override
    public String name() {
        return name;
    }

    Adapter adapter() {
        return adapter;
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

    @Override
    public BroadcastOperator to(String... rooms) {
        return new Broadcast(this, Set.of(), Set.of()).to(rooms);
    }

    @Override
    public BroadcastOperator except(String... rooms) {
        return new Broadcast(this, Set.of(), Set.of()).except(rooms);
    }

    @Override
    public void emit(String event, Object... args) {
        new Broadcast(this, Set.of(), Set.of()).emit(event, args);
    }

    @Override
    public Collection<Socket> sockets() {
        return Collections.unmodifiableCollection(sockets.values());
    }

    @Override
    public Optional<Socket> socket(String id) {
        return Optional.ofNullable(sockets.get(id));
    }

    // ---------------------------------------------------------------- LocalSockets

    @Override
    public Collection<String> ids() {
        return sockets.keySet();
    }

    @Override
    public void deliver(String socketId, List<EnginePacket> packets) {
        SocketImpl socket = sockets.get(socketId);
        if (socket != null) {
            socket.deliver(packets);
        }
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
        } catch (RuntimeException e) {
            log.error("middleware of {} failed", name, e);
            next.reject("Internal error");
        }
    }

    void add(SocketImpl socket) {
        sockets.put(socket.id(), socket);
        adapter.join(socket.id(), socket.id());
    }

    void remove(SocketImpl socket) {
        sockets.remove(socket.id(), socket);
        adapter.leaveAll(socket.id());
    }

    void fireConnection(SocketImpl socket) {
        for (ConnectionListener l : connectionListeners) {
            try {
                l.onConnection(socket);
            } catch (RuntimeException e) {
                log.error("connection handler of {} failed", name, e);
            }
        }
    }
}
