package io.comet.transport;

import io.comet.Socket;
import io.comet.test.PollingSession;
import io.comet.test.RawWebSocket;
import io.comet.test.TestServer;
import io.restassured.response.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.CompletableFuture;

import static io.comet.test.PollingSession.endpoint;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The upgrade from polling to WebSocket, packet by packet")
class WebSocketUpgradeTest {
    /** No ping within any test: a poll is answered only by what the upgrade does to it. */
    @RegisterExtension
    static final TestServer server = TestServer.with(b -> TestServer.withoutRecovery(b).pingInterval(60_000));

    /** The first ping comes a second after the handshake: the one thing a quiet session is sent. */
    @RegisterExtension
    static final TestServer pinging = TestServer.with(b -> b.pingInterval(1_000));

    @Test
    @DisplayName("a WebSocket opened without sid is a session of its own, opened with a packet without upgrades")
    void webSocketHandshake() {
        try (RawWebSocket ws = RawWebSocket.open(server, null)) {
            String open = ws.receive();

            assertTrue(open.startsWith("0{") && open.contains("\"upgrades\":[]"), open);
            ws.send("40");
            assertTrue(ws.receive().startsWith("40{\"sid\":"));
        }
    }

    @Test
    @DisplayName("probe, upgrade, and then the session's packets go over the WebSocket and polling is refused")
    void completeUpgrade() {
        PollingSession polling = PollingSession.open(server);
        Socket socket = server.sockets().socket(polling.connect()).orElseThrow();
        try (RawWebSocket ws = RawWebSocket.open(server, polling.sid())) {
            ws.send("2probe");
            assertEquals("3probe", ws.receive());
            assertEquals("6", polling.poll(), "the polling transport is released with a noop during the upgrade");

            ws.send("5");
            socket.emit("hello", "over websocket");

            assertEquals("42[\"hello\",\"over websocket\"]", ws.receive());
            assertEquals("websocket", socket.transport());
            polling.get().then().statusCode(400).body("code", equalTo(3));
        }
    }

    @Test
    @DisplayName("a poll already waiting when the probe arrives is released with a noop, so the client can send its upgrade")
    void pollWaitingAtTheProbeIsReleased() {
        PollingSession polling = PollingSession.open(server);
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(polling::poll);
        try (RawWebSocket ws = RawWebSocket.open(server, polling.sid())) {
            ws.send("2probe");
            assertEquals("3probe", ws.receive());
            assertEquals("6", waiting.join(), "the poll that was waiting (or arrived during the upgrade)");

            ws.send("5");
            ws.send("40");
            assertTrue(ws.receive().startsWith("40{\"sid\":"));
        }
    }

    /**
     * A client that sends probe and upgrade back to back, without waiting for the poll it has pending
     * (the public engine.io-protocol suite does this): however that poll's connection and the
     * WebSocket interleave on the server (poll held before the probe, or arriving between probe and
     * upgrade, or after), the poll is refused and the session goes on over the WebSocket. Repeated
     * because which interleaving happens varies from run to run.
     */
    @RepeatedTest(10)
    @DisplayName("a poll pending while the client sends probe and upgrade back to back is refused")
    void pollPendingAcrossAnEagerUpgradeIsRefused() {
        PollingSession polling = PollingSession.open(server);
        try (RawWebSocket ws = RawWebSocket.open(server, polling.sid())) {
            CompletableFuture<Response> pending = CompletableFuture.supplyAsync(polling::get);
            ws.send("2probe");
            ws.send("5");
            pending.join().then().statusCode(400).body("code", equalTo(3));
            assertEquals("3probe", ws.receive());
            ws.send("40");
            assertTrue(ws.receive().startsWith("40{\"sid\":"));
        }
    }

    @Test
    @DisplayName("a second upgrade of the same session while one is under way is closed after its handshake")
    void concurrentUpgradeRefused() {
        PollingSession polling = PollingSession.open(server);
        try (RawWebSocket ws = RawWebSocket.open(server, polling.sid())) {
            ws.send("2probe");
            assertEquals("3probe", ws.receive());

            try (RawWebSocket second = RawWebSocket.open(server, polling.sid())) {
                second.awaitClosed();
            }
            ws.send("5"); // the first upgrade is unharmed and completes
            ws.send("2");
            assertEquals("3", ws.receive());
        }
    }

    @Test
    @DisplayName("after an abandoned upgrade, polling goes on as before: a GET waits for data again")
    void abandonedUpgradeLeavesPollingWorking() {
        PollingSession polling = PollingSession.open(pinging);
        try (RawWebSocket ws = RawWebSocket.open(pinging, polling.sid())) {
            ws.send("2probe");
            assertEquals("3probe", ws.receive());

            ws.send("4not an upgrade"); // anything but the upgrade packet abandons the upgrade
            ws.awaitClosed();
        }

        // The session has nothing to send until its first ping: a working long-poll waits for it.
        assertEquals("2", polling.poll());
    }
}
