package io.comet.transport;

import io.comet.protocol.EnginePacket;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;

/**
 * Server-sent events: a {@code text/event-stream} response, one event per packet whose id is its
 * offset, so the browser's own reconnect ({@code Last-Event-ID}) resumes right after the last packet it
 * got. Comment lines keep idle streams alive through proxies.
 */
public final class EventSourceTransport extends StreamingTransport {
    public static final String NAME = "eventsource";
    private static final HttpString LAST_EVENT_ID = new HttpString("Last-Event-ID");
    private static final String PRELUDE = "retry: 1000\n:" + " ".repeat(2048) + "\n\n";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected String contentType() {
        return "text/event-stream; charset=UTF-8";
    }

    @Override
    protected String prelude(HttpServerExchange exchange) {
        return PRELUDE;
    }

    /** SSE splits data at line breaks, so a packet with any becomes several {@code data:} lines. */
    @Override
    protected String frame(long offset, EnginePacket packet) {
        String data = packet.encoded().replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\ndata: ");
        return "id: " + offset + "\ndata: " + data + "\n\n";
    }

    @Override
    protected String heartbeat() {
        return ":\n\n";
    }

    /** The browser's reconnect names the last event it got; the next offset follows it. */
    @Override
    protected long requestedOffset(HttpServerExchange exchange) {
        String lastEventId = exchange.getRequestHeaders().getFirst(LAST_EVENT_ID);
        if (lastEventId != null && !lastEventId.isEmpty()) {
            return Long.parseLong(lastEventId) + 1;
        }
        return super.requestedOffset(exchange);
    }
}
