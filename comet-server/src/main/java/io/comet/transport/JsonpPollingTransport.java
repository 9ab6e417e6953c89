package io.comet.transport;

import io.comet.protocol.JsEscaper;
import io.undertow.server.HttpServerExchange;

/**
 * JSONP polling, for pages that can use neither CORS nor WebSocket: each poll is a script whose answer
 * calls back into the page with the payload as an escaped string literal. The {@code callback} parameter
 * is an index, the answer calls {@code ___eio[index]}, and nothing else: a function name of the client's
 * choosing would make the server's own origin serve a script gadget (e.g. {@code callback=eval}).
 * Upstream is a form POST (field {@code d}) into a hidden iframe, so it works across origins.
 */
public final class JsonpPollingTransport extends PollingTransport {
    public static final String NAME = "jsonp-polling";
    private static final int MAX_INDEX_DIGITS = 9;

    @Override
    public String name() {
        return NAME;
    }

    /** Never upgraded: it serves pages that can use neither CORS nor WebSocket. */
    @Override
    public boolean canUpgrade() {
        return false;
    }

    @Override
    public boolean accepts(HttpServerExchange exchange) {
        String callback = param(exchange, "callback");
        return callback != null && isIndex(callback) && super.accepts(exchange);
    }

    @Override
    protected String contentType() {
        return "application/javascript; charset=UTF-8";
    }

    @Override
    protected String render(HttpServerExchange exchange, String payload) {
        return "___eio[" + param(exchange, "callback") + "](" + JsEscaper.literal(payload) + ");";
    }

    @Override
    public String postAnswerType() {
        return "text/html; charset=UTF-8";
    }

    private static boolean isIndex(String s) {
        if (s.isEmpty() || s.length() > MAX_INDEX_DIGITS) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
