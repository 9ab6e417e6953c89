package io.comet.demo;

import io.comet.CometServer;
import io.comet.Socket;
import io.comet.engine.CloseReason;
import io.comet.engine.EngineOptions;
import io.comet.engine.EngineServer;
import io.comet.engine.EngineSession;
import io.comet.engine.SessionListener;
import io.comet.http.EdgeOptions;
import io.comet.http.EngineHttpHandler;
import io.comet.protocol.EnginePacket;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;

import java.net.InetSocketAddress;
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The protocol reference server that the public engine.io-protocol and socket.io-protocol test suites
 * run against (see docs/conformance.md): Socket.IO at {@code /socket.io/} and a bare Engine.IO echo
 * endpoint at {@code /engine.io/}, both with the suites' settings, on port 3000 by default.
 */
public final class ConformanceServer {
    static final long PING_INTERVAL = 300;
    static final long PING_TIMEOUT = 200;
    static final int MAX_PAYLOAD = 1_000_000;

    private final CometServer comet;
    private final ScheduledExecutorService engineTimers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "engine-echo-timer");
        t.setDaemon(true);
        return t;
    });
    private final EngineServer echo;
    private final Undertow undertow;

    public ConformanceServer(int port) {
        comet = CometServer.builder()
                .pingInterval(PING_INTERVAL).pingTimeout(PING_TIMEOUT).maxPayload(MAX_PAYLOAD)
                .connectTimeout(1000).allowedOrigins("*")
                // The public suites' reference server runs without connection state recovery: its packets
                // are compared as text, without the offsets recovery appends.
                .connectionStateRecovery(Duration.ZERO)
                .build();
        comet.sockets().onConnection(socket -> {
            socket.emit("auth", socket.handshake().auth());
            socket.on("message", (args, ack) -> socket.emit("message-back", args.toArray()));
            socket.on("message-with-ack", (args, ack) -> ack.send(args.toArray()));
        });
        comet.of("/custom").onConnection((Socket socket) -> socket.emit("auth", socket.handshake().auth()));

        EngineOptions engineOptions = new EngineOptions(PING_INTERVAL, PING_TIMEOUT, MAX_PAYLOAD, 10_000, 10_000, 4L << 20,
                Set.of(EngineOptions.POLLING, EngineOptions.WEBSOCKET));
        echo = new EngineServer(engineOptions, engineTimers, session -> session.listener(new Echo()));
        // The bare endpoint answers to the same edge settings as the Socket.IO one ("*" among them).
        HttpHandler engineEndpoint = new EngineHttpHandler(echo, EdgeOptions.of(comet.options()), engineTimers);
        HttpHandler routes = comet.handler(exchange -> {
            String path = exchange.getRequestPath();
            if (path.equals("/engine.io/") || path.equals("/engine.io")) {
                engineEndpoint.handleRequest(exchange);
            } else {
                exchange.setStatusCode(404);
                exchange.endExchange();
            }
        });
        undertow = Undertow.builder().addHttpListener(port, "0.0.0.0").setHandler(routes).build();
    }

    /** Sends every message back to its sender, text as text and binary as binary. */
    private static final class Echo implements SessionListener {
        @Override
        public void onMessage(EngineSession session, String text) {
            session.send(EnginePacket.message(text));
        }

        @Override
        public void onBinary(EngineSession session, byte[] data) {
            session.send(EnginePacket.binary(data));
        }

        @Override
        public void onClose(EngineSession session, CloseReason reason) {
        }
    }

    public ConformanceServer start() {
        undertow.start();
        return this;
    }

    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    public void stop() {
        echo.shutdown();
        comet.stop();
        undertow.stop();
        engineTimers.shutdownNow();
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        ConformanceServer server = new ConformanceServer(port).start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    }
}
