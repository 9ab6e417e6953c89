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

    private final String id = Ids.random();
    private final String pid;
    private final History history; // null when recovery is off
    private final Map<String, Object> data = new ConcurrentHashMap<>();
    private final UpstreamSequence upstream = new UpstreamSequence();
    private final Map<Long, PendingAck> acks = new ConcurrentHashMap<>();
    private SocketImpl live;     // guarded by this: the connected socket, if any
    private Runnable onLost;     // guarded by this: set while disconnected, run when recovery became impossible

    SocketState(RecoveryOptions recovery) {
        this.history = recovery.enabled() ? new History(recovery) : null;
        this.pid = recovery.enabled() ? Ids.random() : null;
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
