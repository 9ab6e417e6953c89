package io.comet.transport;

import io.comet.engine.EngineOptions;

import java.util.List;

/** The transports a Comet endpoint knows, by the name clients use in the {@code transport} parameter. */
public final class Transports {
    /** Every transport name, in the order the browser client tries them by default. */
    public static final List<String> NAMES = List.of(EngineOptions.WEBSOCKET, XhrStreamingTransport.NAME,
            EventSourceTransport.NAME, HtmlFileTransport.NAME, EngineOptions.POLLING, JsonpPollingTransport.NAME);

    private Transports() {
    }

    /** A new transport instance for an HTTP transport name; WebSocket connections are made by the edge. */
    public static HttpTransport http(String name) {
        return switch (name) {
            case EngineOptions.POLLING -> new PollingTransport();
            case JsonpPollingTransport.NAME -> new JsonpPollingTransport();
            case XhrStreamingTransport.NAME -> new XhrStreamingTransport();
            case EventSourceTransport.NAME -> new EventSourceTransport();
            case HtmlFileTransport.NAME -> new HtmlFileTransport();
            default -> throw new IllegalArgumentException("not an HTTP transport: " + name);
        };
    }
}
