package io.comet.transport;

import io.comet.engine.CloseReason;
import io.comet.engine.EngineOptions;
import io.comet.engine.Offsets;
import io.comet.protocol.EngineCodec;
import io.comet.protocol.EnginePacket;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * HTTP long-polling: a GET is held open until the session has packets for it (or answered at once when
 * it already has some), and each POST carries packets up. Both use payloads of packets joined by the
 * record separator.
 */
public class PollingTransport extends HttpTransport {
    private static final int MAX_PACKETS_PER_RESPONSE = Integer.MAX_VALUE;

    // guarded by this; lock order: this transport, then its session
    private HttpServerExchange held;
    private boolean closed;
    private CloseReason lingering; // set when closed between polls with packets still to hand over

    @Override
    public String name() {
        return EngineOptions.POLLING;
    }

    /** A poll may name the offset its client expects next (acknowledging sessions, see docs/delivery.md). */
    @Override
    public boolean accepts(HttpServerExchange exchange) {
        String offset = param(exchange, "offset");
        return offset == null || Offsets.parse(offset) >= 0;
    }

    /**
     * Answers a GET at once when packets are queued, or holds it until some are. In an acknowledging
     * session the GET's offset acknowledges what came before it and sends again what came after, and a
     * GET that finds another held replaces it: the client only sends one when the other was lost.
     */
    @Override
    public GetResult onGet(HttpServerExchange exchange) {
        List<EnginePacket> packets;
        HttpServerExchange replaced = null;
        synchronized (this) {
            if (closed) {
                return collectLast(exchange);
            }
            String offset = param(exchange, "offset");
            if (offset != null && session().acking() && !session().resumeFrom(Offsets.parse(offset))) {
                return GetResult.INVALID;
            }
            if (held != null) {
                if (!session().acking()) {
                    return GetResult.DUPLICATE;
                }
                replaced = held;
                held = null;
            }
            if (upgrading()) {
                answerAfterUpgradeGrace(exchange, () -> answerDuringUpgrade(exchange));
                packets = List.of();
            } else if ((packets = session().drainFor(this, MAX_PACKETS_PER_RESPONSE)).isEmpty()) {
                held = exchange;
                // Keeps the exchange open after the handler returns; it is answered from wake() or close().
                exchange.dispatch(SameThreadExecutor.INSTANCE, () -> { });
            }
        }
        if (replaced != null) {
            respond(replaced, List.of(EnginePacket.NOOP));
        }
        if (!packets.isEmpty()) {
            respond(exchange, packets);
        }
        return GetResult.ACCEPTED;
    }

    /** The session closed between two polls: this poll collects what was left and the final packet. */
    private GetResult collectLast(HttpServerExchange exchange) {
        if (lingering == null) {
            return GetResult.CLOSED;
        }
        List<EnginePacket> packets = withFinal(session().drainFor(this, MAX_PACKETS_PER_RESPONSE), lingering);
        lingering = null;
        respond(exchange, packets);
        session().forget();
        return GetResult.ACCEPTED;
    }

    /**
     * A poll during an upgrade, once the grace is over and the session still here, is answered at once
     * (with what is queued, or a noop) so the client can move on.
     */
    private void answerDuringUpgrade(HttpServerExchange exchange) {
        List<EnginePacket> packets = session().drainFor(this, MAX_PACKETS_PER_RESPONSE);
        respond(exchange, packets.isEmpty() ? List.of(EnginePacket.NOOP) : packets);
    }

    @Override
    public void wake() {
        HttpServerExchange exchange;
        List<EnginePacket> packets;
        synchronized (this) {
            if (held == null) {
                return;
            }
            packets = session().drainFor(this, MAX_PACKETS_PER_RESPONSE);
            if (packets.isEmpty()) {
                return;
            }
            exchange = held;
            held = null;
        }
        respond(exchange, packets);
    }

