package io.comet.http;

import java.net.InetSocketAddress;

/**
 * A request as its client made it: the scheme and host it addressed and the address it came from. These
 * are the connection's own, or, with {@code trustProxy}, what the reverse proxy in front forwarded (see
 * {@link ForwardedHeaders}).
 *
 * @param scheme {@code http} or {@code https}
 * @param host   the addressed {@code host[:port]} as {@link Authority#normalize} has it; {@code null} when
 *               the request named none, or nothing that is a host
 * @param client the client's address; its port is 0 when a proxy did not forward one
 */
record RequestSource(String scheme, String host, InetSocketAddress client) {

    /** Whether the client reached the server (or its proxy) over TLS. */
    boolean secure() {
        return "https".equals(scheme);
    }

    /** The server's origin as this client addressed it, e.g. {@code https://app.example.com}; {@code null} without a host. */
    String origin() {
        return host == null ? null : scheme + "://" + host;
    }
}
