package io.comet.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.util.Set;

/**
 * The origin policy of an endpoint. A request without an {@code Origin} header (a non-browser client)
 * and a same-origin request are always allowed; a cross-origin one only when its origin is listed, or
 * when the list holds {@code "*"}. Allowed origins are echoed with credentials allowed. The same check
 * guards WebSocket handshakes, which browsers send cross-origin without asking.
 */
public final class Cors {
    private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    private static final HttpString ALLOW_CREDENTIALS = new HttpString("Access-Control-Allow-Credentials");
    private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    private static final HttpString REQUEST_HEADERS = new HttpString("Access-Control-Request-Headers");
    private static final HttpString REQUEST_METHOD = new HttpString("Access-Control-Request-Method");
    private static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");

    private final Set<String> allowedOrigins;
    private final boolean anyOrigin;

    public Cors(Set<String> allowedOrigins) {
        this.allowedOrigins = Set.copyOf(allowedOrigins);
        this.anyOrigin = allowedOrigins.contains("*");
    }

    /** Whether the request may proceed; when it may and is cross-origin, the CORS headers are set. */
    public boolean admit(HttpServerExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (origin == null) {
            return true;
        }
        if (!anyOrigin && !allowedOrigins.contains(origin) && !isSameOrigin(exchange, origin)) {
            return false;
        }
        exchange.getResponseHeaders().put(ALLOW_ORIGIN, origin);
        exchange.getResponseHeaders().put(ALLOW_CREDENTIALS, "true");
        exchange.getResponseHeaders().add(Headers.VARY, "Origin");
        return true;
    }

    /**
     * Answers a preflight request for an admitted origin. The requested method is allowed whatever it
     * is: the endpoint itself then answers a method it does not serve with its own 400 and JSON reason,
     * which a page can read, instead of an opaque CORS failure.
     */
    public void preflight(HttpServerExchange exchange) {
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

    private static boolean isSameOrigin(HttpServerExchange exchange, String origin) {
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        if (host == null) {
            return false;
        }
        String scheme = exchange.getRequestScheme();
        String wsLess = "https".equals(scheme) || "wss".equals(scheme) ? "https://" : "http://";
        return origin.equalsIgnoreCase(wsLess + host);
    }
}
