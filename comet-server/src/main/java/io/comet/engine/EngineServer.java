package io.comet.engine;

import io.comet.protocol.EnginePacket;
import io.comet.protocol.EnginePacketType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An Engine.IO endpoint's sessions: it opens them, finds them by id and forgets them when they close.
 * It can be used on its own (a bare Engine.IO server) or under the Socket.IO layer.
 *
 * <p>Sessions live in a concurrent map; their expiry is the heartbeat, driven by the one shared
 * scheduler. There is no thread per session and no global lock.
 */
public final class EngineServer {
    private static final Logger log = LoggerFactory.getLogger(EngineServer.class);

    /** The version of Comet's protocol additions a client asks for with {@code comet=1}. */
    public static final String COMET_EXTENSIONS = "1";

    private final EngineOptions options;
    private final ScheduledExecutorService scheduler;
    private final Consumer<EngineSession> onOpen;
    private final String sidPrefix;
    private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private final SessionCount count = new SessionCount();
    private volatile boolean stopping;
    private int openWebSockets; // guarded by this

    /**
     * @param options   the endpoint's settings
     * @param scheduler the shared scheduler for heartbeats and deadlines
     * @param onOpen    called on the IO thread for each new session, before its first packet is written;
     *                  it sets the session's listener
     */
    public EngineServer(EngineOptions options, ScheduledExecutorService scheduler, Consumer<EngineSession> onOpen) {
        this(options, scheduler, onOpen, "");
    }

    /**
     * @param sidPrefix what the id of every session this endpoint opens starts with: in a cluster, the
     *                  node's id, by which other nodes know where to forward a request of the session
     */
    public EngineServer(EngineOptions options, ScheduledExecutorService scheduler, Consumer<EngineSession> onOpen,
                        String sidPrefix) {
        this.options = options;
        this.scheduler = scheduler;
        this.onOpen = onOpen;
        this.sidPrefix = sidPrefix;
    }

    public EngineOptions options() {
        return options;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * Opens a session served by {@code transport}, queues its open packet and starts its heartbeat. A
     * handshake with {@code comet=1} opens an acknowledging session (see {@link EngineSession#acking()}).
     */
    public EngineSession open(RequestInfo request, SessionTransport transport) {
        String sid = sidPrefix + Ids.random();
        count.opened(request.address());
        boolean acking = COMET_EXTENSIONS.equals(request.query().get("comet"));
        EngineSession session = new EngineSession(sid, this, request, transport, acking);
        sessions.put(sid, session);
        transport.attach(session);
        session.send(new EnginePacket(EnginePacketType.OPEN, openPacket(sid, transport, acking)));
        onOpen.accept(session);
        session.start();
        return session;
    }

    /**
     * Whether a new session from this client may open, or which cap it would pass. Checked before the
     * handshake is answered; a handshake racing others past the check still opens, so a cap may be passed
     * by the handshakes under way at that moment, never more.
     */
    public Admission admission(RequestInfo request) {
        if (count.total() >= options.maxSessions()) {
            return Admission.TOO_MANY_SESSIONS;
        }
        if (count.from(request.address()) >= options.maxSessionsPerAddress()) {
            return Admission.TOO_MANY_FROM_ADDRESS;
        }
        return Admission.ADMITTED;
    }

    /** Whether a new session may open. */
    public enum Admission { ADMITTED, TOO_MANY_SESSIONS, TOO_MANY_FROM_ADDRESS }

    /** The handshake data: the sid, the upgrades this transport may make, the heartbeat and size limits. */
    private String openPacket(String sid, SessionTransport transport, boolean acking) {
        boolean canUpgrade = transport.canUpgrade() && options.enabled(EngineOptions.WEBSOCKET);
        return "{\"sid\":\"" + sid + "\",\"upgrades\":" + (canUpgrade ? "[\"websocket\"]" : "[]")
                + ",\"pingInterval\":" + options.pingInterval() + ",\"pingTimeout\":" + options.pingTimeout()
                + ",\"maxPayload\":" + options.maxPayload() + (acking ? ",\"comet\":" + COMET_EXTENSIONS : "") + "}";
    }

    /** The open session with that id, or {@code null}. */
    public EngineSession get(String sid) {
        return sid == null ? null : sessions.get(sid);
    }

    public int size() {
        return sessions.size();
    }

    void remove(EngineSession session) {
        if (sessions.remove(session.id(), session)) {
            count.closed(session.request().address());
            idleMaybe();
        }
    }

    /** Whether new sessions are taken: false once {@link #shutdown()} began. */
    public boolean accepting() {
        return !stopping;
    }

    /** A WebSocket connection opened; {@link #awaitIdle} waits for it to close. */
    public synchronized void webSocketOpened() {
        openWebSockets++;
    }

    /** A WebSocket connection closed, after its last frame. */
    public void webSocketClosed() {
        synchronized (this) {
            openWebSockets--;
        }
        idleMaybe();
    }

    private synchronized void idleMaybe() {
        if (stopping) {
            notifyAll();
        }
    }

    /**
     * Stops taking new sessions and closes every session, telling each client the server is going away:
     * each writes what its queue holds, then the close packet. A polling client between two polls
     * collects them with its next poll.
     */
    public void shutdown() {
        stopping = true;
        Collection<EngineSession> all = new ArrayList<>(sessions.values());
        for (EngineSession s : all) {
            s.close(CloseReason.SERVER_SHUTDOWN);
        }
        log.debug("closing {} sessions", all.size());
    }

    /**
     * Waits, up to {@code deadlineNanos} ({@link System#nanoTime()}), until every session handed over its
     * last packets and every WebSocket closed; {@code true} if they all did. Blocks: not for IO threads.
     */
    public synchronized boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        while (!sessions.isEmpty() || openWebSockets > 0) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                log.warn("{} sessions and {} WebSockets still open at the end of the shutdown grace", sessions.size(), openWebSockets);
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
