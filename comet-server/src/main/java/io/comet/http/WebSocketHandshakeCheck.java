package io.comet.http;

import io.comet.transport.HttpReplies;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Methods;

import java.util.Base64;

/**
 * The checks of RFC 6455 section 4.2.1 on a WebSocket opening handshake, made before Undertow sees it
 * (Undertow would answer a request it cannot match with a bare 404, and also speak the drafts 7 and 8).
 * A request that is not a WebSocket upgrade at all (not a GET, no {@code Upgrade: websocket}) gets 400
 * "Bad request"; one that is but lacks {@code Connection: upgrade} or a {@code Sec-WebSocket-Key} that
 * is 16 bytes in base64 gets 400 "Bad WebSocket handshake"; a {@code Sec-WebSocket-Version} other than
 * 13 (or none) gets 426 with {@code Sec-WebSocket-Version: 13}, the one version spoken.
 */
final class WebSocketHandshakeCheck {
    private static final String VERSION = "13";
    private static final int KEY_BYTES = 16;

    private WebSocketHandshakeCheck() {
    }

    /** Answers a malformed handshake and returns {@code true}; returns {@code false} for a good one. */
    static boolean refuse(HttpServerExchange exchange) {
        HeaderMap headers = exchange.getRequestHeaders();
        if (!exchange.getRequestMethod().equals(Methods.GET) || !hasToken(headers.get(Headers.UPGRADE), "websocket")) {
            HttpReplies.error(exchange, HttpReplies.Error.BAD_REQUEST);
            return true;
        }
        if (!hasToken(headers.get(Headers.CONNECTION), "upgrade") || !isKey(headers.get(Headers.SEC_WEB_SOCKET_KEY))) {
            HttpReplies.error(exchange, HttpReplies.Error.BAD_WEBSOCKET_HANDSHAKE);
            return true;
        }
        HeaderValues version = headers.get(Headers.SEC_WEB_SOCKET_VERSION);
        if (version == null || version.size() != 1 || !VERSION.equals(version.getFirst().strip())) {
            exchange.getResponseHeaders().put(Headers.SEC_WEB_SOCKET_VERSION, VERSION);
            HttpReplies.error(exchange, HttpReplies.Error.UNSUPPORTED_WEBSOCKET_VERSION);
            return true;
        }
        return false;
    }

    /** Whether one of the comma-separated tokens of a header, in any of its lines, is {@code token}, in any case. */
    private static boolean hasToken(HeaderValues values, String token) {
        if (values == null) {
            return false;
        }
        for (String value : values) {
            for (String t : value.split(",")) {
                if (t.strip().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Exactly one key, the base64 of 16 bytes (RFC 6455: a nonce of 16 random bytes). */
    private static boolean isKey(HeaderValues values) {
        if (values == null || values.size() != 1) {
            return false;
        }
        String key = values.getFirst().strip();
        try {
            return key.length() == 24 && Base64.getDecoder().decode(key).length == KEY_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
