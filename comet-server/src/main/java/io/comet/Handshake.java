package io.comet;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the client sent when it connected: the first HTTP request's headers and query, and the
 * {@code auth} payload of its Socket.IO CONNECT packet.
 *
 * @param headers request headers, lower-case names
 * @param query   query parameters, first value of each
 * @param auth    the CONNECT payload, empty when the client sent none
 * @param address the client's address as seen by this server, e.g. {@code 127.0.0.1}; with
 *                {@code trustProxy}, the one the proxy forwarded (docs/security.md)
 * @param url     the path and query of the first request
 * @param secure  whether it came over TLS (with {@code trustProxy}: to the proxy)
 * @param time    when the connection opened, epoch milliseconds
 */
public record Handshake(Map<String, List<String>> headers, Map<String, String> query, Map<String, Object> auth,
                        String address, String url, boolean secure, long time) {

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