    /**
     * A poll held when the probe arrives is released so the client can finish the upgrade, after the
     * same grace as a poll arriving now: a client that sent its upgrade packet right behind the probe,
     * without waiting for its poll, gets that poll refused like any later one.
     */
    @Override
    protected void releaseForUpgrade() {
        HttpServerExchange exchange;
        synchronized (this) {
            if (held == null) {
                return;
            }
            exchange = held;
            held = null;
        }
        afterUpgradeGrace(exchange, () -> answerDuringUpgrade(exchange), () -> refuse(exchange));
    }

    /**
     * A held poll is not read while it waits, so a cut one goes unnoticed until it is answered: it is
     * answered now, with a noop (a live client polls again), and the write tells. Without a held poll the
     * client is between two polls, alive as far as anyone can tell.
     */
    @Override
    public void confirmAlive(Consumer<Boolean> result) {
        HttpServerExchange exchange;
        synchronized (this) {
            exchange = held;
            held = null;
        }
        if (exchange == null) {
            result.accept(true);
        } else {
            respond(exchange, List.of(EnginePacket.NOOP), result);
        }
    }

    @Override
    public void sendDirect(EnginePacket packet) {
        throw new UnsupportedOperationException("polling is never probed");
    }

    @Override
    public boolean close(CloseReason reason) {
        synchronized (this) {
            closed = true;
            if (held == null) {
                lingering = reason.lingers() ? reason : null;
                return lingering != null;
            }
        }
        release(reason);
        return false;
    }

    /** Answers the held GET, if any, with what is still queued and the final packet for this close. */
    private void release(CloseReason reason) {
        HttpServerExchange exchange;
        List<EnginePacket> packets;
        synchronized (this) {
            if (held == null) {
                return;
            }
            exchange = held;
            held = null;
            packets = withFinal(session().drainFor(this, MAX_PACKETS_PER_RESPONSE), reason);
        }
        respond(exchange, packets);
    }

    /** The packets followed by a close packet when the client must be told, or a noop if nothing else goes. */
    private static List<EnginePacket> withFinal(List<EnginePacket> packets, CloseReason reason) {
        List<EnginePacket> all = new ArrayList<>(packets);
        if (reason.notifiesClient()) {
            all.add(EnginePacket.CLOSE);
        } else if (all.isEmpty()) {
            all.add(EnginePacket.NOOP);
        }
        return all;
    }

    /**
     * Writes a poll's answer. One that cannot be written means the client is gone: a session without
     * acknowledgements closes, as the reference server's does, so the client's reconnect can recover
     * its socket; an acknowledging one keeps the packets for the client's next poll.
     */
    private void respond(HttpServerExchange exchange, List<EnginePacket> packets) {
        respond(exchange, packets, written -> { });
    }

    /** {@link #respond}, then {@code written} hears whether the answer could be written. */
    private void respond(HttpServerExchange exchange, List<EnginePacket> packets, Consumer<Boolean> written) {
        String payload = EngineCodec.encodePayload(packets);
        onIoThread(exchange, () -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType());
            exchange.getResponseSender().send(render(exchange, payload), StandardCharsets.UTF_8, new IoCallback() {
                @Override
                public void onComplete(HttpServerExchange ex, Sender sender) {
                    IoCallback.END_EXCHANGE.onComplete(ex, sender);
                    written.accept(true);
                }

                @Override
                public void onException(HttpServerExchange ex, Sender sender, IOException e) {
                    IoCallback.END_EXCHANGE.onException(ex, sender, e);
                    connectionLost(CloseReason.TRANSPORT_ERROR);
                    written.accept(false);
                }
            });
        });
    }

    /** The Content-Type of a poll's answer. */
    protected String contentType() {
        return "text/plain; charset=UTF-8";
    }

    /** The body of a poll's answer for a payload; the payload itself for plain polling. */
    protected String render(HttpServerExchange exchange, String payload) {
        return payload;
    }
}
