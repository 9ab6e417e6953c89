package io.comet.http;

import io.comet.engine.CloseReason;
import io.comet.engine.EngineOptions;
import io.comet.engine.EngineServer;
import io.comet.engine.EngineSession;
import io.comet.engine.Offsets;
import io.comet.engine.RequestInfo;
import io.comet.engine.SessionTransport;
import io.comet.protocol.Utf8;
import io.comet.transport.HttpReplies;
import io.comet.transport.HttpTransport;
import io.comet.transport.Transports;
import io.comet.transport.WebSocketTransport;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;

import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The Undertow edge of one Engine.IO endpoint: it checks a request's size, host, origin, protocol
 * version, transport and session, then hands it to the transport. It stays thin: everything it decides
 * is a refusal with a defined status and JSON reason, or a hand-over (docs/security.md, docs/protocol.md).
 */
public final class EngineHttpHandler implements HttpHandler {
    private static final AttachmentKey<Upgrade> UPGRADE = AttachmentKey.create(Upgrade.class);

    private final EngineServer engine;
    private final EdgeOptions options;
    private final ScheduledExecutorService scheduler;
    private final OriginPolicy origins;
    private final AllowedHosts hosts;
    private final WebSocketProtocolHandshakeHandler webSocketHandshake;
    private final SessionForwarding forwarding; // null outside a cluster

    /**
     * What a WebSocket handshake carries over to the connection callback: with a session and an offset it
     * resumes that session (docs/delivery.md), with a session alone it probes to upgrade it.
     */
    private record Upgrade(RequestInfo request, EngineSession session, long resumeAt) {
    }

    /**
     * @param engine    the endpoint's sessions
     * @param options   the edge's settings
     * @param scheduler the shared scheduler, for request body deadlines
     * @throws IllegalArgumentException for an allowed origin or host that is not one
     */
    public EngineHttpHandler(EngineServer engine, EdgeOptions options, ScheduledExecutorService scheduler) {
        this.engine = engine;
        this.options = options;
        this.scheduler = scheduler;
        this.origins = new OriginPolicy(new AllowedOrigins(options.allowedOrigins()), options.legacyRequestsWithoutOrigin());
        this.hosts = new AllowedHosts(options.allowedHosts());
        this.webSocketHandshake = new WebSocketProtocolHandshakeHandler(this::onWebSocket);
        this.forwarding = options.sessionRouting() == null ? null : new SessionForwarding(options.sessionRouting());
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (RequestHeadSize.of(exchange) > options.maxHeaderBytes()) {
            HttpReplies.errorAndClose(exchange, HttpReplies.Error.HEADERS_TOO_LARGE);
            return;
        }
        RequestSource source = ForwardedHeaders.resolve(exchange, options.trustProxy());
        if (!hosts.admit(source)) {
            HttpReplies.error(exchange, HttpReplies.Error.HOST_NOT_ALLOWED);
            return;
        }
        String transport = param(exchange, "transport");
        if (!origins.admit(exchange, transport, source)) {
            HttpReplies.error(exchange, HttpReplies.Error.FORBIDDEN);
            return;
        }
        if (exchange.getRequestMethod().equals(Methods.OPTIONS)) {
            origins.preflight(exchange);
            return;
        }
        if (!"4".equals(param(exchange, "EIO"))) {
            HttpReplies.error(exchange, HttpReplies.Error.UNSUPPORTED_PROTOCOL_VERSION);
            return;
        }
        if (transport == null || !engine.options().enabled(transport)) {
            HttpReplies.error(exchange, HttpReplies.Error.UNKNOWN_TRANSPORT);
            return;
        }
        String sid = param(exchange, "sid");
        EngineSession session = null;
        RequestInfo handshake = null;
        if (sid == null) {
            handshake = requestInfo(exchange, source);
            HttpReplies.Error refusal = refusal(handshake);
            if (refusal != null) {
                HttpReplies.error(exchange, refusal);
                return;
            }
        } else {
            session = engine.get(sid);
            if (session == null) {
                if (forwarding == null || !forwarding.forward(exchange, sid)) {
                    HttpReplies.error(exchange, HttpReplies.Error.UNKNOWN_SID);
                }
                return;
            }
        }
        HttpReplies.noCache(exchange);
        if (EngineOptions.WEBSOCKET.equals(transport)) {
            handleWebSocket(exchange, session, handshake);
        } else {
            handleHttp(exchange, transport, session, handshake);
        }
    }

