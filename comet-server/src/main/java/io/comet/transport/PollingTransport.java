package io.comet.transport;

import io.comet.engine.CloseReason;
import io.comet.engine.EngineOptions;
import io.comet.protocol.EngineCodec;
import io.comet.protocol.EnginePacket;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP long-polling: a GET is held open until the session has packets for it (or answered at once when
 * it already has some), and each POST carries packets up. Both use payloads of packets joined by the
 * record separator.
 */
public class PollingTransport extends HttpTransport {
    private static final int MAX_PACKETS_PER_RESPONSE = Integer.MAX_VALUE;

    // guarded by this; lock order: this transport, then its session
    private HttpServerExchange held;
    private boolean upgrading;
    private boolean closed;

    @Override
    public String name() {
        return EngineOptions.POLLING;
    }

    /** Answers a GET at once when packets are queued, or holds it until some are. */
    @Override
    public GetResult onGet(HttpServerExchange exchange) {
        List<EnginePacket> packets;
        synchronized (this) {
            if (held != null) {
                return GetResult.DUPLICATE;
            }
            packets = session().drainFor(this, MAX_PACKETS_PER_RESPONSE);
            if (packets.isEmpty() && !upgrading && !closed) {
                held = exchange;
                // Keeps the exchange open after the handler returns; it is answered from wake() or close().
                exchange.dispatch(SameThreadExecutor.INSTANCE, () -> { });
                return GetResult.ACCEPTED;
            }
        }
        respond(exchange, packets.isEmpty() ? List.of(EnginePacket.NOOP) : packets);
        return GetResult.ACCEPTED;
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

    @Override
    public void onUpgrading() {
        synchronized (this) {
            upgrading = true;
        }
        release(List.of(EnginePacket.NOOP));
    }

    @Override
    public void sendDirect(EnginePacket packet) {
        throw new UnsupportedOperationException("polling is never probed");
    }

    @Override
    public void close(CloseReason reason) {
        synchronized (this) {
            closed = true;
        }
        release(List.of(reason.notifiesClient() ? EnginePacket.CLOSE : EnginePacket.NOOP));
    }

    /** Answers the held GET, if any, with what is still queued followed by {@code last}. */
    private void release(List<EnginePacket> last) {
        HttpServerExchange exchange;
        List<EnginePacket> packets;
        synchronized (this) {
            if (held == null) {
                return;
            }
            exchange = held;
            held = null;
            packets = new ArrayList<>(session().drainFor(this, MAX_PACKETS_PER_RESPONSE));
        }
        if (packets.isEmpty() || last.get(0) != EnginePacket.NOOP) {
            packets.addAll(last);
        }
        respond(exchange, packets);
    }

    private void respond(HttpServerExchange exchange, List<EnginePacket> packets) {
        String payload = EngineCodec.encodePayload(packets);
        onIoThread(exchange, () -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType());
            exchange.getResponseSender().send(render(exchange, payload), StandardCharsets.UTF_8);
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
