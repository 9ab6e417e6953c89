package io.comet.engine;

import io.comet.protocol.EnginePacket;
import io.comet.protocol.EnginePacketType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One Engine.IO session: its id, its outbound queue, its heartbeat and the transport that serves it.
 *
 * <p>The session outlives the requests of a polling client and does not care which transport serves
 * it. Everything emitted for the client goes through {@link #send}: it is queued in order with an
 * offset and the current transport, if any, is woken to drain it on its IO thread. All state changes
 * happen under the session's own lock, held briefly; nothing here blocks or does IO.
 *
 * <p>The listener may {@link #pauseReads() pause} what comes up when its handlers fall behind: the
 * serving transport stops reading until {@link #resumeReads()}, whichever transport serves by then.
 */
public final class EngineSession {
    private static final Logger log = LoggerFactory.getLogger(EngineSession.class);

    private final String id;
    private final EngineServer server;
    private final RequestInfo request;
    private final OutboundQueue queue;
    private final boolean acking;
    private volatile SessionListener listener;

    // guarded by this
    private SessionTransport transport;
    private SessionTransport upgrade;
    private boolean closed;
    private boolean overflowed; // the queue refused a packet: nothing after it may be delivered
    private CloseReason closeReason;
    private ScheduledFuture<?> upgradeDeadline;
    private final Heartbeat heartbeat;
    private final ReadPause readPause;

    EngineSession(String id, EngineServer server, RequestInfo request, SessionTransport transport, boolean acking) {
        this.id = id;
        this.server = server;
        this.request = request;
        this.transport = transport;
        this.acking = acking;
        EngineOptions o = server.options();
        this.queue = new OutboundQueue(o.maxQueuedPackets(), o.maxQueuedBytes());
        this.heartbeat = new Heartbeat(server.scheduler(), o.pingInterval(), o.pingTimeout(),
                () -> send(EnginePacket.PING), () -> close(CloseReason.PING_TIMEOUT));
        this.readPause = new ReadPause(heartbeat, this::serving);
    }

    public String id() {
        return id;
    }

    public RequestInfo request() {
        return request;
    }

    /**
     * Whether the client negotiated Comet's acknowledgements ({@code comet=1}): every packet then stays
     * queued until the client names a later offset, whatever the transport, and a lost connection does
     * not end the session (see docs/delivery.md).
     */
    public boolean acking() {
        return acking;
    }

    public synchronized String transportName() {
        return transport == null ? null : transport.name();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Why the session closed, or {@code null} while it is open. */
    public synchronized CloseReason closeReason() {
        return closeReason;
    }

    /** Sets who hears this session's messages; set once, right after the session opens. */
    public void listener(SessionListener listener) {
        this.listener = listener;
    }

    /** The offset the next queued packet will get: how many packets this session has queued so far. */
    public synchronized long nextOffset() {
        return queue.nextOffset();
    }

    /** Queues a packet for the client; {@code false} if the session is closed or overflowed. */
    public boolean send(EnginePacket packet) {
        return send(List.of(packet));
    }

    /**
     * Queues packets that must stay together (a Socket.IO packet and its binary attachments).
     * On overflow the session takes nothing more and closes with {@link CloseReason#QUEUE_OVERFLOW}:
     * dropping packets silently would break the promise that what is delivered arrives complete and in
     * order, and what was queued before still reaches the client.
     */
    public boolean send(List<EnginePacket> packets) {
        SessionTransport wake;
        boolean overflow = false;
        synchronized (this) {
            if (closed || overflowed) {
                return false;
            }
            if (!queue.offerAll(packets)) {
                overflow = overflowed = true;
            }
            wake = transport;
        }
        if (overflow) {
            // Closed from the scheduler: the sender may hold locks that the close's listeners take.
            log.warn("a session overflowed its outbound queue ({}); closing it", request.remote());
            server.scheduler().execute(() -> close(CloseReason.QUEUE_OVERFLOW));
            return false;
        }
        if (wake != null) {
            wake.wake();
        }
        return true;
    }

    /**
     * Takes up to {@code max} queued packets for the given transport to write, or an empty list when
     * that transport no longer serves this session.
     */
    public synchronized List<EnginePacket> drainFor(SessionTransport t, int max) {
        // After close the last serving transport may still take what is left, so that a server-side
        // close delivers everything queued before it.
        if (t != transport) {
            return List.of();
        }
        return acking ? queue.drainRetained(max) : queue.drain(max);
    }

    /** A run of consecutive packets of the session's stream and the offset of the first. */
    public record Batch(long firstOffset, List<EnginePacket> packets) {
    }

    /**
     * Takes up to {@code max} queued packets for a streaming transport, keeping them until the client
     * acknowledges them with {@link #resumeFrom}; empty when that transport no longer serves the session.
     */
    public synchronized Batch streamFor(SessionTransport t, int max) {
        long first = queue.headOffset();
        return new Batch(first, t == transport ? queue.drainRetained(max) : List.of());
    }

    /**
     * A client (re)opened a stream expecting the packet at {@code nextExpected}: everything before it is
     * acknowledged, and everything sent since is queued again, in order.
     */
    public synchronized boolean resumeFrom(long nextExpected) {
        if (acking && !queue.holds(nextExpected)) {
            return false;
        }
        queue.resendFrom(nextExpected);
        return true;
    }

    /**
     * A transport that does not retain for the client's sake (a WebSocket of a session without
     * acknowledgements) finished writing the oldest packet it took: it leaves the queue's bounds now,
     * not when it was handed to the connection.
     */
    public synchronized void written(SessionTransport t) {
        if (!acking && t == transport) {
            queue.acknowledge(queue.retainedOffset() + 1);
        }
    }

    /**
     * A new connection of the serving transport's kind takes an acknowledging session over from one that
     * was cut, resuming at {@code nextExpected}; the old connection is closed without a close packet.
     * {@code false} (nothing changes) when the session does not acknowledge, is closed or upgrading, is
     * served by another kind of transport, or no longer holds that offset.
     */
    public boolean resume(SessionTransport replacement, long nextExpected) {
        SessionTransport old;
        synchronized (this) {
            if (!canResume(replacement.name(), nextExpected)) {
                return false;
            }
            old = transport;
            transport = replacement;
            queue.resendFrom(nextExpected);
        }
        readPause.handOver(old, replacement);
        old.close(CloseReason.TRANSPORT_CLOSE);
        replacement.wake();
        return true;
    }

    /** Whether the client may name {@code offset} as the next it expects: held, or the next to send. */
    public synchronized boolean holds(long offset) {
        return queue.holds(offset);
    }

    /** Whether {@link #resume} would accept a connection of that transport at that offset now. */
    public synchronized boolean canResume(String transportName, long nextExpected) {
        return acking && !closed && upgrade == null && transport != null && transport.name().equals(transportName)
                && queue.holds(nextExpected);
    }

    /**
     * The response of the stream serving this session was cut before the server ended it: the client
     * may have missed any packet it carried, so those are not taken as delivered if another transport
     * takes over before the client names its offset again.
     */
    public synchronized void streamCut(SessionTransport t) {
        if (t == transport) {
            queue.retainedInDoubt();
        }
    }

    /** The transport serving the session now. */
    public synchronized SessionTransport transport() {
        return transport;
    }

    public synchronized boolean hasQueued() {
        return !queue.isEmpty();
    }

    /** Whether this transport is the one currently serving the session. */
    public synchronized boolean isServedBy(SessionTransport t) {
        return !closed && transport == t;
    }

    // ---------------------------------------------------------------- lifecycle

    void start() {
        heartbeat.restart();
    }

    /**
     * Offers a second transport to take over (the WebSocket upgrade); {@code false} when the session
     * cannot be upgraded now: it is closed, already upgrading, or its transport cannot be upgraded.
     */
    public boolean beginUpgrade(SessionTransport candidate) {
        synchronized (this) {
            if (closed || upgrade != null || transport == null || !transport.canUpgrade()) {
                return false;
            }
            upgrade = candidate;
            upgradeDeadline = server.scheduler().schedule(() -> abandonUpgrade(candidate),
                    server.options().upgradeTimeout(), TimeUnit.MILLISECONDS);
        }
        return true;
    }

    private void abandonUpgrade(SessionTransport candidate) {
        SessionTransport current;
        synchronized (this) {
            if (upgrade != candidate) {
                return;
            }
            upgrade = null;
            cancel(upgradeDeadline);
            current = transport;
        }
        candidate.close(CloseReason.TRANSPORT_ERROR);
        if (current != null) {
            current.onUpgradeAbandoned();
        }
    }

    /**
     * Handles a packet that arrived on a transport: heartbeat, upgrade and close here; messages go up
     * to the listener. Packets from a transport that no longer serves the session are dropped.
     */
    public void onPacket(EnginePacket packet, SessionTransport from) {
        SessionTransport current;
        boolean fromUpgrade;
        synchronized (this) {
            if (closed) {
                return;
            }
            current = transport;
            fromUpgrade = from == upgrade && from != null;
        }
        if (fromUpgrade) {
            onUpgradePacket(packet, from, current);
            return;
        }
        if (from != current) {
            return;
        }
        switch (packet.type()) {
            case PONG -> heartbeat.restart();
            case PING -> send(EnginePacket.PONG);
            case MESSAGE -> {
                SessionListener l = listener;
                if (l != null) {
                    if (packet.isBinary()) {
                        l.onBinary(this, packet.binary());
                    } else {
                        l.onMessage(this, packet.text());
                    }
                }
            }
            case CLOSE -> close(CloseReason.CLIENT_CLOSE);
            case NOOP -> acknowledge(packet.text());
            case UPGRADE -> { }
            case OPEN -> close(CloseReason.TRANSPORT_ERROR);
        }
    }

    /** A client noop carrying an offset acknowledges what comes before it; anything else is ignored. */
    private synchronized void acknowledge(String offset) {
        long n = acking ? Offsets.parse(offset) : -1;
        if (n >= 0 && queue.holds(n)) {
            queue.acknowledge(n);
        }
    }

    private void onUpgradePacket(EnginePacket packet, SessionTransport candidate, SessionTransport current) {
        if (packet.type() == EnginePacketType.PING && "probe".equals(packet.text())) {
            candidate.sendDirect(EnginePacket.PONG_PROBE);
            if (current != null) {
                current.onUpgrading();
            }
        } else if (packet.type() == EnginePacketType.UPGRADE) {
            SessionTransport old;
            synchronized (this) {
                if (closed || upgrade != candidate) {
                    return;
                }
                old = transport;
                transport = candidate;
                upgrade = null;
                cancel(upgradeDeadline);
                // An acknowledging client names where the WebSocket starts; others leave it to the queue.
                long next = acking ? Offsets.parse(packet.text()) : -1;
                if (next >= 0 && queue.holds(next)) {
                    queue.resendFrom(next);
                } else {
                    queue.handOver();
                }
            }
            readPause.handOver(old, candidate);
            if (old != null) {
                old.close(CloseReason.TRANSPORT_CLOSE);
            }
            candidate.wake();
        } else {
            abandonUpgrade(candidate);
        }
    }

    /**
     * The connection of a transport went away. Losing the serving transport closes the session, unless
     * the client acknowledges and did not say goodbye ({@link CloseReason#CLIENT_CLOSE}): then it may
     * resume, and the heartbeat ends the session if it does not.
     */
    public void onTransportClosed(SessionTransport t, CloseReason reason) {
        boolean serving;
        synchronized (this) {
            if (upgrade == t) {
                abandonUpgradeLater(t);
                return;
            }
            serving = transport == t && (!acking || reason == CloseReason.CLIENT_CLOSE);
        }
        if (serving) {
            close(reason);
        }
    }

    private void abandonUpgradeLater(SessionTransport candidate) {
        server.scheduler().execute(() -> abandonUpgrade(candidate));
    }

    /** Closes the session once; the transports end their connections and the listener hears why. */
    public void close(CloseReason reason) {
        SessionTransport t;
        SessionTransport u;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closeReason = reason;
            t = transport;
            u = upgrade;
            upgrade = null;
            cancel(upgradeDeadline);
        }
        heartbeat.stop();
        readPause.release(t);
        log.debug("a session closed: {}", reason.wireName());
        if (u != null) {
            u.close(reason);
        }
        boolean awaitsLastRequest = t != null && t.close(reason);
        if (awaitsLastRequest) {
            server.scheduler().schedule(this::forget, server.options().pingTimeout(), TimeUnit.MILLISECONDS);
        } else {
            forget();
        }
        SessionListener l = listener;
        if (l != null) {
            l.onClose(this, reason);
        }
    }

    // ---------------------------------------------------------------- back-pressure

    /**
     * The listener fell behind: the serving transport stops reading what the client sends until
     * {@link #resumeReads()}. Nothing is dropped (see {@link SessionTransport#pauseReads()}), and the
     * heartbeat is held meanwhile: pongs that are not read are not late.
     */
    public void pauseReads() {
        readPause.pause();
    }

    /** The listener caught up: the serving transport reads again, and the heartbeat starts afresh. */
    public void resumeReads() {
        readPause.resume();
    }

    /** The transport serving the session now, or {@code null} once it closed. */
    private synchronized SessionTransport serving() {
        return closed ? null : transport;
    }

    /**
     * Finds out whether the client is still there, for a client that claims to have come back on another
     * session: {@code result} gets {@code false} once this session closed because its connection is
     * gone, {@code true} when it is alive or cannot tell (see {@link SessionTransport#confirmAlive}).
     */
    public void confirmAlive(Consumer<Boolean> result) {
        SessionTransport t;
        synchronized (this) {
            t = closed ? null : transport;
        }
        if (t == null) {
            result.accept(false);
        } else {
            t.confirmAlive(alive -> result.accept(alive && !isClosed()));
        }
    }

    /** Removes the closed session from its server: its id is unknown from now on. */
    public void forget() {
        server.remove(this);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    @Override
    public String toString() {
        return "EngineSession[" + id + "]";
    }
}
