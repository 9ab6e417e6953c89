package io.comet.http;

import io.comet.transport.HtmlFileTransport;
import io.comet.transport.JsonpPollingTransport;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

import java.util.Locale;

/**
 * Which pages may use the endpoint, for every transport (docs/security.md).
 *
 * <p>polling, xhr-streaming, eventsource and websocket follow {@link Cors}.
 *
 * <p>jsonp-polling and htmlfile are loaded by script tags, frames and form posts, which any page may
 * point at any server and which carry the user's cookies: CORS headers would change nothing for them,
 * so they get none, and a request is judged from what it tells of the page that sent it:
 * <ol>
 *   <li>{@code Sec-Fetch-Site: same-origin} or {@code none} (the user opened the URL) admits;</li>
 *   <li>otherwise the page's origin is {@code Origin}, or else the origin of {@code Referer} (old
 *       browsers send only that, on GETs and form posts alike); it must be the server's own or a listed
 *       one ({@code "*"} does not count: these requests always go with credentials);</li>
 *   <li>a request with neither, which a {@code Sec-Fetch-Site} says is cross-site or same-site, is
 *       refused; one that tells nothing at all is admitted only with
 *       {@code legacyRequestsWithoutOrigin}.</li>
 * </ol>
 */
final class OriginPolicy {
    private static final HttpString SEC_FETCH_SITE = new HttpString("Sec-Fetch-Site");

    private final AllowedOrigins allowed;
    private final Cors cors;
    private final boolean legacyRequestsWithoutOrigin;

    OriginPolicy(AllowedOrigins allowed, boolean legacyRequestsWithoutOrigin) {
        this.allowed = allowed;
        this.cors = new Cors(allowed);
        this.legacyRequestsWithoutOrigin = legacyRequestsWithoutOrigin;
    }

    /** Whether the request may proceed; for a CORS transport the CORS headers are set when it may. */
    boolean admit(HttpServerExchange exchange, String transport, RequestSource source) {
        boolean legacy = JsonpPollingTransport.NAME.equals(transport) || HtmlFileTransport.NAME.equals(transport);
        if (!legacy || exchange.getRequestMethod().equals(Methods.OPTIONS)) {
            return cors.admit(exchange, source);
        }
        HeaderMap headers = exchange.getRequestHeaders();
        String site = headers.getFirst(SEC_FETCH_SITE);
        site = site == null ? null : site.strip().toLowerCase(Locale.ROOT);
        if ("same-origin".equals(site) || "none".equals(site)) {
            return true;
        }
        String origin = headers.getFirst(Headers.ORIGIN);
        if (origin == null) {
            String referer = headers.getFirst(Headers.REFERER);
            String pageOrigin = AllowedOrigins.originOf(referer);
            // A Referer that is no URL names no page that could be allowed: "" matches nothing.
            origin = referer == null ? null : pageOrigin == null ? "" : pageOrigin;
        }
        if (origin != null) {
            return allowed.credentialed(origin, source);
        }
        return site == null && legacyRequestsWithoutOrigin;
    }

    /** Answers a CORS preflight; see {@link Cors#preflight}. */
    void preflight(HttpServerExchange exchange) {
        cors.preflight(exchange);
    }
}
