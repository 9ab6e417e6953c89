package io.comet.engine;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * What the server saw of the request that opened a session: kept for the application's handshake view.
 *
 * @param headers the request headers, lower-cased names
 * @param query   the query parameters (first value of each)
 * @param remote  the peer address, may be {@code null}
 * @param url     the request path and query
 * @param secure  whether it arrived over TLS
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
