package io.comet.engine;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * What the server saw of the request that opened a session: kept for the application's handshake view.
 *
 * <p>The edge copies only this, in immutable maps, after refusing heads over {@code maxHeaderBytes}:
 * what a session keeps of its request is bounded.
 *
 * @param headers the request headers, lower-cased names
 * @param query   the query parameters (first value of each)
 * @param remote  the client's address: the connection's peer, or with {@code trustProxy} the address
 *                the proxy forwarded (port 0 when it forwarded none); what per-address limits count.
 *                May be {@code null}
 * @param url     the request path and query
 * @param secure  whether it arrived over TLS (with {@code trustProxy}: whether the client reached the proxy so)
 * @param issued  when the session was opened, epoch milliseconds
 */
public record RequestInfo(Map<String, List<String>> headers, Map<String, String> query, InetSocketAddress remote,
                          String url, boolean secure, long issued) {

    /** The client's address as text (e.g. {@code 127.0.0.1}), or {@code ""} when unknown. */
    public String address() {
        if (remote == null) {
            return "";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }
}
