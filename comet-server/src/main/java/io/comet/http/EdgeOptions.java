package io.comet.http;

import io.comet.CometOptions;
import io.comet.SessionRouting;

import java.time.Duration;
import java.util.Set;

/**
 * The settings of the HTTP edge of an endpoint: who may reach it and how big and slow a request may be.
 * See the {@link io.comet.CometServer.Builder} methods of the same names, and docs/security.md.
 *
 * @param allowedOrigins              the origins allowed cross-origin; {@code "*"} for any, without credentials
 * @param trustProxy                  whether {@code Forwarded} and {@code X-Forwarded-*} are believed
 * @param allowedHosts                the hosts requests may address; empty for any
 * @param legacyRequestsWithoutOrigin whether jsonp-polling and htmlfile requests that tell nothing of
 *                                    their page are admitted
 * @param maxHeaderBytes              the largest request line and headers together
 * @param requestBodyTimeout          how long a request body may take to arrive
 * @param sessionRouting              in a cluster, how to find the node of another node's session; or {@code null}
 */
public record EdgeOptions(Set<String> allowedOrigins, boolean trustProxy, Set<String> allowedHosts,
                          boolean legacyRequestsWithoutOrigin, int maxHeaderBytes, Duration requestBodyTimeout,
                          SessionRouting sessionRouting) {

    /** The edge settings of a server's options. */
    public static EdgeOptions of(CometOptions options) {
        CometOptions.Access access = options.access();
        return new EdgeOptions(options.allowedOrigins(), access.trustProxy(), access.allowedHosts(),
                access.legacyRequestsWithoutOrigin(), options.limits().maxHeaderBytes(),
                options.limits().requestBodyTimeout(), options.sessionRouting());
    }
}
