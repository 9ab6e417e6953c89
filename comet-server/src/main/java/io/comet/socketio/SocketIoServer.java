package io.comet.socketio;

import io.comet.Adapter;
import io.comet.engine.EngineSession;
import io.comet.protocol.SocketCodec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Socket.IO layer over an Engine.IO endpoint: it gives every new engine session a {@link Client}
 * and keeps the registered namespaces.
 */
public final class SocketIoServer {
    private final SocketCodec codec;
    private final Executor pool;
    private final ScheduledExecutorService scheduler;
    private final long connectTimeout;
    private final RecoveryOptions recovery;
    private final ConnectionLimits limits;
    private final Adapter.Factory adapters;
    private final AtomicLong offsets = new AtomicLong();
    private final Map<String, NamespaceImpl> namespaces = new ConcurrentHashMap<>();

    /**
     * @param codec          the packet codec (its mapper serialises event arguments)
     * @param pool           where application handlers run
     * @param scheduler      the shared timer for connect and acknowledgement deadlines
     * @param connectTimeout milliseconds a connection has to join a namespace
     * @param recovery       connection state recovery's window and bounds
     * @param limits         what one connection may make the server hold
     * @param adapters       makes each namespace's adapter
     */
    public SocketIoServer(SocketCodec codec, Executor pool, ScheduledExecutorService scheduler, long connectTimeout,
                          RecoveryOptions recovery, ConnectionLimits limits, Adapter.Factory adapters) {
        this.codec = codec;
        this.pool = pool;
        this.scheduler = scheduler;
        this.connectTimeout = connectTimeout;
        this.recovery = recovery;
        this.limits = limits;
        this.adapters = adapters;
        namespace("/");
    }

    /** The namespace with this name, registering it on first use. */
    public NamespaceImpl namespace(String name) {
        if (!name.startsWith("/")) {
            throw new IllegalArgumentException("a namespace name starts with '/': " + name);
        }
        return namespaces.computeIfAbsent(name, n -> new NamespaceImpl(n, this));
    }

    /** The registered namespace with this name, or {@code null}. */
    NamespaceImpl find(String name) {
        return namespaces.get(name);
    }

    /** Binds a new engine session to its Socket.IO client; the engine calls this for each session. */
    public void onSession(EngineSession session) {
        session.listener(new Client(session, this));
    }

    SocketCodec codec() {
        return codec;
    }

    Executor pool() {
        return pool;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    long connectTimeout() {
        return connectTimeout;
    }

    RecoveryOptions recovery() {
        return recovery;
    }

    Adapter.Factory adapters() {
        return adapters;
    }

    /** Closes every namespace's adapter: the server is stopping. */
    public void close() {
        for (NamespaceImpl namespace : namespaces.values()) {
            namespace.adapter().close();
        }
    }

    ConnectionLimits limits() {
        return limits;
    }

    /** The next event offset: unique on this server, one per event whatever its number of recipients. */
    String nextOffset() {
        return Long.toString(offsets.incrementAndGet(), 36);
    }
}
