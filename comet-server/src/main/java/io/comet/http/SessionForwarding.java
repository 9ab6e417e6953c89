package io.comet.http;

import io.comet.SessionRouting;
import io.comet.transport.HttpReplies;
import io.undertow.attribute.ExchangeAttributes;
import io.undertow.client.UndertowClient;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.undertow.server.handlers.proxy.ProxyHandler;
import io.undertow.util.HttpString;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * No sticky sessions: a request for a session this node does not hold, whose id names another node of
 * the cluster, is forwarded to that node as it came (polls, POSTs, streams and WebSocket upgrades alike,
 * without a time limit, the {@code Host} kept so the owner's origin checks see what the client sent).
 * A session of a node that is gone, or that cannot be reached, is answered as an unknown one
 * (400, code 1): its client reconnects, and recovers. A forwarded request is never forwarded again.
 */
final class SessionForwarding {
    /** Marks a request one node forwarded to another. */
    static final HttpString FORWARDED = new HttpString("X-Comet-Forwarded");

    private final SessionRouting routing;
    private final Map<URI, ProxyHandler> proxies = new ConcurrentHashMap<>();

    SessionForwarding(SessionRouting routing) {
        this.routing = routing;
    }

    /** Forwards the request to the node holding session {@code sid}; {@code false} when no other node does. */
    boolean forward(HttpServerExchange exchange, String sid) throws Exception {
        String self = routing.nodeId();
        if (sid.length() <= self.length() || exchange.getRequestHeaders().contains(FORWARDED)) {
            return false;
        }
        String owner = sid.substring(0, self.length());
        if (owner.equals(self)) {
            return false;
        }
        URI url = routing.nodeUrl(owner);
        if (url == null) {
            return false;
        }
        proxies.computeIfAbsent(url, this::proxyTo).handleRequest(exchange);
        return true;
    }

    private ProxyHandler proxyTo(URI node) {
        LoadBalancingProxyClient pool = new LoadBalancingProxyClient(UndertowClient.getInstance())
                .setConnectionsPerThread(8)
                .addHost(node);
        return ProxyHandler.builder()
                .setProxyClient(new AnsweringUnknown(pool))
                .setMaxRequestTime(-1)
                .setRewriteHostHeader(false)
                .setReuseXForwarded(true)
                .setMaxConnectionRetries(0)
                .addRequestHeader(FORWARDED, ExchangeAttributes.constant("1"))
                .build();
    }

    /** The node's connections, with a node that cannot be reached answered as an unknown session. */
    private record AnsweringUnknown(ProxyClient pool) implements ProxyClient {
        @Override
        public ProxyTarget findTarget(HttpServerExchange exchange) {
            return pool.findTarget(exchange);
        }

        @Override
        public void getConnection(ProxyTarget target, HttpServerExchange exchange, ProxyCallback<ProxyConnection> callback,
                                  long timeout, TimeUnit unit) {
            pool.getConnection(target, exchange, new ProxyCallback<>() {
                @Override
                public void completed(HttpServerExchange ex, ProxyConnection connection) {
                    callback.completed(ex, connection);
                }

                @Override
                public void failed(HttpServerExchange ex) {
                    HttpReplies.error(ex, HttpReplies.Error.UNKNOWN_SID);
                }

                @Override
                public void couldNotResolveBackend(HttpServerExchange ex) {
                    HttpReplies.error(ex, HttpReplies.Error.UNKNOWN_SID);
                }

                @Override
                public void queuedRequestFailed(HttpServerExchange ex) {
                    HttpReplies.error(ex, HttpReplies.Error.UNKNOWN_SID);
                }
            }, timeout, unit);
        }
    }
}
