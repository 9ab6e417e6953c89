package io.comet.transport;

import io.comet.protocol.EnginePacket;
import io.comet.protocol.JsEscaper;
import io.undertow.server.HttpServerExchange;

/**
 * The forever iframe: a chunked {@code text/html} document in which each packet is a script that hands
 * it, as an escaped string literal, to the page's callback (parameter {@code cb}, a plain identifier)
 * and then removes itself. Old Internet Explorer loads it into an {@code ActiveXObject('htmlfile')}
 * document, which does not show the loading indicator.
 */
public final class HtmlFileTransport extends StreamingTransport {
    public static final String NAME = "htmlfile";
    private static final String PADDING = "<!--" + " ".repeat(1024) + "-->\n";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean accepts(HttpServerExchange exchange) {
        return JsEscaper.isIdentifier(param(exchange, "cb")) && super.accepts(exchange);
    }

    @Override
    protected String contentType() {
        return "text/html; charset=UTF-8";
    }

    @Override
    protected String prelude(HttpServerExchange exchange) {
        String cb = param(exchange, "cb"); // an identifier: checked by accepts()
        return "<!doctype html><html><head><meta charset=\"utf-8\"><script>"
                + "var c=parent." + cb + ";"
                + "function p(o,d){var s=document.getElementsByTagName('script'),e=s[s.length-1];"
                + "c(o,d);if(e&&e.parentNode){e.parentNode.removeChild(e);}}"
                + "</script></head><body>\n" + PADDING;
    }

    @Override
    protected String frame(long offset, EnginePacket packet) {
        return "<script>p(" + offset + "," + JsEscaper.literal(packet.encoded()) + ");</script>\n";
    }
}
