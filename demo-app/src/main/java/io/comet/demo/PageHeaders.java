package io.comet.demo;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;

/**
 * The headers of the demo's own pages: a Content-Security-Policy that lets the page run only scripts,
 * styles, frames and connections of its own origin (the htmlfile frame and the JSONP scripts of comet.js
 * come from there too), no framing by other sites, and no content sniffing.
 */
final class PageHeaders implements HttpHandler {
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; "
            + "object-src 'none'";
    private static final HttpString CSP = new HttpString("Content-Security-Policy");
    private static final HttpString NOSNIFF = new HttpString("X-Content-Type-Options");
    private static final HttpString FRAME_OPTIONS = new HttpString("X-Frame-Options");
    private static final HttpString REFERRER_POLICY = new HttpString("Referrer-Policy");

    private final HttpHandler next;

    PageHeaders(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.getResponseHeaders().put(CSP, POLICY);
        exchange.getResponseHeaders().put(NOSNIFF, "nosniff");
        exchange.getResponseHeaders().put(FRAME_OPTIONS, "DENY");
        // The origin only, so that comet.js's script and frame requests still say which page they come from.
        exchange.getResponseHeaders().put(REFERRER_POLICY, "strict-origin-when-cross-origin");
        next.handleRequest(exchange);
    }
}