    /** Why a new session may not open now, or {@code null} when it may. */
    private HttpReplies.Error refusal(RequestInfo handshake) {
        if (!engine.accepting()) {
            return HttpReplies.Error.SHUTTING_DOWN;
        }
        return switch (engine.admission(handshake)) {
            case ADMITTED -> null;
            case TOO_MANY_SESSIONS -> HttpReplies.Error.TOO_MANY_SESSIONS;
            case TOO_MANY_FROM_ADDRESS -> HttpReplies.Error.TOO_MANY_FROM_ADDRESS;
        };
    }

    // ---------------------------------------------------------------- HTTP transports

    private void handleHttp(HttpServerExchange exchange, String name, EngineSession session, RequestInfo handshake) {
        boolean get = exchange.getRequestMethod().equals(Methods.GET);
        if (session == null) {
            if (!get) {
                HttpReplies.error(exchange, HttpReplies.Error.BAD_HANDSHAKE_METHOD);
                return;
            }
            HttpTransport transport = Transports.http(name);
            if (!transport.accepts(exchange)) {
                HttpReplies.error(exchange, HttpReplies.Error.BAD_REQUEST);
                return;
            }
            engine.open(handshake, transport);
            transport.onGet(exchange);
            return;
        }
        SessionTransport current = session.transport();
        if (!(current instanceof HttpTransport transport) || !current.name().equals(name)) {
            HttpReplies.error(exchange, HttpReplies.Error.BAD_REQUEST);
            return;
        }
        if (get) {
            if (!transport.accepts(exchange)) {
                HttpReplies.error(exchange, HttpReplies.Error.BAD_REQUEST);
                return;
            }
            switch (transport.onGet(exchange)) {
                case ACCEPTED -> { }
                case INVALID -> HttpReplies.error(exchange, HttpReplies.Error.BAD_REQUEST);
                // A transport closed under an open session was replaced (an upgrade finished between the
                // lookup and here): the request is for the wrong transport, as if it had come a moment later.
                case CLOSED -> HttpReplies.error(exchange,
                        session.isClosed() ? HttpReplies.Error.UNKNOWN_SID : HttpReplies.Error.BAD_REQUEST);
                case DUPLICATE -> {
                    HttpReplies.error(exchange, HttpReplies.Error.DUPLICATE_POLL);
                    session.close(CloseReason.TRANSPORT_ERROR);
                }
            }
        } else if (session.isClosed()) {
            HttpReplies.error(exchange, HttpReplies.Error.UNKNOWN_SID);
        } else if (exchange.getRequestMethod().equals(Methods.POST)) {
            receivePost(exchange, session, transport);
        } else {
            HttpReplies.error(exchange, HttpReplies.Error.BAD_REQUEST);
        }
    }

