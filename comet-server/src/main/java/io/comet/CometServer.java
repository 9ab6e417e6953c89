package io.comet;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.comet.routing.InMemoryAdapter;
import io.comet.server.DefaultCometServer;
import io.comet.transport.Transports;
import io.undertow.server.HttpHandler;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * A Comet server: Socket.IO v5 over Engine.IO v4 on Undertow, with the session layer that keeps each
 * client's events ordered while it is between requests.
 *
 * <p>Run it standalone:
 * <pre>{@code
 * CometServer server = CometServer.builder().port(8080).build().start();
 * server.sockets().onConnection(socket -> socket.on("chat", (args, ack) -> server.emit("chat", args.get(0))));
 * }</pre>
 * or mount {@link #handler(HttpHandler)} into an Undertow server of your own, without calling
 * {@link #start()}. Either way the browser client is served at {@code <path>comet.js}.
 */
public interface CometServer {

    static Builder builder() {
        return new Builder();
    }

    /** Starts a standalone Undertow listener on the configured host and port. */
    CometServer start();

    /** {@link #stop(Duration)} with a grace of 10 seconds. */
    void stop();

    /**
     * Stops gracefully: new sessions are refused (503), every session writes what its queue holds and
     * then tells its client to reconnect ('server shutting down'), and only once those packets are
     * written (or {@code grace} has passed) do the listener and the threads stop. A polling client
     * between two polls collects its last packets with its next poll. Blocks for up to {@code grace};
     * {@link Duration#ZERO} stops at once.
     */
    void stop(Duration grace);

    /** The port the standalone listener is bound to (useful with port 0), or -1 when not started. */
    int port();

    /** A handler for an Undertow server of your own: it serves this server's path and answers 404 elsewhere. */
    HttpHandler handler();

    /** A handler that serves this server's path and passes every other request to {@code next}. */
    HttpHandler handler(HttpHandler next);

    /** The namespace with this name, registered on first use. */
    Namespace of(String name);

    /** The main namespace, {@code "/"}. */
    Namespace sockets();

    /** Selects the sockets of the main namespace in these rooms; a socket id is a room. */
    BroadcastOperator to(String... rooms);

    /** Sends an event to every socket of the main namespace. */
    void emit(String event, Object... args);

    /**
     * The channels of the main namespace: subscribe, publish, authorization, history (docs/channels.md).
     * Set them up before clients connect: sockets that connected before the first call do not serve them.
     */
    Channels channels();

    CometOptions options();

    /** Builds a {@link CometServer}. Every setting has a default that suits production. */
    final class Builder {
        private String host = "0.0.0.0";
        private int port = 8080;
        private String path = "/socket.io/";
        private long pingInterval = 25_000;
        private long pingTimeout = 20_000;
        private int maxPayload = 1_000_000;
        private long connectTimeout = 45_000;
        private long upgradeTimeout = 10_000;
        private final Set<String> allowedOrigins = new LinkedHashSet<>();
        private final Set<String> transports = new LinkedHashSet<>(Transports.NAMES);
        private int maxQueuedPackets = 10_000;
        private long maxQueuedBytes = 4L << 20;
        private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private ObjectMapper objectMapper = new ObjectMapper();
        private Executor executor;
        private Duration connectionStateRecovery = Duration.ofMinutes(2);
        private int recoveryEvents = 10_000;
        private long recoveryBytes = 4L << 20;
        private boolean trustProxy;
        private final Set<String> allowedHosts = new LinkedHashSet<>();
        private boolean legacyRequestsWithoutOrigin;
        private int maxSessions = 100_000;
        private int maxSessionsPerAddress = 10_000;
        private int maxHeaderBytes = 64 * 1024;
        private Duration requestParseTimeout = Duration.ofSeconds(10);
        private Duration requestBodyTimeout = Duration.ofSeconds(30);
        private int maxNamespacesPerConnection = 32;
        private int maxRoomsPerSocket = 1_000;
        private int maxAttachments = 100;
        private int maxDispatchBacklog = 1_000;
        private Adapter.Factory adapter = InMemoryAdapter::new;
        private SessionRouting sessionRouting;
        private String advertisedUrl;

        Builder() {
        }

        /** The interface to listen on when started standalone; default {@code 0.0.0.0}. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** The port to listen on when started standalone; 0 picks a free one; default 8080. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The URL path of the endpoint, with leading and trailing slash; default {@code /socket.io/}. */
        public Builder path(String path) {
            String p = path.startsWith("/") ? path : "/" + path;
            this.path = p.endsWith("/") ? p : p + "/";
            return this;
        }

        /** Milliseconds between server pings; default 25000. */
        public Builder pingInterval(long millis) {
            this.pingInterval = positive(millis);
            return this;
        }

        /** Milliseconds a client has to answer a ping; default 20000. */
        public Builder pingTimeout(long millis) {
            this.pingTimeout = positive(millis);
            return this;
        }

        /**
         * The largest HTTP body, WebSocket message (all its fragments) or binary packet (its text and
         * attachments together) accepted, in bytes; default 1000000. Anything larger is refused before
         * more than this is held: 413 for a POST, close code 1009 on a WebSocket, and the session closes.
         */
        public Builder maxPayload(int bytes) {
            this.maxPayload = (int) positive(bytes);
            return this;
        }

        /** Milliseconds a new connection has to join a namespace before it is closed; default 45000. */
        public Builder connectTimeout(long millis) {
            this.connectTimeout = positive(millis);
            return this;
        }

        /** Milliseconds a WebSocket upgrade may take; default 10000. */
        public Builder upgradeTimeout(long millis) {
            this.upgradeTimeout = positive(millis);
            return this;
        }

        /**
         * Origins allowed to connect cross-origin, as {@code scheme://host[:port]}, e.g.
         * {@code https://app.example.com}: their pages may use every transport, with the user's cookies
         * ({@code Access-Control-Allow-Credentials: true}). {@code "*"} lets any other origin use the
         * CORS transports (polling, xhr-streaming, eventsource) and WebSocket, without credentials
         * ({@code Access-Control-Allow-Origin: *}; clients with {@code withCredentials} false, the
         * default of comet.js and socket.io-client); it does not open jsonp-polling or htmlfile, whose
         * requests always carry cookies. {@code "null"} (sandboxed frames, {@code file:} pages) is
         * allowed only when listed as such, never by {@code "*"}. Same-origin pages and non-browser
         * clients are always allowed. Default: none. See docs/security.md.
         *
         * @throws IllegalArgumentException from {@link #build()} for an entry that is not an origin
         */
        public Builder allowedOrigins(String... origins) {
            allowedOrigins.addAll(List.of(origins));
            return this;
        }

        /**
         * The transports clients may use: {@code websocket}, {@code xhr-streaming}, {@code eventsource},
         * {@code htmlfile}, {@code polling}, {@code jsonp-polling}; default all of them.
         */
        public Builder transports(String... names) {
            for (String n : names) {
                if (!Transports.NAMES.contains(n)) {
                    throw new IllegalArgumentException("unknown transport: " + n);
                }
            }
            transports.clear();
            transports.addAll(List.of(names));
            return this;
        }

        /**
         * Bounds each client's queue of undelivered packets; a client that falls further behind is
         * disconnected with {@link DisconnectReason#QUEUE_OVERFLOW}. Defaults: 10000 packets, 4 MiB.
         */
        public Builder maxQueued(int packets, long bytes) {
            this.maxQueuedPackets = (int) positive(packets);
            this.maxQueuedBytes = positive(bytes);
            return this;
        }

        /** XNIO IO threads of the standalone listener; default the number of cores, at least 2. */
        public Builder ioThreads(int n) {
            this.ioThreads = (int) positive(n);
            return this;
        }

        /** The Jackson mapper that turns event arguments into JSON; default a plain {@code ObjectMapper}. */
        public Builder objectMapper(ObjectMapper mapper) {
            this.objectMapper = Objects.requireNonNull(mapper);
            return this;
        }

        /**
         * Where application handlers run. Default: a pool owned by the server. Handlers of one connection
         * run one at a time in arrival order whatever the executor.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor);
            return this;
        }

        /**
         * Connection state recovery: a socket that disconnects for a recoverable reason (a cut, a ping
         * timeout, a queue overflow, a shutdown) and whose client comes back within this window gets its
         * id, rooms and {@code data()} back, and every event it missed, in order ({@link Socket#recovered()}).
         * Stock socket.io clients v4.6+ recover too. Default 2 minutes; {@link Duration#ZERO} turns it off
         * (then events carry no offset and the CONNECT reply no {@code pid}). See docs/delivery.md.
         */
        public Builder connectionStateRecovery(Duration window) {
            if (window.isNegative()) {
                throw new IllegalArgumentException("must not be negative: " + window);
            }
            this.connectionStateRecovery = window;
            return this;
        }

        /**
         * Bounds each socket's recovery history: the events kept for a client that may come back. A client
         * that missed more than this is told it did not recover. Defaults: 10000 events, 4 MiB (a broadcast
         * is shared by every history it is in; each costs a reference).
         */
        public Builder recoveryHistory(int events, long bytes) {
            this.recoveryEvents = (int) positive(events);
            this.recoveryBytes = positive(bytes);
            return this;
        }

        /**
         * Whether the client address, scheme and host come from a reverse proxy's {@code Forwarded} or
         * {@code X-Forwarded-For/-Proto/-Host} headers, for the same-origin check, {@link #allowedHosts},
         * {@link Handshake#address()}, {@link Handshake#secure()} and the sessions per address. Only the
         * last element of each header is believed (the one the proxy next to the server appended); a
         * header that does not parse is ignored. Turn it on only behind a proxy that sets them all and
         * that every client must go through; default off. See docs/security.md.
         */
        public Builder trustProxy(boolean trust) {
            this.trustProxy = trust;
            return this;
        }

        /**
         * The host names (with {@code :port} when not the scheme's default) that requests may name in
         * {@code Host}, against DNS rebinding; other hosts get 403. Default: any host.
         */
        public Builder allowedHosts(String... hosts) {
            allowedHosts.addAll(List.of(hosts));
            return this;
        }

        /**
         * Whether jsonp-polling and htmlfile requests that carry no {@code Origin}, {@code Referer} or
         * {@code Sec-Fetch-Site} (so nothing tells which page sent them) are admitted. These transports
         * cross origins by design, so without this a request must show it comes from an allowed or the
         * same origin. Default off. See docs/security.md.
         */
        public Builder legacyRequestsWithoutOrigin(boolean admit) {
            this.legacyRequestsWithoutOrigin = admit;
            return this;
        }

        /**
         * The most Engine.IO sessions at once, in total and from one client address (see
         * {@link #trustProxy(boolean)}); a handshake over either gets 503 or 429. Defaults: 100000 and
         * 10000 (a benchmark on loopback opens 10000).
         */
        public Builder maxSessions(int total, int perAddress) {
            this.maxSessions = (int) positive(total);
            this.maxSessionsPerAddress = (int) positive(perAddress);
            return this;
        }

        /** The most Engine.IO sessions at once from one client address; default 10000. */
        public Builder maxSessionsPerAddress(int sessions) {
            this.maxSessionsPerAddress = (int) positive(sessions);
            return this;
        }

        /** The largest request line and headers together, in bytes; larger requests get 431. Default 64 KiB. */
        public Builder maxHeaderBytes(int bytes) {
            this.maxHeaderBytes = (int) positive(bytes);
            return this;
        }

        /**
         * How long a request may take: its headers on the standalone listener ({@code parse}, the
         * connection is closed after it, and after as long without a request under way) and its body
         * ({@code body}, answered 408 and the connection closed; this one holds when embedded too).
         * Defaults 10 s and 30 s. When embedding, set Undertow's {@code REQUEST_PARSE_TIMEOUT},
         * {@code NO_REQUEST_TIMEOUT} and {@code MAX_HEADER_SIZE} on your own listener (docs/security.md).
         */
        public Builder requestTimeouts(Duration parse, Duration body) {
            this.requestParseTimeout = positive(parse);
            this.requestBodyTimeout = positive(body);
            return this;
        }

        /** The most namespaces one connection may join; a CONNECT beyond gets a CONNECT_ERROR. Default 32. */
        public Builder maxNamespacesPerConnection(int namespaces) {
            this.maxNamespacesPerConnection = (int) positive(namespaces);
            return this;
        }

        /**
         * The most rooms one socket may be in, its own room included; {@link Socket#join(String)} beyond
         * throws {@link IllegalStateException}. Default 1000.
         */
        public Builder maxRoomsPerSocket(int rooms) {
            this.maxRoomsPerSocket = (int) positive(rooms);
            return this;
        }

        /**
         * The most binary attachments one packet may carry; a packet announcing more does not decode and
         * closes its connection with a parse error. Their total size, with the packet's text, counts
         * against {@link #maxPayload(int)} as each one arrives. Default 100.
         */
        public Builder maxAttachments(int attachments) {
            this.maxAttachments = (int) positive(attachments);
            return this;
        }

        /**
         * The most packets of one connection waiting for its handlers; when that many wait, the
         * connection's reads pause until half of them have run, instead of queueing without end. Nothing
         * is dropped: the client's data waits unread (a POST waits for its answer). Default 1000.
         */
        public Builder maxDispatchBacklog(int packets) {
            this.maxDispatchBacklog = (int) positive(packets);
            return this;
        }

        /**
         * The adapter of each namespace: where rooms are kept and broadcasts routed. Default: in this
         * process only ({@code InMemoryAdapter}). A cluster adapter, e.g. {@code comet-redis}'s, makes
         * several servers (Comet nodes, and socket.io nodes) one: see docs/scaling.md.
         */
        public Builder adapter(Adapter.Factory factory) {
            this.adapter = Objects.requireNonNull(factory);
            return this;
        }

        /**
         * How the nodes of a cluster forward a request to the node that holds its session (no sticky
         * sessions). Default: none, or the {@link #adapter(Adapter.Factory) adapter} when it also
         * implements {@link SessionRouting}.
         */
        public Builder sessionRouting(SessionRouting routing) {
            this.sessionRouting = Objects.requireNonNull(routing);
            return this;
        }

        /**
         * The URL other nodes of a cluster reach this one at, e.g. {@code http://10.0.0.5:8081}. Default:
         * {@code http://<host>:<port>} of the standalone listener, with this machine's address when the
         * host is {@code 0.0.0.0}.
         */
        public Builder advertisedUrl(String url) {
            this.advertisedUrl = Objects.requireNonNull(url);
            return this;
        }

        public CometServer build() {
            return new DefaultCometServer(new CometOptions(host, port, path, pingInterval, pingTimeout, maxPayload,
                    connectTimeout, upgradeTimeout, Set.copyOf(allowedOrigins), Set.copyOf(transports),
                    maxQueuedPackets, maxQueuedBytes, ioThreads, objectMapper, executor,
                    connectionStateRecovery, recoveryEvents, recoveryBytes,
                    new CometOptions.Access(trustProxy, Set.copyOf(allowedHosts), legacyRequestsWithoutOrigin),
                    new CometOptions.Limits(maxSessions, maxSessionsPerAddress, maxHeaderBytes, requestParseTimeout,
                            requestBodyTimeout, maxNamespacesPerConnection, maxRoomsPerSocket, maxAttachments,
                            maxDispatchBacklog), adapter,
                    sessionRouting != null ? sessionRouting : adapter instanceof SessionRouting r ? r : null, advertisedUrl));
        }

        private static Duration positive(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("must be positive: " + d);
            }
            return d;
        }

        private static long positive(long v) {
            if (v <= 0) {
                throw new IllegalArgumentException("must be positive: " + v);
            }
            return v;
        }
    }
}
