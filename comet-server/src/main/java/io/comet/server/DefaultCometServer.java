package io.comet.server;

import io.comet.BroadcastOperator;
import io.comet.Channels;
import io.comet.channels.ChannelRegistry;
import io.comet.CometOptions;
import io.comet.CometServer;
import io.comet.Namespace;
import io.comet.engine.EngineOptions;
import io.comet.engine.EngineServer;
import io.comet.http.ClientScriptHandler;
import io.comet.http.EdgeOptions;
import io.comet.http.EngineHttpHandler;
import io.comet.transport.HttpReplies;
import io.comet.protocol.SocketCodec;
import io.comet.socketio.ConnectionLimits;
import io.comet.socketio.RecoveryOptions;
import io.comet.socketio.SocketIoServer;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The composition root: one scheduler for every timer, one worker pool for application handlers, the
 * Engine.IO endpoint, the Socket.IO layer over it, and the Undertow edge in front.
 */
public final class DefaultCometServer implements CometServer {
    private static final Logger log = LoggerFactory.getLogger(DefaultCometServer.class);

    private final CometOptions options;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService ownPool;
    private final EngineServer engine;
    private final SocketIoServer socketIo;
    private final EngineHttpHandler engineHandler;
    private final ClientScriptHandler script = new ClientScriptHandler();
    private Channels channels; // guarded by this
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    private Undertow undertow;
    private volatile GracefulShutdownHandler graceful;
    private int boundPort = -1;

    public DefaultCometServer(CometOptions options) {
        this.options = options;
        this.scheduler = new ScheduledThreadPoolExecutor(1, threads("comet-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.ownPool = options.executor() == null
                ? Executors.newFixedThreadPool(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), threads("comet-worker"))
                : null;
        this.socketIo = new SocketIoServer(new SocketCodec(options.objectMapper(), options.limits().maxAttachments()),
                ownPool != null ? ownPool : options.executor(), scheduler, options.connectTimeout(),
                new RecoveryOptions(options.connectionStateRecovery().toMillis(), options.recoveryEvents(), options.recoveryBytes()),
                new ConnectionLimits(options.maxPayload(), options.limits().maxDispatchBacklog(),
                        options.limits().maxNamespacesPerConnection(), options.limits().maxRoomsPerSocket()),
                options.adapter());
        EngineOptions engineOptions = new EngineOptions(options.pingInterval(), options.pingTimeout(), options.maxPayload(),
                options.upgradeTimeout(), options.maxQueuedPackets(), options.maxQueuedBytes(), options.transports(),
                options.limits().maxSessions(), options.limits().maxSessionsPerAddress());
        this.engine = new EngineServer(engineOptions, scheduler, socketIo::onSession,
                options.sessionRouting() == null ? "" : options.sessionRouting().nodeId());
        this.engineHandler = new EngineHttpHandler(engine, EdgeOptions.of(options), scheduler);
    }

    @Override
    public synchronized CometServer start() {
        if (undertow != null) {
            return this;
        }
        graceful = new GracefulShutdownHandler(handler());
        CometOptions.Limits limits = options.limits();
        int parseMillis = (int) Math.min(Integer.MAX_VALUE, limits.requestParseTimeout().toMillis());
        undertow = Undertow.builder()
                .addHttpListener(options.port(), options.host())
                .setIoThreads(options.ioThreads())
                // Undertow's own bound on a request head, above Comet's so that Comet answers 431 with its
                // reason; beyond it Undertow answers a bare 400 and closes. Either way no more is buffered.
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, (int) Math.min(Integer.MAX_VALUE, 2L * limits.maxHeaderBytes()))
                // A head not complete in time closes its connection; so does a connection with no request
                // under way for as long (a new one that sends nothing, a keep-alive one between requests:
                // a polling client is idle between polls only while it sends the next one). A held poll
                // or an open stream is a request under way.
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, parseMillis)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, parseMillis)
                // URLs reach Comet as they came: a malformed escape gets Comet's JSON answer, not a bare 400.
                .setServerOption(UndertowOptions.DECODE_URL, false)
                .setHandler(graceful)
                .build();
        undertow.start();
        boundPort = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
        log.info("Comet listening on {}:{}{}", options.host(), boundPort, options.path());
        if (options.sessionRouting() != null) {
            options.sessionRouting().advertise(URI.create(options.advertisedUrl() != null ? options.advertisedUrl()
                    : "http://" + advertisedHost(options.host()) + ":" + boundPort));
        }
        return this;
    }

    /** The host other nodes reach this one at: the listener's, or this machine's address for a wildcard. */
    private static String advertisedHost(String host) {
        if (!host.equals("0.0.0.0") && !host.equals("::")) {
            return host.contains(":") ? "[" + host + "]" : host;
        }
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }

    @Override
    public void stop() {
        stop(DEFAULT_GRACE);
    }

    /**
     * Stops taking sessions, closes every session (each writes what it holds, then tells its client to
     * reconnect), waits up to {@code grace} for those last packets to be written and the HTTP requests
     * under way to end, then stops the listener and the threads.
     */
    @Override
    public void stop(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        engine.shutdown();
        // Without this server's lock: the clients collecting their last packets may ask for port() meanwhile.
        try {
            engine.awaitIdle(deadline);
            GracefulShutdownHandler requests = graceful;
            if (requests != null) {
                requests.shutdown();
                requests.awaitShutdown(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        release();
    }

    private synchronized void release() {
        if (undertow != null) {
            undertow.stop();
            undertow = null;
            boundPort = -1;
        }
        socketIo.close();
        scheduler.shutdownNow();
        if (ownPool != null) {
            ownPool.shutdown();
        }
    }

    @Override
    public synchronized int port() {
        return boundPort;
    }

    @Override
    public HttpHandler handler() {
        return handler(exchange -> HttpReplies.error(exchange, HttpReplies.Error.NOT_FOUND));
    }

    @Override
    public HttpHandler handler(HttpHandler next) {
        String path = options.path();
        String scriptPath = path + "comet.js";
        return exchange -> {
            String requestPath = exchange.getRequestPath();
            if (requestPath.equals(path) || requestPath.equals(path.substring(0, path.length() - 1))) {
                engineHandler.handleRequest(exchange);
            } else if (requestPath.equals(scriptPath)) {
                script.handleRequest(exchange);
            } else {
                next.handleRequest(exchange);
            }
        };
    }

    @Override
    public Namespace of(String name) {
        return socketIo.namespace(name);
    }

    @Override
    public Namespace sockets() {
        return socketIo.namespace("/");
    }

    /** Made on first use, so that a server without channels gives its sockets no channel listeners. */
    @Override
    public synchronized Channels channels() {
        if (channels == null) {
            channels = new ChannelRegistry(sockets());
        }
        return channels;
    }

    @Override
    public BroadcastOperator to(String... rooms) {
        return sockets().to(rooms);
    }

    @Override
    public void emit(String event, Object... args) {
        sockets().emit(event, args);
    }

    @Override
    public CometOptions options() {
        return options;
    }

    /** The shared scheduler, for companions such as a bare Engine.IO endpoint on the same server. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