    /**
     * Reads a POST body, refusing it with 413 as soon as it is over the limit, and hands its payload to
     * the transport, which answers it. Sizes are bytes: of the body, and of the payload decoded from a form.
     */
    private void receivePost(HttpServerExchange exchange, EngineSession session, HttpTransport transport) {
        int max = engine.options().maxPayload();
        boolean form = isForm(exchange);
        // A form field is percent-encoded: up to three bytes on the wire for each byte of payload.
        long limit = form ? 3L * max + 2 : max;
        if (exchange.getRequestContentLength() > limit) {
            HttpReplies.error(exchange, HttpReplies.Error.PAYLOAD_TOO_LARGE);
            session.close(CloseReason.PAYLOAD_TOO_LARGE);
            return;
        }
        BoundedBody.read(exchange, limit, options.requestBodyTimeout(), scheduler, (ex, body) -> {
            String payload = form ? FormBody.field(body, "d") : body;
            if (payload == null) {
                HttpReplies.error(ex, HttpReplies.Error.BAD_PAYLOAD);
                session.close(CloseReason.TRANSPORT_ERROR);
            } else if (form && Utf8.length(payload) > max) {
                HttpReplies.error(ex, HttpReplies.Error.PAYLOAD_TOO_LARGE);
                session.close(CloseReason.PAYLOAD_TOO_LARGE);
            } else {
                transport.onPost(ex, payload);
            }
        }, (ex, failure) -> {
            switch (failure) {
                case TOO_LARGE -> HttpReplies.error(ex, HttpReplies.Error.PAYLOAD_TOO_LARGE);
                // The rest of a late body is not waited for: the connection goes with the answer.
                case TIMED_OUT -> HttpReplies.errorAndClose(ex, HttpReplies.Error.BODY_TIMEOUT);
                case BROKEN -> HttpReplies.error(ex, HttpReplies.Error.BAD_REQUEST);
            }
            // A body cut on the way, or late, is sent again by an acknowledging client; any other client is gone.
            if (failure == BoundedBody.Failure.TOO_LARGE) {
                session.close(CloseReason.PAYLOAD_TOO_LARGE);
            } else if (!session.acking()) {
                session.close(CloseReason.TRANSPORT_ERROR);
            }
        });
    }

    private static boolean isForm(HttpServerExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    // ---------------------------------------------------------------- websocket

    private void handleWebSocket(HttpServerExchange exchange, EngineSession session, RequestInfo handshake) throws Exception {
        if (WebSocketHandshakeCheck.refuse(exchange)) {
            return;
        }
        String offset = param(exchange, "offset");
        long resumeAt = -1;
        if (offset != null) {
            resumeAt = Offsets.parse(offset);
            if (session == null || !session.canResume(EngineOptions.WEBSOCKET, resumeAt)) {
                HttpReplies.error(exchange, HttpReplies.Error.BAD_REQUEST);
                return;
            }
        }
        exchange.putAttachment(UPGRADE, new Upgrade(handshake, session, resumeAt));
        webSocketHandshake.handleRequest(exchange);
    }

    private void onWebSocket(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        Upgrade upgrade = exchange.getAttachment(UPGRADE);
        engine.webSocketOpened();
        channel.addCloseTask(ch -> engine.webSocketClosed());
        WebSocketTransport transport = new WebSocketTransport(channel);
        if (upgrade.session() == null) {
            engine.open(upgrade.request(), transport);
        } else if (upgrade.resumeAt() >= 0) {
            transport.attach(upgrade.session());
            transport.start(engine.options().maxPayload());
            // Checked again: the session may have moved on since the handshake was admitted.
            if (!upgrade.session().resume(transport, upgrade.resumeAt())) {
                transport.close(CloseReason.TRANSPORT_ERROR);
            }
            return;
        } else {
            transport.attach(upgrade.session());
            // A session upgrades once, and only from a transport that can be upgraded; any other WebSocket
            // for it is closed right after its handshake, as the reference server does.
            if (!upgrade.session().beginUpgrade(transport)) {
                transport.start(engine.options().maxPayload());
                transport.close(CloseReason.TRANSPORT_ERROR);
                return;
            }
        }
        transport.start(engine.options().maxPayload());
    }

    // ---------------------------------------------------------------- request data

    private static String param(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null ? null : values.peekFirst();
    }

    /**
     * What a session keeps of the request that opened it: what {@link io.comet.Handshake} shows, in
     * immutable array-backed maps. Its size is bounded by {@code maxHeaderBytes}, checked before.
     */
    private static RequestInfo requestInfo(HttpServerExchange exchange, RequestSource source) {
        Map<String, List<String>> headers = new HashMap<>();
        for (HeaderValues h : exchange.getRequestHeaders()) {
            headers.put(h.getHeaderName().toString().toLowerCase(Locale.ROOT), List.copyOf(h));
        }
        Map<String, String> query = QueryValues.of(exchange);
        String qs = exchange.getQueryString();
        String url = exchange.getRequestURI() + (qs == null || qs.isEmpty() ? "" : "?" + qs);
        return new RequestInfo(Map.copyOf(headers), Map.copyOf(query), source.client(), url, source.secure(),
                System.currentTimeMillis());
    }
}
