package io.comet.socketio;

import io.comet.engine.Ids;
import io.comet.protocol.EnginePacket;
import io.comet.routing.Envelope;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

/**
 * What a socket is beyond one connection: its id and private session id ({@code pid}), its
 * {@code data()}, the events it was sent ({@link History}), the numbering of its client's emits and
 * the acknowledgements it awaits (their ids are numbered by the namespace, so that one broadcast's
 * packets can ask every recipient for the same one). A socket that disconnects for a recoverable
 * reason leaves its state in its namespace for the recovery window; a client that reconnects with the
 * {@code pid} gets a new {@link SocketImpl} on the same state.
 *
 * <p>Its lock orders everything that reaches the client: an event is recorded in the history and
 * queued to the connected socket in one step, and a socket is attached (its CONNECT reply, then what it
 * missed) in one step, so nothing falls between a replay and the live stream. The lock is per socket
 * and held only to append and queue; it is taken before the engine session's.
 */
final class SocketState {
    /** An acknowledgement the server awaits from the client. */
    record PendingAck(CompletableFuture<List<Object>> future, ScheduledFuture<?> deadline) {
    }

    private final String id;
    private final String pid;
    private final History history; // null when recovery is off
    private final Map<String, Object> data = new ConcurrentHashMap<>();
    private final UpstreamSequence upstream;
    private final Map<Long, PendingAck> acks = new ConcurrentHashMap<>();
    private SocketImpl live;     // guarded by this: the connected socket, if any
    private Runnable onLost;     // guarded by this: set while disconnected, run when recovery became impossible

    /** A new socket's state: a new id, and a new pid when recovery is on. */
    SocketState(RecoveryOptions recovery) {
        this(recovery, Ids.random(), recovery.enabled() ? Ids.random() : null, 0);
    }

    /** A state with this id and pid whose client's emits up to {@code upstream} have run. */
    SocketState(RecoveryOptions recovery, String id, String pid, long upstream) {
        this.history = recovery.enabled() ? new History(recovery) : null;
        this.id = id;
        this.pid = pid;
        this.upstream = new UpstreamSequence(upstream);
    }

    String id() {
        return id;
    }

    /** The private session id a client presents to recover this socket; {@code null} when recovery is off. */
    String pid() {
        return pid;
    }

    Map<String, Object> data() {
        return data;
    }

    UpstreamSequence upstream() {
        return upstream;
    }

    Map<Long, PendingAck> acks() {
        return acks;
    }

    /**
     * Records an event in the history and queues it to the connected socket, if any. A disconnected
     * socket's history keeps taking events until one it takes pushes out another taken since the
     * disconnect: then no client can recover, and the state is given up.
     */
    void deliver(Envelope event) {
        Runnable lost = null;
        synchronized (this) {
            if (history != null && event.offset() != null) {
                history.append(event, event.sentAt());
                if (live == null && onLost != null && history.lostSinceMark()) {
                    lost = onLost;
                    onLost = null;
                }
            }
            if (live != null) {
                live.client().send(event.packets());
            }
        }
        if (lost != null) {
            lost.run();
        }
    }

    /** Queues packets that are not events (acknowledgements) to the connected socket; {@code false} if none. */
    synchronized boolean send(List<EnginePacket> packets) {
        if (live == null) {
            return false;
        }
        live.client().send(packets);
        return true;
    }

    /**
     * Puts the events a socket recovered from the cluster missed after {@code offset} ahead of those its
     * history took since it was registered here, as if this node had sent them all; {@code false} when
     * the history's bounds do not hold them all.
     */
    synchronized boolean restore(List<Envelope> missed, String offset) {
        history.restore(missed, offset, System.currentTimeMillis());
        return history.covers(offset);
    }

    /** Whether a client that received the event at {@code offset} (or none) can get all it missed. */
    synchronized boolean covers(String offset) {
        return history != null && history.covers(offset);
    }

    /**
     * Makes {@code socket} the connected one: queues its CONNECT reply and then, when recovering, every
     * event after {@code offset}, before anything emitted later. {@code false} (and nothing queued) when
     * the history no longer covers that offset.
     */
    synchronized boolean attach(SocketImpl socket, String connectReply, boolean recovering, String offset) {
        List<Envelope> missed = List.of();
        if (recovering) {
            missed = history.after(offset);
            if (missed == null) {
                return false;
            }
        }
        onLost = null;
        if (history != null) {
            history.mark(false);
        }
        socket.markConnected();
        socket.client().sendText(connectReply);
        for (Envelope e : missed) {
            socket.client().send(e.packets());
        }
        live = socket;
        return true;
    }

    /**
     * The connected socket went away. With {@code onLost} the state waits for a recovery, and runs it
     * if its history can no longer serve one; without, it takes nothing more.
     */
    synchronized void detach(SocketImpl socket, Runnable onLost) {
        if (live != socket) {
            return;
        }
        live = null;
        this.onLost = onLost;
        if (history != null) {
            history.mark(onLost != null);
        }
    }

    /** Whether {@code socket} is the connected one. */
    synchronized boolean isLive(SocketImpl socket) {
        return live == socket;
    }
}
