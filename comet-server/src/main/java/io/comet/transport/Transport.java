package io.comet.transport;

import io.comet.engine.CloseReason;
import io.comet.engine.EngineSession;
import io.comet.engine.SessionTransport;
import io.comet.protocol.EngineCodec;
import io.comet.protocol.EnginePacket;
import io.comet.protocol.ProtocolException;

/**
 * The shared base of every transport. A transport moves framed bytes between one connection and one
 * session: it drains the session's queue into the wire when woken and hands up what arrives. It knows
 * nothing of events, rooms or namespaces.
 */
public abstract class Transport implements SessionTransport {
    private volatile EngineSession session;

    @Override
    public void attach(EngineSession session) {
        this.session = session;
    }

    protected EngineSession session() {
        return session;
    }

    /** Decodes one text packet and hands it up; a malformed one ends the connection as the spec says. */
    protected void receiveText(String text) {
        try {
            receive(EngineCodec.decodePacket(text));
        } catch (ProtocolException e) {
            protocolError();
        }
    }

    protected void receive(EnginePacket packet) {
        EngineSession s = session;
        if (s != null) {
            s.onPacket(packet, this);
        }
    }

    /** The peer broke the protocol: the session closes if this transport serves it, else only this connection. */
    protected void protocolError() {
        refuse(CloseReason.TRANSPORT_ERROR);
    }

    /**
     * Refuses what the peer sent, for {@code reason}: the session closes if this transport serves it, else
     * only this connection (a WebSocket probing to take the session over).
     */
    protected void refuse(CloseReason reason) {
        EngineSession s = session;
        if (s != null && s.isServedBy(this)) {
            s.close(reason);
        } else {
            close(reason);
        }
    }

    /** The connection went away under us. */
    protected void connectionLost(CloseReason reason) {
        EngineSession s = session;
        if (s != null) {
            s.onTransportClosed(this, reason);
        }
    }

    @Override
    public String toString() {
        EngineSession s = session;
        return name() + "[" + (s == null ? "-" : s.id()) + "]";
    }
}
