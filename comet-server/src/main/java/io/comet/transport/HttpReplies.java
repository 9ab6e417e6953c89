package io.comet.transport;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.nio.charset.StandardCharsets;

/**
 * The short replies of the HTTP edge. Every refusal is a status with a small JSON body in the Engine.IO
 * error format, {@code {"code":N,"message":"…"}}; messages are fixed strings, never request data.
 */
public final class HttpReplies {
    /** Engine.IO error codes, as the reference server numbers them. */
    public enum Error {
        UNKNOWN_TRANSPORT(400, 0, "Transport unknown"),
        UNKNOWN_SID(400, 1, "Session ID unknown"),
        BAD_HANDSHAKE_METHOD(400, 2, "Bad handshake method"),
        BAD_REQUEST(400, 3, "Bad request"),
        FORBIDDEN(403, 4, "Forbidden"),
        HOST_NOT_ALLOWED(403, 4, "Host not allowed"),
        UNSUPPORTED_PROTOCOL_VERSION(400, 5, "Unsupported protocol version"),
        DUPLICATE_POLL(400, 3, "Duplicate poll request"),
        DUPLICATE_POST(400, 3, "Duplicate POST request"),
        BAD_PAYLOAD(400, 3, "Malformed payload"),
        PAYLOAD_TOO_LARGE(413, 3, "Payload too large"),
        NOT_FOUND(404, 3, "Not found"),
        BAD_WEBSOCKET_HANDSHAKE(400, 3, "Bad WebSocket handshake"),
        UNSUPPORTED_WEBSOCKET_VERSION(426, 3, "Unsupported WebSocket version"),
        HEADERS_TOO_LARGE(431, 3, "Request headers too large"),
        BODY_TIMEOUT(408, 3, "Request body timeout"),
        SHUTTING_DOWN(503, 3, "Server shutting down"),
        TOO_MANY_SESSIONS(503, 3, "Too many sessions"),
        TOO_MANY_FROM_ADDRESS(429, 3, "Too many sessions from this address");

        final int status;
        final String body;

        Error(int status, int code, String message) {
            this.status = status;
            this.body = "{\"code\":" + code + ",\"message\":\"" + message + "\"}";
        }

        public int status() {
            return status;
        }

        /** The JSON reason, {@code {"code":N,"message":"…"}}: short enough for a WebSocket close frame. */
        public String body() {
            return body;
        }
    }

    public static final HttpString X_CONTENT_TYPE_OPTIONS = new HttpString("X-Content-Type-Options");

    private HttpReplies() {
    }

    /** Answers with the error's status and JSON body, and ends the exchange. */
    public static void error(HttpServerExchange exchange, Error error) {
        if (exchange.isResponseStarted()) {
            exchange.endExchange();
            return;
        }
        exchange.setStatusCode(error.status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        noCache(exchange);
        exchange.getResponseSender().send(error.body, StandardCharsets.UTF_8);
    }

    /**
     * Answers like {@link #error} and closes the connection after the answer: for a request whose
     * remaining bytes are not to be read (a body that did not arrive in time, a head over the limit).
     */
    public static void errorAndClose(HttpServerExchange exchange, Error error) {
        exchange.setPersistent(false);
        error(exchange, error);
    }

    /** Marks a response as never to be cached or content-sniffed. */
    public static void noCache(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseHeaders().put(X_CONTENT_TYPE_OPTIONS, "nosniff");
    }
}
