package io.comet.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;


/**
 * CORS, for the transports a page reaches with {@code XMLHttpRequest}, {@code EventSource} or a
 * {@code WebSocket} (polling, xhr-streaming, eventsource, websocket), whose cross-origin requests carry
 * {@code Origin}. A request without it (a non-browser client, or a same-origin GET) is admitted without
 * CORS headers. A request from the server's own origin or a listed one is admitted with its origin
 * echoed and credentials allowed. With {@code "*"} configured, any other origin but {@code null} is
 * admitted as {@code Access-Control-Allow-Origin: *}, without credentials: the browser then lets the
 * page read only what it asked for without cookies ({@code withCredentials} false, the default of
 * comet.js and socket.io-client). Anything else is refused (403). The same check guards WebSocket
 * handshakes, which browsers send cross-origin without asking.
 */
final class Cors {
    private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    private static final HttpString ALLOW_CREDENTIALS = new HttpString("Access-Control-Allow-Credentials");
    private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    private static final HttpString REQUEST_HEADERS = new HttpString("Access-Control-Request-Headers");
    private static final HttpString REQUEST_METHOD = new HttpString("Access-Control-Request-Method");
    private static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");

    private final AllowedOrigins allowed;

    Cors(AllowedOrigins allowed) {
        this.allowed = allowed;
    }

    /** Whether the request may proceed; when it may and carries an origin, the CORS headers are set. */
    boolean admit(HttpServerExchange exchange, RequestSource source) {
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (origin == null) {
            return true;
        }
        if (allowed.credentialed(origin, source)) {
            exchange.getResponseHeaders().put(ALLOW_ORIGIN, origin);
            exchange.getResponseHeaders().put(ALLOW_CREDENTIALS, "true");
        } else if (allowed.anyOrigin() && !AllowedOrigins.NULL.equals(origin)) {
            exchange.getResponseHeaders().put(ALLOW_ORIGIN, AllowedOrigins.ANY);
        } else {
            return false;
        }
        // The answer depends on the origin (echoed, or * when both are configured): caches must keep them apart.
        exchange.getResponseHeaders().add(Headers.VARY, "Origin");
        return true;
    }

    /**
     * Answers a preflight request for an admitted origin. The requested method is allowed whatever it
     * is: the endpoint itself then answers a method it does not serve with its own 400 and JSON reason,
     * which a page can read, instead of an opaque CORS failure.
     */
    void preflight(HttpServerExchange exchange) {
        String method = exchange.getRequestHeaders().getFirst(REQUEST_METHOD);
        exchange.getResponseHeaders().put(ALLOW_METHODS,
                method != null && isToken(method) ? method : "GET, POST, OPTIONS");
        String requested = exchange.getRequestHeaders().getFirst(REQUEST_HEADERS);
        if (requested != null) {
            exchange.getResponseHeaders().put(ALLOW_HEADERS, requested);
        }
        exchange.getResponseHeaders().put(MAX_AGE, "86400");
        exchange.setStatusCode(204);
        // Through the sender, not endExchange(): with a chunked request body still unread, Undertow 2.3.18
        // closed the connection without writing the answer (found by HttpEdgeFuzz).
        exchange.getResponseSender().send("");
    }

    private static boolean isToken(String method) {
        if (method.isEmpty() || method.length() > 32) {
            return false;
        }
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
