package io.comet.transport;

import io.comet.protocol.EnginePacket;
import io.undertow.server.HttpServerExchange;

/**
 * XHR streaming: a chunked {@code text/plain} response read progressively through
 * {@code responseText}. Frames are {@code <offset>:<length>:<packet>\n}, the length in UTF-16 code
 * units, so the client can cut complete packets out of a growing string.
 */
public final class XhrStreamingTransport extends StreamingTransport {
    public static final String NAME = "xhr-streaming";
    private static final String PRELUDE = " ".repeat(2048) + "\n";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected String contentType() {
        return "text/plain; charset=UTF-8";
    }

    @Override
    protected String prelude(HttpServerExchange exchange) {
        return PRELUDE;
    }

    @Override
    protected String frame(long offset, EnginePacket packet) {
        String text = packet.encoded();
        return offset + ":" + text.length() + ":" + text + "\n";
    }
}
