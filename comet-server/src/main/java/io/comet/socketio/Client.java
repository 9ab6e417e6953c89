package io.comet.socketio;

import io.comet.DisconnectReason;
import io.comet.Handshake;
import io.comet.engine.CloseReason;
import io.comet.engine.EngineSession;
import io.comet.engine.RequestInfo;
import io.comet.engine.SessionListener;
import io.comet.protocol.EnginePacket;
import io.comet.protocol.ProtocolException;
import io.comet.protocol.SocketPacket;
import io.comet.protocol.Utf8;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Socket.IO side of one engine session: it decodes packets (putting binary attachments back
 * together), routes them to the socket of their namespace, and runs the application's handlers in
 * order on a {@link SerialExecutor}. A connection may join several namespaces, one socket each.
 *
 * <p>What one connection makes the server hold is bounded: a binary packet's attachments count, with
 * its text, against {@code maxPayload} as each one arrives (the session closes with
 * {@link CloseReason#PAYLOAD_TOO_LARGE} at the one that crosses it: 1009 on a WebSocket, 413 for a
 * POST), and when {@code maxDispatchBacklog} packets wait for the handlers, the session's reads pause
 * until half of them have run.
 */
final class Client implements SessionListener {
    private static final Logger log = LoggerFactory.getLogger(Client.class);
    private static final String RECOVERY_PID = "pid";
    private static final String RECOVERY_OFFSET = "offset";

    private final EngineSession session;
    private final SocketIoServer server;
    private final SerialExecutor dispatch;
    private final Map<String, SocketImpl> sockets = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> connectDeadline;
    private SocketPacket partial; // guarded by this: a binary packet waiting for attachments
    private long partialBytes;    // guarded by this: its text's bytes and its attachments' so far
    // Guarded by this, as are changes to sockets that race a close: the namespaces whose CONNECT is being
    // admitted, and whether the connection closed. A socket is added only while both say it may be.
    private final Set<String> joining = new HashSet<>();
    private boolean closing;

    Client(EngineSession session, SocketIoServer server) {
        this.session = session;
        this.server = server;
        SerialExecutor.Backlog backPressure = new SerialExecutor.Backlog() {
            @Override
            public void full() {
                session.pauseReads();
            }

            @Override
            public void drained() {
                session.resumeReads();
            }
        };
        this.dispatch = new SerialExecutor(server.pool(), server.limits().maxDispatchBacklog(), backPressure);
        this.connectDeadline = server.scheduler().schedule(() -> {
            if (sockets.isEmpty()) {
                session.close(CloseReason.CONNECT_TIMEOUT);
            }
        }, server.connectTimeout(), TimeUnit.MILLISECONDS);
    }

    EngineSession session() {
        return session;
    }

    SerialExecutor dispatch() {
        return dispatch;
    }

    SocketIoServer server() {
        return server;
    }

    void send(List<EnginePacket> packets) {
        session.send(packets);
    }

    void sendText(String text) {
        session.send(EnginePacket.message(text));
    }

    // ---------------------------------------------------------------- incoming

    @Override
    public void onMessage(EngineSession s, String text) {
        SocketPacket packet;
        synchronized (this) {
            if (partial != null) {
                parseError("text packet while binary attachments were expected");
                return;
            }
            try {
                packet = server.codec().decode(text);
            } catch (ProtocolException e) {
                parseError(e.getMessage());
                return;
            }
            if (!packet.isComplete()) {
                partial = packet;
                partialBytes = Utf8.length(text);
                return;
            }
        }
        route(packet);
    }

    @Override
    public void onBinary(EngineSession s, byte[] data) {
        SocketPacket packet;
        synchronized (this) {
            if (partial == null) {
                parseError("unexpected binary attachment");
                return;
            }
            partialBytes += data.length;
            if (partialBytes > server.limits().maxPayload()) {
                partial = null;
                log.debug("closing a connection: a packet's attachments are over maxPayload");
                session.close(CloseReason.PAYLOAD_TOO_LARGE);
                return;
            }
            partial.addAttachment(data);
            if (!partial.isComplete()) {
                return;
            }
            packet = partial;
            partial = null;
        }
        route(packet);
    }

    private void parseError(String why) {
        log.debug("closing a connection: {}", why);
        session.close(CloseReason.PARSE_ERROR);
    }

    private void route(SocketPacket packet) {
        switch (packet.type()) {
            case CONNECT -> connect(packet);
            case DISCONNECT -> leave(packet.namespace());
            // Looked up on the dispatch executor, behind any CONNECT still being accepted there, so a
            // client that emits right after its CONNECT (without waiting for the reply) loses nothing.
            case EVENT, BINARY_EVENT -> dispatch.execute(() -> {
                SocketImpl socket = sockets.get(packet.namespace());
                if (socket != null) {
                    socket.handleEvent(packet);
                }
            });
            case ACK, BINARY_ACK -> dispatch.execute(() -> {
                SocketImpl socket = sockets.get(packet.namespace());
                if (socket != null) {
                    socket.handleAck(packet);
                }
            });
            case CONNECT_ERROR -> parseError("client sent CONNECT_ERROR");
        }
    }

    /** The client left a namespace: its socket, or its CONNECT still being admitted, is given up. */
    private void leave(String namespace) {
        SocketImpl socket;
        synchronized (this) {
            if (joining.remove(namespace)) {
                return;
            }
            socket = sockets.remove(namespace);
        }
        if (socket != null) {
            socket.closed(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
        }
    }

    private void connect(SocketPacket packet) {
        NamespaceImpl namespace = server.find(packet.namespace());
        if (namespace == null) {
            sendText(server.codec().encodeConnectError(packet.namespace(), "Invalid namespace", null));
            return;
        }
        synchronized (this) {
            if (closing || sockets.containsKey(namespace.name()) || joining.contains(namespace.name())) {
                return;
            }
            if (sockets.size() + joining.size() >= server.limits().maxNamespacesPerConnection()) {
                sendText(server.codec().encodeConnectError(namespace.name(), "Too many namespaces", null));
                return;
            }
            joining.add(namespace.name());
        }
        Object auth = JsonValues.toJava(packet.data(), List.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> authMap = auth instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
        // socket.io's recovery fields are the server's business, not the application's.
        Object pid = authMap.remove(RECOVERY_PID);
        Object offset = authMap.remove(RECOVERY_OFFSET);
        String from = offset instanceof String o ? o : null;
        // A malformed offset is no claim: a fresh socket, rather than a replay from the wrong place.
        boolean claims = pid instanceof String && (offset == null || from != null) && server.recovery().enabled();
        SocketState state = claims ? namespace.claim((String) pid, from) : null;
        SocketImpl holder = claims && state == null ? namespace.livePid((String) pid) : null;
        if (holder != null && holder.client() != this) {
            // The client came back before the server saw its old connection go (a cut poll is only noticed
            // when written to): the old connection is asked, and only a dead one gives its socket up.
            holder.client().session().confirmAlive(alive ->
                    admit(namespace, authMap, alive ? null : namespace.claim((String) pid, from), from));
            return;
        }
        if (claims && state == null && namespace.cluster().ordered()) {
            // Not held here: its node may be gone, or the client came back through another node. A client
            // sends nothing on a namespace before its CONNECT reply, so nothing overtakes this admission.
            namespace.cluster().restore((String) pid, from).whenComplete((restored, error) ->
                    dispatch.execute(() -> admit(namespace, authMap, restored, from)));
            return;
        }
        admit(namespace, authMap, state, from);
    }

    /** Runs the middlewares for a socket on {@code state} (recovered) or a fresh one ({@code null}). */
    private void admit(NamespaceImpl namespace, Map<String, Object> auth, SocketState state, String from) {
        SocketImpl socket = new SocketImpl(namespace, this, handshake(Collections.unmodifiableMap(auth)),
                state != null ? state : namespace.newState(), state != null);
        dispatch.execute(() -> {
            // Middlewares that answer at once are finished here, ahead of the packets queued behind this
            // task; one that answers later from another thread is finished by a task of its own.
            Thread admitting = Thread.currentThread();
            boolean[] inThisTask = {true};
            namespace.admit(socket, rejection -> {
                Runnable finish = () -> finishConnect(namespace, socket, rejection, from);
                if (Thread.currentThread() == admitting && inThisTask[0]) {
                    finish.run();
                } else {
                    dispatch.execute(finish);
                }
            });
            inThisTask[0] = false;
        });
    }

    private void finishConnect(NamespaceImpl namespace, SocketImpl socket, NamespaceImpl.Rejection rejection, String offset) {
        if (rejection == null) {
            accept(namespace, socket, offset);
        } else {
            synchronized (this) {
                joining.remove(namespace.name());
            }
            namespace.forget(socket.state());
            sendText(server.codec().encodeConnectError(namespace.name(), rejection.message(), rejection.data()));
        }
    }

    /**
     * Runs on the dispatch executor: the CONNECT reply (and what a recovered socket missed) is queued
     * before anything a handler emits. A recovered socket whose history stopped covering its offset
     * meanwhile is connected as a fresh one instead.
     */
    private void accept(NamespaceImpl namespace, SocketImpl socket, String offset) {
        synchronized (this) {
            // Not if the connection closed or the client left meanwhile: the close would never see it.
            if (closing || !joining.remove(namespace.name()) || sockets.putIfAbsent(namespace.name(), socket) != null) {
                namespace.giveBack(socket);
                return;
            }
            namespace.add(socket); // findable before the client can see the reply; not yet sent to
        }
        connectDeadline.cancel(false);
        SocketImpl connected = socket;
        if (!socket.connect(offset) && socket.recovered()) {
            connected = new SocketImpl(namespace, this, socket.handshake(), namespace.newState(), false);
            synchronized (this) {
                if (closing || !sockets.replace(namespace.name(), socket, connected)) {
                    return;
                }
                namespace.drop(socket);
                namespace.add(connected);
            }
            if (!connected.connect(null)) {
                return;
            }
        } else if (!socket.connected()) {
            return;
        }
        namespace.fireConnection(connected);
    }

    /** Removes a socket the server disconnected; {@code false} if it had already gone. */
    boolean remove(SocketImpl socket) {
        return sockets.remove(socket.namespace().name(), socket);
    }

    @Override
    public void onClose(EngineSession s, CloseReason reason) {
        connectDeadline.cancel(false);
        DisconnectReason why = toDisconnectReason(reason);
        List<SocketImpl> all;
        synchronized (this) {
            closing = true;
            joining.clear();
            all = new ArrayList<>(sockets.values());
        }
        for (SocketImpl socket : all) {
            if (sockets.remove(socket.namespace().name(), socket)) {
                socket.closed(why);
            }
        }
    }

    private Handshake handshake(Map<String, Object> auth) {
        RequestInfo r = session.request();
        String address = r.remote() == null ? null : r.address();
        return new Handshake(r.headers(), r.query(), auth, address, r.url(), r.secure(), r.issued());
    }

    private static DisconnectReason toDisconnectReason(CloseReason reason) {
        return switch (reason) {
            case CLIENT_CLOSE, TRANSPORT_CLOSE -> DisconnectReason.TRANSPORT_CLOSE;
            case TRANSPORT_ERROR, CONNECT_TIMEOUT, PAYLOAD_TOO_LARGE -> DisconnectReason.TRANSPORT_ERROR;
            case PARSE_ERROR -> DisconnectReason.PARSE_ERROR;
            case PING_TIMEOUT -> DisconnectReason.PING_TIMEOUT;
            case QUEUE_OVERFLOW -> DisconnectReason.QUEUE_OVERFLOW;
            case FORCED_CLOSE -> DisconnectReason.FORCED_CLOSE;
            case SERVER_SHUTDOWN -> DisconnectReason.SERVER_SHUTTING_DOWN;
        };
    }
}
