package io.comet.http;

import java.util.HashSet;
import java.util.Set;

/**
 * The host names an endpoint answers to ({@code allowedHosts}), against DNS rebinding: a page on
 * {@code evil.example} whose name is made to point at this server sends {@code Host: evil.example} and
 * is then same-origin with it, unless the server knows its own names. An entry is {@code host} or
 * {@code host:port}; both it and the request's host (the forwarded one, with {@code trustProxy}) are
 * compared in lower case and without the scheme's default port. No entries: any host.
 */
final class AllowedHosts {
    private final Set<String> forHttp = new HashSet<>();
    private final Set<String> forHttps = new HashSet<>();

    /** @throws IllegalArgumentException for an entry that is not {@code host[:port]} */
    AllowedHosts(Set<String> hosts) {
        for (String host : hosts) {
            String http = Authority.normalize(host, "http");
            String https = Authority.normalize(host, "https");
            if (http == null || https == null) {
                throw new IllegalArgumentException("not a host[:port]: " + host);
            }
            forHttp.add(http);
            forHttps.add(https);
        }
    }

    boolean admit(RequestSource source) {
        if (forHttp.isEmpty()) {
            return true;
        }
        return source.host() != null && (source.secure() ? forHttps : forHttp).contains(source.host());
    }
}
